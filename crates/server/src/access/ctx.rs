//! The request context: who calls ([`Caller`], from the token, before any database work),
//! and what every service receives ([`Ctx`]: the admitted principal, the settings, the time).

use std::ops::Deref;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use chrono::{NaiveDate, NaiveDateTime};
use futures_util::future::{Ready, ready};

use crate::access::Principal;
use crate::access::api_key::is_api_key;
use crate::access::key_routes::{KeyRoute, key_route};
use crate::clock;
use crate::config::Settings;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::request_id::RequestId;
use crate::state::AppState;

/// Who an audit event names: a signed-in user, or the system itself (bootstrap, demo).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub request_id: Option<String>,
}

impl Actor {
    pub const SYSTEM: Actor = Actor {
        user_id: None,
        request_id: None,
    };
}

/// What a service knows of the request: the principal (also reachable through `Deref`, so
/// `ctx.user_id` and `ctx.require(…)` read as the caller's), the settings, and one `now` for
/// the whole request.
pub struct Ctx {
    pub principal: Principal,
    pub settings: Arc<Settings>,
    pub now: NaiveDateTime,
}

impl Deref for Ctx {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl Ctx {
    pub fn new(principal: Principal, settings: Arc<Settings>) -> Ctx {
        Ctx {
            principal,
            settings,
            now: clock::now(),
        }
    }

    /// The audit trail's name for the caller.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.principal.user_id),
            request_id: self.principal.request_id.clone(),
        }
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.settings.timezone
    }

    /// Today in the business time zone.
    pub fn today(&self) -> NaiveDate {
        clock::utc(self.now).with_timezone(&self.tz()).date_naive()
    }

    /// The context of the system acting as an enabled user (demo seeding, tools).
    pub fn as_user(conn: &mut DbConn, user_id: i64, settings: Arc<Settings>) -> AppResult<Ctx> {
        Ok(Ctx::new(Principal::of_user(conn, user_id)?, settings))
    }
}

/// The caller as the access token (or API key) names them, verified but not yet admitted:
/// admission (live session or key, enabled user, roles, teams) happens in [`Caller::run`], in the same database task
/// as the handler's own work, so a request takes one connection from the pool once.
pub struct Caller {
    state: Data<AppState>,
    credential: Credential,
    request_id: Option<String>,
    /// The few calls allowed while a password set by someone else waits to be changed.
    allowed_before_password_change: bool,
}

/// What the bearer token is: a verified access token of a session, or an API key (checked
/// against the database on admission) with what the route asks of a key.
#[derive(Clone)]
enum Credential {
    Session { user_id: i64, session_id: i64 },
    ApiKey { key: String, route: KeyRoute },
}

impl Caller {
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Admits the caller and runs `f` with their context, on one pooled connection.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &Ctx) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let settings = self.state.settings.clone();
        let credential = self.credential.clone();
        let request_id = self.request_id.clone();
        let allowed = self.allowed_before_password_change;
        self.state
            .db
            .run(move |conn| {
                let principal = match credential {
                    Credential::Session {
                        user_id,
                        session_id,
                    } => Principal::load(conn, user_id, session_id, request_id)?,
                    Credential::ApiKey { key, route } => {
                        let principal = Principal::load_key(conn, &key, clock::now(), request_id)?;
                        match route {
                            KeyRoute::Open => {}
                            KeyRoute::Needs(capability) => {
                                principal.require_key_scope(capability)?
                            }
                            KeyRoute::Closed => {
                                return Err(AppError::forbidden(
                                    "an API key cannot do this: signing out, passwords, users, \
                                     teams, handovers, the audit trail and API keys need a \
                                     signed-in person",
                                ));
                            }
                        }
                        principal
                    }
                };
                if principal.must_change_password && !allowed {
                    return Err(AppError::Forbidden {
                        code: "password_change_required",
                        detail:
                            "change the password you were given first (PUT /api/v1/me/password)"
                                .to_owned(),
                    });
                }
                f(conn, &Ctx::new(principal, settings))
            })
            .await
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn allowed_before_password_change(req: &HttpRequest) -> bool {
    matches!(
        (req.method(), req.path()),
        (&Method::PUT, "/api/v1/me/password")
            | (&Method::GET, "/api/v1/me")
            | (&Method::POST, "/api/v1/auth/logout")
    )
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready((|| {
            let state = req
                .app_data::<Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Internal("state missing".to_owned()))?;
            let token = bearer(req).ok_or(AppError::Unauthorized {
                code: "unauthenticated",
                detail: "sign in and send `Authorization: Bearer <access token>`".to_owned(),
            })?;
            let credential = if is_api_key(&token) {
                Credential::ApiKey {
                    route: key_route(req.method(), req.path()),
                    key: token,
                }
            } else {
                let claims = state.tokens.verify(&token)?;
                let user_id: i64 = claims.sub.parse().map_err(|_| AppError::Unauthorized {
                    code: "invalid_token",
                    detail: "the access token is not valid".to_owned(),
                })?;
                Credential::Session {
                    user_id,
                    session_id: claims.sid,
                }
            };
            Ok(Caller {
                credential,
                request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
                allowed_before_password_change: allowed_before_password_change(req),
                state,
            })
        })())
    }
}
