//! The one place a request becomes a principal: the signed-in user, their roles and the scope
//! of records they may see. Features ask the principal instead of re-implementing scope.

use std::collections::BTreeSet;

use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use diesel::prelude::*;
use futures_util::future::LocalBoxFuture;
use salesops_domain::Role;
use salesops_domain::teams::teams_in_scope;

use crate::auth::queries as auth_q;
use crate::db::DbConn;
use crate::db::schema::{teams, users};
use crate::error::{AppError, AppResult};
use crate::http::request_id::RequestId;
use crate::state::AppState;
use crate::users::queries as users_q;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub session_id: i64,
    pub roles: Vec<Role>,
    pub team_id: Option<i64>,
    /// Teams whose members' records a manager may see (those they manage, recursively).
    pub managed_teams: BTreeSet<i64>,
    pub request_id: Option<String>,
}

/// Who may be seen: everybody, or the caller plus the members of some teams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerScope {
    All,
    Users { me: i64, teams: BTreeSet<i64> },
}

impl Principal {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }

    /// 403 unless the caller holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> AppResult<()> {
        if roles.iter().any(|r| self.has(*r)) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "this needs one of the roles: {}",
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    }

    /// The owners whose records this caller may see: admin all; a manager themself and the
    /// members of the teams they manage; anyone else only themself.
    pub fn owner_scope(&self) -> OwnerScope {
        if self.is_admin() {
            OwnerScope::All
        } else {
            OwnerScope::Users {
                me: self.user_id,
                teams: self.managed_teams.clone(),
            }
        }
    }

    /// The owners whose records this caller may see, for list filters: `None` means everyone
    /// (admin); otherwise the caller and the members of the teams they manage, sorted.
    pub fn visible_owners(&self, conn: &mut DbConn) -> AppResult<Option<Vec<i64>>> {
        match self.owner_scope() {
            OwnerScope::All => Ok(None),
            OwnerScope::Users { me, teams } => {
                let mut ids = vec![me];
                if !teams.is_empty() {
                    let members: Vec<i64> = users::table
                        .filter(users::team_id.eq_any(teams.into_iter().collect::<Vec<_>>()))
                        .select(users::id)
                        .load(conn)?;
                    ids.extend(members);
                }
                ids.sort_unstable();
                ids.dedup();
                Ok(Some(ids))
            }
        }
    }

    /// Whether records owned by `owner_id` are in this caller's scope.
    pub fn may_access_owner(&self, conn: &mut DbConn, owner_id: i64) -> AppResult<bool> {
        match self.owner_scope() {
            OwnerScope::All => Ok(true),
            OwnerScope::Users { me, .. } if me == owner_id => Ok(true),
            OwnerScope::Users { teams, .. } if teams.is_empty() => Ok(false),
            OwnerScope::Users { teams, .. } => {
                Ok(users_q::team_of(conn, owner_id)?.is_some_and(|t| teams.contains(&t)))
            }
        }
    }

    /// Whether the caller manages `owner_id` (scope through teams, never themself).
    pub fn manages(&self, conn: &mut DbConn, owner_id: i64) -> AppResult<bool> {
        if owner_id == self.user_id || self.managed_teams.is_empty() {
            return Ok(false);
        }
        Ok(users_q::team_of(conn, owner_id)?.is_some_and(|t| self.managed_teams.contains(&t)))
    }

    /// 404 unless records owned by `owner_id` are in scope.
    pub fn ensure_owner_in_scope(
        &self,
        conn: &mut DbConn,
        owner_id: i64,
        entity: &'static str,
    ) -> AppResult<()> {
        if self.may_access_owner(conn, owner_id)? {
            Ok(())
        } else {
            Err(AppError::NotFound(entity))
        }
    }

    /// Loads the principal for a verified token: the session must be live and the user enabled.
    pub fn load(
        conn: &mut DbConn,
        user_id: i64,
        session_id: i64,
        request_id: Option<String>,
    ) -> AppResult<Principal> {
        let Some((team_id, role_names)) = auth_q::live_session(conn, session_id, user_id)? else {
            return Err(AppError::Unauthorized {
                code: "session_revoked",
                detail: "the session has ended; sign in again".to_owned(),
            });
        };
        // Unknown role names in the table are skipped rather than failing the request.
        let mut roles: Vec<Role> = role_names.iter().filter_map(|r| r.parse().ok()).collect();
        roles.sort();
        let managed_teams = if roles.contains(&Role::Manager) {
            let all: Vec<(i64, Option<i64>, Option<i64>)> = teams::table
                .select((teams::id, teams::parent_id, teams::manager_id))
                .load(conn)?;
            teams_in_scope(user_id, &all)
        } else {
            BTreeSet::new()
        };
        Ok(Principal {
            user_id,
            session_id,
            roles,
            team_id,
            managed_teams,
            request_id,
        })
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

impl FromRequest for Principal {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<Data<AppState>>().cloned();
        let token = bearer(req);
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::Internal("state missing".to_owned()))?;
            let token = token.ok_or(AppError::Unauthorized {
                code: "unauthenticated",
                detail: "sign in and send `Authorization: Bearer <access token>`".to_owned(),
            })?;
            let claims = state.tokens.verify(&token)?;
            let user_id: i64 = claims.sub.parse().map_err(|_| AppError::Unauthorized {
                code: "invalid_token",
                detail: "the access token is not valid".to_owned(),
            })?;
            let sid = claims.sid;
            state
                .db
                .run(move |conn| Principal::load(conn, user_id, sid, request_id))
                .await
        })
    }
}
