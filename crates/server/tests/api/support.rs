//! The test harness: a real server on a free port over a fresh database of either backend,
//! and a small HTTP client.

use std::net::TcpListener;
use std::path::PathBuf;

use actix_web::dev::ServerHandle;
use reqwest::{Method, StatusCode};
use salesops::config::Settings;
use salesops::db::{Backend, Db};
use salesops::state::AppState;
use serde_json::{Value, json};

pub const ADMIN_PASSWORD: &str = "admin-pass-123";
pub const PASSWORD: &str = "password-123";
/// The password an administrator gives a new user, to be changed at the first sign-in.
pub const INITIAL_PASSWORD: &str = "initial-pass-1";

pub use crate::people::Team;
pub use crate::pg_proxy::PgProxy;
pub use crate::resp::Resp;
pub use crate::test_db::TestDb;

pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new() -> TempDir {
        let path =
            std::env::temp_dir().join(format!("salesops-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir { path }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// How long a test client keeps an idle connection. The server answers 408 and closes a
/// connection whose first request has not come within 5 s (actix's client request timeout),
/// and the client sometimes opens a connection it then does not use (it races a new
/// connection against one being returned). Reused after those 5 s, such a connection fails
/// the request with "unexpected message" (seen once on a loaded machine); dropped after 2 s
/// idle, it is never reused.
pub const IDLE_CONNECTION: std::time::Duration = std::time::Duration::from_secs(2);

/// A running server and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub settings: Settings,
    /// Kept so the database lives as long as the app (instances over one database share it).
    _test_db: std::sync::Arc<TestDb>,
    handle: ServerHandle,
    _web: TempDir,
    /// The job runner, when the settings turn it on (`jobs: true`).
    pub runner: Option<salesops::jobs::runner::Runner>,
}

pub fn test_settings(database_url: &str, web_dir: PathBuf) -> Settings {
    Settings {
        bind: "127.0.0.1:0".to_owned(),
        database_url: database_url.to_owned(),
        data_dir: web_dir.clone(),
        jwt_secret: Some(format!("test-secret-{}", uuid::Uuid::new_v4()).into_bytes()),
        timezone: chrono_tz::Asia::Shanghai,
        admin_password: Some(ADMIN_PASSWORD.to_owned()),
        demo: false,
        demo_password: None,
        web_dir,
        log_json: false,
        db_pool_size: 4,
        plan_deadline: salesops_domain::period::WeeklyDeadline::PLAN,
        visit_radius_m: salesops_domain::visits::DEFAULT_SITE_RADIUS_M,
        report_deadline: salesops_domain::period::WeeklyDeadline::REPORT,
        trust_proxy: false,
        statement_timeout_ms: 15_000,
        files_url: None,
        company_name: salesops::config::DEFAULT_COMPANY_NAME.to_owned(),
        receipt_threshold_fen: salesops_domain::expenses::DEFAULT_RECEIPT_THRESHOLD_FEN,
        // Off: a test that wants the runner turns it on (`jobs.rs`), so the others see no
        // background writes.
        jobs: false,
        job_tick_ms: 50,
        job_backoff_ms: 20,
        job_lease_ms: 60_000,
        webhooks: salesops::config::WebhookSettings::default(),
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        let test_db = TestDb::migrated(backend);
        let url = test_db.url.clone();
        TestApp::spawn_on(test_db, &url).await
    }

    /// Starts the app with some settings changed (deadlines, radius …).
    pub async fn spawn_with(backend: Backend, change: impl FnOnce(&mut Settings)) -> TestApp {
        let test_db = TestDb::migrated(backend);
        let url = test_db.url.clone();
        TestApp::start(test_db, &url, change).await
    }

    /// Starts the app over `test_db`, connecting through `url` (which may be a proxy).
    pub async fn spawn_on(test_db: TestDb, url: &str) -> TestApp {
        TestApp::start(test_db, url, |_| {}).await
    }

    /// [`TestApp::spawn_on`] with some settings changed (the statement timeout …).
    pub async fn spawn_on_with(
        test_db: TestDb,
        url: &str,
        change: impl FnOnce(&mut Settings),
    ) -> TestApp {
        TestApp::start(test_db, url, change).await
    }

    /// Starts the app over `test_db` (through `url`) with some settings changed.
    pub async fn start(test_db: TestDb, url: &str, change: impl FnOnce(&mut Settings)) -> TestApp {
        let web = TempDir::new();
        std::fs::write(
            web.path.join("index.html"),
            "<!doctype html><title>salesops</title><div id=app></div>",
        )
        .expect("index.html");
        let mut settings = test_settings(url, web.path.clone());
        change(&mut settings);
        {
            // Set up over the direct address: this thread also drives any proxy in `url`.
            let direct = Db::connect(&test_db.url, 1).expect("pool");
            direct.migrate().expect("migrations");
            let mut conn = direct.get().expect("connection");
            salesops::bootstrap::ensure_admin(&mut conn, Some(ADMIN_PASSWORD)).expect("admin");
            salesops::rubrics::ensure_shipped(&mut conn).expect("shipped rubrics");
        }
        let db = Db::connect_with(url, settings.db_pool_size, settings.statement_timeout_ms)
            .expect("pool");
        let secret = settings.jwt_secret.clone().unwrap_or_default();
        TestApp::serve(std::sync::Arc::new(test_db), db, settings, &secret, web)
    }

    /// Serves one more instance of the app over a database already prepared (as `main` does
    /// after `bootstrap::start_up`); instances over one database share `test_db`.
    pub fn serve_prepared(
        test_db: std::sync::Arc<TestDb>,
        db: Db,
        mut settings: Settings,
        secret: &[u8],
    ) -> TestApp {
        let web = TempDir::new();
        std::fs::write(
            web.path.join("index.html"),
            "<!doctype html><title>salesops</title><div id=app></div>",
        )
        .expect("index.html");
        settings.web_dir = web.path.clone();
        TestApp::serve(test_db, db, settings, secret, web)
    }

    fn serve(
        test_db: std::sync::Arc<TestDb>,
        db: Db,
        settings: Settings,
        secret: &[u8],
        web: TempDir,
    ) -> TestApp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let state = AppState::new(db.clone(), std::sync::Arc::new(settings.clone()), secret)
            .expect("state");
        let runner = salesops::jobs::runner::start(state.db.clone(), state.settings.clone());
        let server = salesops::app::serve(listener, state).expect("server");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(IDLE_CONNECTION)
                .build()
                .expect("client"),
            db,
            settings,
            _test_db: test_db,
            handle,
            _web: web,
            runner,
        }
    }

    /// A second instance of the app over this one's database (its own pool, same settings),
    /// as a second server on one PostgreSQL or one SQLite file would be.
    pub fn another_instance(&self) -> TestApp {
        let db =
            Db::connect(&self.settings.database_url, self.settings.db_pool_size).expect("pool");
        let secret = self.settings.jwt_secret.clone().unwrap_or_default();
        TestApp::serve_prepared(self._test_db.clone(), db, self.settings.clone(), &secret)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Resp {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        Resp::from(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.request(Method::POST, path, Some(token), Some(&body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Resp {
        self.request(Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Resp {
        self.request(Method::PUT, path, Some(token), Some(&body))
            .await
    }

    pub async fn login_raw(&self, username: &str, password: &str) -> Resp {
        self.request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(&json!({ "username": username, "password": password })),
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Session {
        let res = self.login_raw(username, password).await;
        assert_eq!(res.status, StatusCode::OK, "login {username}: {}", res.body);
        Session {
            token: res.str("access_token"),
            refresh: res.str("refresh_token"),
            user_id: res.body["user"]["id"].as_i64().expect("user id"),
        }
    }

    pub async fn admin(&self) -> Session {
        self.login("admin", ADMIN_PASSWORD).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stops accepting at once; the runtime ends with the test.
        drop(self.handle.stop(false));
        if let Some(runner) = &self.runner {
            runner.signal_stop();
        }
    }
}

pub struct Session {
    pub token: String,
    pub refresh: String,
    pub user_id: i64,
}

/// Defines each listed scenario `async fn name(backend: Backend)` as two tests, one per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name(salesops::db::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name(salesops::db::Backend::Postgres).await
                }
            )*
        }
    };
}
