//! The audit walk's steps for API keys: admin creates one for sp1 and revokes it.

use reqwest::Method;
use serde_json::json;

use super::driver::{Body, Walk};
use crate::support::Team;

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let admin = t.admin.clone();
    let key = w
        .post(
            "/api/v1/api-keys",
            None,
            &admin,
            json!({"name": "导出", "owner_id": t.sp1_id, "scopes": ["clients:read"]}),
        )
        .await
        .id();
    w.send(
        Method::DELETE,
        "/api/v1/api-keys/{id}",
        Some(key),
        "",
        &admin,
        Body::None,
    )
    .await;
}
