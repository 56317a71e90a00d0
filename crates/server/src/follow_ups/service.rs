//! Follow-up use cases: record one on a client in scope (moving its cadence), list them, and
//! export the call and letter registers.

use diesel::prelude::*;
use salesops_domain::follow_ups::{
    CollectionMethod, CreateFollowUpRequest, FollowUpDto, FollowUpKind, FollowUpListQuery,
};
use salesops_domain::{Page, PageQuery};
use serde_json::json;

use salesops_domain::text::clean;

use crate::access::Ctx;
use crate::audit;
use crate::cases::service as cases;
use crate::clients::scope::{self, local_day};
use crate::clients::{cadence, csv};
use crate::db::DbConn;
use crate::db::schema::clients;
use crate::error::{AppError, AppResult};
use crate::follow_ups::queries::{self as q, NewFollowUp};

pub fn create(
    conn: &mut DbConn,
    ctx: &Ctx,
    client_id: i64,
    req: &CreateFollowUpRequest,
) -> AppResult<FollowUpDto> {
    let tz = ctx.tz();
    let complaint = clean(req.complaint.as_deref());
    if let Some(at) = req.occurred_at {
        salesops_domain::dates::happened(at, ctx.now.and_utc())
            .map_err(|m| AppError::validation("occurred_at", "range", m))?;
    }
    let collection = collection_fields(req)?;
    crate::db::write(conn, |c| {
        let client = scope::client_in_scope(c, ctx, client_id)?;
        if let Some((contract_id, _)) = collection {
            crate::contracts::queries::ensure_of_client(c, contract_id, client_id)?;
        }
        let now = ctx.now;
        let occurred_at = req.occurred_at.map_or(now, |t| t.naive_utc());
        let id = q::insert(
            c,
            &NewFollowUp {
                client_id,
                author_id: ctx.user_id,
                kind: req.kind.as_str(),
                occurred_at,
                occurred_on: local_day(occurred_at, tz).to_string(),
                summary: req.summary.trim().to_owned(),
                needs: clean(req.needs.as_deref()),
                complaint: complaint.clone(),
                next_step: clean(req.next_step.as_deref()),
                next_follow_up_date: req.next_follow_up_date.map(|d| d.to_string()),
                created_at: now,
                contract_id: collection.map(|(id, _)| id),
                method: collection.map(|(_, m)| m.as_str()),
            },
        )?;
        let last = client
            .last_follow_up_at
            .map_or(occurred_at, |t| t.max(occurred_at));
        diesel::update(clients::table.find(client_id))
            .set((
                clients::last_follow_up_at.eq(Some(last)),
                clients::updated_at.eq(now),
            ))
            .execute(c.conn())?;
        cadence::refresh(c, client_id, tz, now)?;
        let (row, name) = q::find(c, id)?.ok_or(AppError::NotFound("follow-up"))?;
        let dto = q::to_dto(row, name);
        let actor = ctx.actor();
        audit::record::<(), _>(
            c,
            &actor,
            "follow_up.create",
            "follow_up",
            id,
            None,
            Some(&dto),
        )?;
        if req.open_case {
            // The case says what the complaint says, or what the follow-up was about.
            let text = complaint.unwrap_or_else(|| req.summary.trim().to_owned());
            cases::open_in_tx(c, &actor, client_id, Some(id), &text)?;
        }
        Ok(dto)
    })
}

/// A collection (催款) names its contract and its method; no other kind does.
fn collection_fields(req: &CreateFollowUpRequest) -> AppResult<Option<(i64, CollectionMethod)>> {
    if req.kind != FollowUpKind::Collection {
        for (field, given) in [
            ("contract_id", req.contract_id.is_some()),
            ("method", req.method.is_some()),
        ] {
            if given {
                return Err(AppError::validation(
                    field,
                    "collection_only",
                    "only a follow-up of kind `collection` names a contract and a method",
                ));
            }
        }
        return Ok(None);
    }
    let contract = req.contract_id.ok_or_else(|| {
        AppError::validation("contract_id", "required", "a collection names its contract")
    })?;
    let method = req
        .method
        .ok_or_else(|| AppError::validation("method", "required", "letter, call or visit"))?;
    Ok(Some((contract, method)))
}

pub fn list_for_client(
    conn: &mut DbConn,
    ctx: &Ctx,
    client_id: i64,
    filter: &FollowUpListQuery,
    page: &PageQuery,
) -> AppResult<Page<FollowUpDto>> {
    scope::client_in_scope(conn, ctx, client_id)?;
    q::list(conn, &None, Some(client_id), filter, page)
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &FollowUpListQuery,
    page: &PageQuery,
) -> AppResult<Page<FollowUpDto>> {
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    q::list(conn, &owners, None, filter, page)
}

/// The register as CSV: `kind=call` is the call register (电话登记表), `kind=letter` the
/// letter register (信函登记表). Audited. Read outside any write transaction (only the audit
/// event is written, in its own short one); more than [`csv::EXPORT_MAX_ROWS`] rows answer 422
/// `too_many_rows`.
pub fn export(conn: &mut DbConn, ctx: &Ctx, filter: &FollowUpListQuery) -> AppResult<String> {
    let tz = ctx.tz();
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    let Some(items) = q::all(conn, &owners, filter, csv::EXPORT_MAX_ROWS)? else {
        return Err(csv::export_too_large(&format!(
            "more than {}",
            csv::EXPORT_MAX_ROWS
        )));
    };
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
    crate::db::write(conn, |c| {
        audit::record::<(), _>(
            c,
            &ctx.actor(),
            "follow_up.export",
            "follow_up",
            "export",
            None,
            Some(&json!({ "filter": filter, "rows": count })),
        )
    })?;
    Ok(doc)
}
