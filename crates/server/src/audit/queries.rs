use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::audit::{AuditEventDto, AuditQuery};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::DbConn;
use crate::db::list;
use crate::db::schema::audit_events;
use crate::db::types::Json;
use crate::error::AppResult;

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_events)]
struct AuditRow {
    id: i64,
    actor_id: Option<i64>,
    action: String,
    entity_type: String,
    entity_id: String,
    before_json: Option<Json<serde_json::Value>>,
    after_json: Option<Json<serde_json::Value>>,
    request_id: Option<String>,
    created_at: NaiveDateTime,
}

impl From<AuditRow> for AuditEventDto {
    fn from(r: AuditRow) -> Self {
        AuditEventDto {
            id: r.id,
            actor_id: r.actor_id,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: r.before_json.map(|j| j.0),
            after: r.after_json.map(|j| j.0),
            request_id: r.request_id,
            created_at: clock::utc(r.created_at),
        }
    }
}

/// Newest first; ties broken by id so pages are stable.
pub fn list(
    conn: &mut DbConn,
    filter: &AuditQuery,
    page: &PageQuery,
) -> AppResult<Page<AuditEventDto>> {
    let build = || {
        let mut q = audit_events::table.into_boxed();
        if let Some(t) = &filter.entity_type {
            q = q.filter(audit_events::entity_type.eq(t.clone()));
        }
        if let Some(id) = &filter.entity_id {
            q = q.filter(audit_events::entity_id.eq(id.clone()));
        }
        if let Some(actor) = filter.actor_id {
            q = q.filter(audit_events::actor_id.eq(actor));
        }
        if let Some(from) = filter.from {
            q = q.filter(audit_events::created_at.ge(from.naive_utc()));
        }
        if let Some(to) = filter.to {
            q = q.filter(audit_events::created_at.lt(to.naive_utc()));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = audit_events::id,
        changed = audit_events::created_at,
        order = (audit_events::created_at.desc(), audit_events::id.desc()),
        select = AuditRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.into()))
}
