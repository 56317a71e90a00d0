//! Rubrics (考核细则, issue 13): `/rubrics`, every role's versions; admin adds one.

use gloo_net::http::Method;
use salesops_domain::scoring::rubric::{RubricDto, RubricRequest, RubricRole};

use super::{Api, ApiError, Call};

impl Api {
    /// A role's rubric versions, newest first.
    pub async fn rubrics(&self, role: RubricRole) -> Result<Vec<RubricDto>, ApiError> {
        let mut list: Vec<RubricDto> = self
            .fetch(Call::new(Method::GET, "/rubrics").query("role", role.as_str()))
            .await?;
        list.sort_by_key(|r| std::cmp::Reverse(r.version));
        Ok(list)
    }

    pub async fn create_rubric(&self, request: &RubricRequest) -> Result<RubricDto, ApiError> {
        self.post("/rubrics", request).await
    }
}
