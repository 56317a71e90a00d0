//! The audit trail: every write of business data records who, what, before and after, in the
//! same transaction as the write.

pub mod queries;
pub mod routes;

use diesel::prelude::*;
use serde::Serialize;

use crate::auth::Principal;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::audit_events;
use crate::error::AppResult;

/// Who is acting: a signed-in user, or the system itself (bootstrap, demo seeding).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub request_id: Option<String>,
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Actor {
        Actor {
            user_id: Some(p.user_id),
            request_id: p.request_id.clone(),
        }
    }
}

impl Actor {
    pub const SYSTEM: Actor = Actor {
        user_id: None,
        request_id: None,
    };
}

/// Records one audit event. Call it inside the transaction that makes the change.
pub fn record<B: Serialize, A: Serialize>(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    entity_id: impl ToString,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    let before_json = before
        .map(serde_json::to_string)
        .transpose()
        .map_err(json_err)?;
    let after_json = after
        .map(serde_json::to_string)
        .transpose()
        .map_err(json_err)?;
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::actor_id.eq(actor.user_id),
            audit_events::action.eq(action),
            audit_events::entity_type.eq(entity_type),
            audit_events::entity_id.eq(entity_id.to_string()),
            audit_events::before_json.eq(before_json),
            audit_events::after_json.eq(after_json),
            audit_events::request_id.eq(actor.request_id.as_deref()),
            audit_events::created_at.eq(clock::now()),
        ))
        .execute(conn)?;
    Ok(())
}

fn json_err(e: serde_json::Error) -> crate::error::AppError {
    crate::error::AppError::Internal(format!("audit serialisation: {e}"))
}
