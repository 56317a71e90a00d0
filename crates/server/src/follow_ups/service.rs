//! Follow-up use cases: record one on a client in scope (moving its cadence), list them, and
//! export the call and letter registers.

use diesel::prelude::*;
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpDto, FollowUpListQuery};
use salesops_domain::{Page, PageQuery};
use serde_json::json;

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::cases::service as cases;
use crate::clients::scope::{self, local_day};
use crate::clients::service::clean;
use crate::clients::{cadence, csv};
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::clients;
use crate::error::{AppError, AppResult};
use crate::follow_ups::queries::{self as q, NewFollowUp};

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    client_id: i64,
    req: &CreateFollowUpRequest,
    tz: chrono_tz::Tz,
) -> AppResult<FollowUpDto> {
    let complaint = clean(req.complaint.as_deref());
    if req.open_case && complaint.is_none() {
        return Err(AppError::validation(
            "complaint",
            "required",
            "write the complaint to open a case from it",
        ));
    }
    crate::db::transaction(conn, |c| {
        let client = scope::client_in_scope(c, principal, client_id)?;
        let now = clock::now();
        let occurred_at = req.occurred_at.map_or(now, |t| t.naive_utc());
        let id = q::insert(
            c,
            &NewFollowUp {
                client_id,
                author_id: principal.user_id,
                kind: req.kind.as_str().to_owned(),
                occurred_at,
                occurred_on: local_day(occurred_at, tz).format("%Y-%m-%d").to_string(),
                summary: req.summary.trim().to_owned(),
                needs: clean(req.needs.as_deref()),
                complaint: complaint.clone(),
                next_step: clean(req.next_step.as_deref()),
                next_follow_up_date: req
                    .next_follow_up_date
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                created_at: now,
            },
        )?;
        let last = client
            .last_follow_up_at
            .map_or(occurred_at, |t| t.max(occurred_at));
        diesel::update(clients::table.find(client_id))
            .set(clients::last_follow_up_at.eq(Some(last)))
            .execute(c)?;
        cadence::refresh(c, client_id, tz)?;
        let (row, name) = q::find(c, id)?.ok_or(AppError::NotFound("follow-up"))?;
        let dto = q::to_dto(row, name);
        let actor = Actor::from(principal);
        audit::record::<(), _>(
            c,
            &actor,
            "follow_up.create",
            "follow_up",
            id,
            None,
            Some(&dto),
        )?;
        if let (true, Some(text)) = (req.open_case, complaint) {
            cases::open_in_tx(c, &actor, client_id, Some(id), &text)?;
        }
        Ok(dto)
    })
}

pub fn list_for_client(
    conn: &mut DbConn,
    principal: &Principal,
    client_id: i64,
    filter: &FollowUpListQuery,
    page: PageQuery,
) -> AppResult<Page<FollowUpDto>> {
    scope::client_in_scope(conn, principal, client_id)?;
    let (items, total) = q::list(conn, &None, Some(client_id), filter, Some(page))?;
    Ok(Page::new(items, total, page))
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &FollowUpListQuery,
    page: PageQuery,
) -> AppResult<Page<FollowUpDto>> {
    scope::require_client_role(principal)?;
    let owners = scope::owner_ids(conn, principal)?;
    let (items, total) = q::list(conn, &owners, None, filter, Some(page))?;
    Ok(Page::new(items, total, page))
}

/// The register as CSV: `kind=call` is the call register (电话登记表), `kind=letter` the
/// letter register (信函登记表). Audited. Read outside any write transaction (only the audit
/// event is written, in its own short one); more than [`csv::EXPORT_MAX_ROWS`] rows answer 422
/// `too_many_rows`.
pub fn export(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &FollowUpListQuery,
    tz: chrono_tz::Tz,
) -> AppResult<String> {
    scope::require_client_role(principal)?;
    let owners = scope::owner_ids(conn, principal)?;
    let one = PageQuery {
        page: 1,
        per_page: 1,
    };
    let (_, total) = q::list(conn, &owners, None, filter, Some(one))?;
    csv::check_export_size(total)?;
    let (items, _) = q::list(conn, &owners, None, filter, None)?;
    let count = items.len();
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let rows = items.into_iter().map(|f| {
        vec![
            f.id.to_string(),
            f.occurred_at
                .with_timezone(&tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            f.kind.to_string(),
            f.client_id.to_string(),
            f.client_name.clone(),
            f.author_id.to_string(),
            f.summary.clone(),
            o(&f.needs),
            o(&f.complaint),
            o(&f.next_step),
            f.next_follow_up_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ]
    });
    let doc = csv::document(
        &[
            "id",
            "occurred_at",
            "kind",
            "client_id",
            "client_name",
            "author_id",
            "summary",
            "needs",
            "complaint",
            "next_step",
            "next_follow_up_date",
        ],
        rows,
    );
    crate::db::transaction(conn, |c| {
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "follow_up.export",
            "follow_up",
            "export",
            None,
            Some(&json!({ "filter": filter, "rows": count })),
        )
    })?;
    Ok(doc)
}
