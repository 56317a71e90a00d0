//! The scores' inputs over HTTP (issue 13): attendance and its summary, trainings with their
//! assessments and the retraining list.

mod attendance;
mod trainings;

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::Value;

use crate::support::{PASSWORD, Team, TestApp};

/// A team (manager `boss` over `sp1`, `sp2`); HR; and another team (manager `boss2` over
/// `out1`).
pub struct Inputs {
    pub app: TestApp,
    pub t: Team,
    pub sp2_id: i64,
    pub hr: String,
    pub hr_id: i64,
    pub boss2: String,
    pub out1_id: i64,
}

impl Inputs {
    pub async fn new(b: Backend) -> Inputs {
        let app = TestApp::spawn(b).await;
        let t = Team::new(&app, 2).await;
        let hr_id = app.seed_user("hr", &[Role::Hr], None);
        let boss2_id = app.seed_user("boss2", &[Role::Manager], None);
        let other = app.seed_team("华南二部", Some(boss2_id), None);
        let out1_id = app.seed_user("out1", &[Role::Salesperson], Some(other));
        let sp2_id = app.login("sp2", PASSWORD).await.user_id;
        Inputs {
            hr: app.login("hr", PASSWORD).await.token,
            boss2: app.login("boss2", PASSWORD).await.token,
            app,
            t,
            sp2_id,
            hr_id,
            out1_id,
        }
    }

    pub async fn get(&self, token: &str, path: &str) -> Value {
        let res = self.app.get(path, token).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.text);
        res.body
    }
}
