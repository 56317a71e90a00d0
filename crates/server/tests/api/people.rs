//! People for tests: users and teams created through the API (as a user would) or seeded
//! straight into the database (fast fixtures), and the usual team of a manager and salespeople.

use reqwest::StatusCode;
use salesops_domain::Role;
use serde_json::json;

use crate::support::{INITIAL_PASSWORD, PASSWORD, TestApp};

impl TestApp {
    /// Creates a user through the API (as admin) with [`INITIAL_PASSWORD`], then signs in as
    /// them and changes it to [`PASSWORD`] (the forced change of a first sign-in). Returns
    /// the id.
    pub async fn create_user(
        &self,
        admin: &str,
        username: &str,
        roles: &[&str],
        team_id: Option<i64>,
    ) -> i64 {
        let res = self
            .post(
                "/api/v1/users",
                admin,
                json!({
                    "username": username,
                    "display_name": format!("User {username}"),
                    "password": INITIAL_PASSWORD,
                    "roles": roles,
                    "team_id": team_id,
                }),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "create {username}: {}",
            res.body
        );
        let first = self.login(username, INITIAL_PASSWORD).await;
        let changed = self
            .put(
                "/api/v1/me/password",
                &first.token,
                json!({"current_password": INITIAL_PASSWORD, "new_password": PASSWORD}),
            )
            .await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
        res.id()
    }

    /// Inserts a user straight into the database, signed-in-ready with [`PASSWORD`] (a fast
    /// fixture: no HTTP, one shared password hash). Returns the id.
    pub fn seed_user(&self, username: &str, roles: &[Role], team_id: Option<i64>) -> i64 {
        static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let hash = HASH.get_or_init(|| salesops::access::password::hash(PASSWORD).expect("hash"));
        let mut conn = self.db.get().expect("connection");
        salesops::db::write(&mut conn, |tx| {
            salesops::users::create_system_user(
                tx,
                username,
                &format!("User {username}"),
                hash,
                roles,
                team_id,
            )
        })
        .expect("seed user")
    }

    /// Inserts a team straight into the database. Returns the id.
    pub fn seed_team(&self, name: &str, manager_id: Option<i64>, parent_id: Option<i64>) -> i64 {
        use diesel::prelude::*;
        use salesops::db::schema::{teams, users};
        let mut conn = self.db.get().expect("connection");
        salesops::db::write(&mut conn, |tx| {
            let now = salesops::clock::now();
            let id: i64 = diesel::insert_into(teams::table)
                .values((
                    teams::name.eq(name),
                    teams::region.eq(Some("华东")),
                    teams::manager_id.eq(manager_id),
                    teams::parent_id.eq(parent_id),
                    teams::created_at.eq(now),
                    teams::updated_at.eq(now),
                ))
                .returning(teams::id)
                .get_result(tx.conn())?;
            if let Some(m) = manager_id {
                diesel::update(users::table.find(m).filter(users::team_id.is_null()))
                    .set(users::team_id.eq(Some(id)))
                    .execute(tx.conn())?;
            }
            Ok(id)
        })
        .expect("seed team")
    }

    pub async fn create_team(
        &self,
        admin: &str,
        name: &str,
        manager_id: Option<i64>,
        parent_id: Option<i64>,
    ) -> i64 {
        let res = self
            .post(
                "/api/v1/teams",
                admin,
                json!({ "name": name, "region": "华东", "manager_id": manager_id, "parent_id": parent_id }),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::CREATED,
            "create team {name}: {}",
            res.body
        );
        res.id()
    }
}

/// A team for feature tests: manager `boss` over `sp1`, `sp2` (and `sp3` when asked for).
pub struct Team {
    pub admin: String,
    pub boss: String,
    pub boss_id: i64,
    pub team_id: i64,
    pub sp1: String,
    pub sp1_id: i64,
    pub sp2: String,
    sp3: Option<String>,
}

impl Team {
    /// The team, seeded straight into the database (only the sign-ins go through HTTP).
    pub async fn new(app: &TestApp, salespeople: usize) -> Team {
        let admin = app.admin().await.token;
        let boss_id = app.seed_user("boss", &[Role::Manager], None);
        let team_id = app.seed_team("华东一部", Some(boss_id), None);
        let sp1_id = app.seed_user("sp1", &[Role::Salesperson], Some(team_id));
        app.seed_user("sp2", &[Role::Salesperson], Some(team_id));
        let sp3 = if salespeople >= 3 {
            app.seed_user("sp3", &[Role::Salesperson], Some(team_id));
            Some(app.login("sp3", PASSWORD).await.token)
        } else {
            None
        };
        Team {
            boss: app.login("boss", PASSWORD).await.token,
            sp1: app.login("sp1", PASSWORD).await.token,
            sp2: app.login("sp2", PASSWORD).await.token,
            sp3,
            admin,
            boss_id,
            team_id,
            sp1_id,
        }
    }

    pub fn sp3(&self) -> &str {
        self.sp3
            .as_deref()
            .expect("a team made with three salespeople")
    }
}
