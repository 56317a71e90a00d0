//! The principal: the signed-in user, their roles and the scope of records they may see.

use std::collections::BTreeSet;

use diesel::prelude::*;
use salesops_domain::api_keys::ApiScope;
use salesops_domain::teams::teams_in_scope;
use salesops_domain::workflow::Standing;
use salesops_domain::{Capability, Role};

use crate::access::api_key::KeyGrant;
use crate::access::queries::{self as q, Admitted};
use crate::db::DbConn;
use crate::db::schema::{teams, users};
use crate::error::{AppError, AppResult};

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
    /// Set by someone else: every call but changing it answers 403 until it is changed.
    pub must_change_password: bool,
    /// Set when the caller is an API key acting for the user: every capability must then
    /// also be granted by the key's scopes.
    pub api_key: Option<KeyGrant>,
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

    /// 403 unless the caller's roles hold `capability` (the capability table) and, for an
    /// API key, its scopes grant it too.
    pub fn require(&self, capability: Capability) -> AppResult<()> {
        if !capability.allows(&self.roles) {
            return Err(AppError::forbidden(format!(
                "`{capability}` needs one of the roles: {}",
                capability
                    .roles()
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        self.require_key_scope(capability)
    }

    /// 403 naming the missing scope when the caller is an API key whose scopes do not grant
    /// `capability`; `Ok` for a signed-in user (their roles decide alone).
    pub fn require_key_scope(&self, capability: Capability) -> AppResult<()> {
        let Some(key) = &self.api_key else {
            return Ok(());
        };
        if ApiScope::any_grants(&key.scopes, capability) {
            return Ok(());
        }
        let granting: Vec<&str> = ApiScope::granting(capability)
            .into_iter()
            .map(ApiScope::as_str)
            .collect();
        Err(AppError::forbidden(if granting.is_empty() {
            format!("`{capability}` is never granted through an API key")
        } else {
            format!(
                "this API key lacks the scope `{}` (`{capability}` is granted by: {})",
                granting.first().copied().unwrap_or_default(),
                granting.join(", ")
            )
        }))
    }

    /// Where the caller stands towards a document owned by `owner_id` (for the workflow).
    pub fn standing(&self, conn: &mut DbConn, owner_id: i64) -> AppResult<Standing<'_>> {
        Ok(Standing {
            is_owner: owner_id == self.user_id,
            manages_owner: self.manages(conn, owner_id)?,
            roles: &self.roles,
        })
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

    /// The scope of money documents (claims, advances, supplements, budgets, receipts):
    /// finance pays everyone, so finance sees everyone's as admin does.
    pub fn money_scope(&self) -> OwnerScope {
        if self.has(Role::Finance) {
            OwnerScope::All
        } else {
            self.owner_scope()
        }
    }

    /// The owners whose records this caller may see, for list filters: `None` means everyone
    /// (admin); otherwise the caller and the members of the teams they manage, sorted.
    pub fn visible_owners(&self, conn: &mut DbConn) -> AppResult<Option<Vec<i64>>> {
        Self::owners_in(conn, self.owner_scope())
    }

    /// The owners within `scope`, for list filters (`None`: everyone).
    pub fn owners_in(conn: &mut DbConn, scope: OwnerScope) -> AppResult<Option<Vec<i64>>> {
        match scope {
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
        Self::owner_within(conn, &self.owner_scope(), owner_id)
    }

    /// Whether `owner_id` lies within `scope`.
    pub fn owner_within(conn: &mut DbConn, scope: &OwnerScope, owner_id: i64) -> AppResult<bool> {
        match scope {
            OwnerScope::All => Ok(true),
            OwnerScope::Users { me, .. } if *me == owner_id => Ok(true),
            OwnerScope::Users { teams, .. } if teams.is_empty() => Ok(false),
            OwnerScope::Users { teams, .. } => {
                Ok(q::team_of(conn, owner_id)?.is_some_and(|t| teams.contains(&t)))
            }
        }
    }

    /// Whether the caller manages `owner_id` (scope through teams, never themself).
    pub fn manages(&self, conn: &mut DbConn, owner_id: i64) -> AppResult<bool> {
        if owner_id == self.user_id || self.managed_teams.is_empty() {
            return Ok(false);
        }
        Ok(q::team_of(conn, owner_id)?.is_some_and(|t| self.managed_teams.contains(&t)))
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
        let Some(admitted) = q::live_session(conn, session_id, user_id)? else {
            return Err(AppError::Unauthorized {
                code: "session_revoked",
                detail: "the session has ended; sign in again".to_owned(),
            });
        };
        Principal::admit(conn, user_id, session_id, request_id, admitted)
    }

    /// Loads the principal for an API key: the key must be live and unexpired and its owner
    /// enabled (read now, like a session's user, so disabling the owner stops the key).
    pub fn load_key(
        conn: &mut DbConn,
        token: &str,
        now: chrono::NaiveDateTime,
        request_id: Option<String>,
    ) -> AppResult<Principal> {
        let (owner_id, grant) = crate::access::api_key::admit(conn, token, now)?;
        let Some(admitted) = q::enabled_user(conn, owner_id)? else {
            return Err(AppError::Unauthorized {
                code: "invalid_token",
                detail: "the API key's owner is disabled".to_owned(),
            });
        };
        let mut principal = Principal::admit(conn, owner_id, 0, request_id, admitted)?;
        principal.api_key = Some(grant);
        Ok(principal)
    }

    /// The principal of an enabled user without a session: the system acting in their name
    /// (demo seeding). 404 for an unknown or disabled user.
    pub fn of_user(conn: &mut DbConn, user_id: i64) -> AppResult<Principal> {
        let admitted = q::enabled_user(conn, user_id)?.ok_or(AppError::NotFound("user"))?;
        Principal::admit(conn, user_id, 0, None, admitted)
    }

    fn admit(
        conn: &mut DbConn,
        user_id: i64,
        session_id: i64,
        request_id: Option<String>,
        admitted: Admitted,
    ) -> AppResult<Principal> {
        let mut roles = admitted.roles;
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
            team_id: admitted.team_id,
            managed_teams,
            request_id,
            must_change_password: admitted.must_change_password,
            api_key: None,
        })
    }
}
