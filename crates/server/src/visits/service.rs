//! Visit use cases. The owner plans, completes, misses and reschedules their visits; a plan's
//! visits can change only while the plan is editable, and changing an approved plan's visits
//! starts a new revision.

use salesops_domain::dates;
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpKind};
use salesops_domain::period::IsoWeek;
use salesops_domain::text::clean_ref;
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, RescheduleVisitRequest, UnplannedVisitRequest,
    VisitAction, VisitDto, VisitListQuery, VisitStatus, site_check,
};
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::clients::scope::client_in_scope;
use crate::db::DbConn;
use crate::db::list::Waiting;
use crate::error::{AppError, AppResult};
use crate::visits::queries::{self as q, NewVisit, VisitChangeset, VisitRow};

pub fn dto(conn: &mut DbConn, id: i64) -> AppResult<VisitDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("visit"))?;
    q::to_dtos(conn, std::slice::from_ref(&row))?
        .pop()
        .ok_or(AppError::NotFound("visit"))
}

/// The visit if the caller may see it; 404 otherwise.
pub fn visit_in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<VisitRow> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("visit"))?;
    ctx.ensure_owner_in_scope(conn, row.owner_id, "visit")?;
    Ok(row)
}

/// The visit if the caller owns it: only the person who visits records the outcome.
pub fn own_visit(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<VisitRow> {
    let row = visit_in_scope(conn, ctx, id)?;
    if row.owner_id != ctx.user_id {
        return Err(AppError::forbidden(
            "only the visit's owner records its outcome",
        ));
    }
    Ok(row)
}

/// An unplanned visit (计划外): recorded without a plan and flagged for the manager.
pub fn unplanned(conn: &mut DbConn, ctx: &Ctx, req: &UnplannedVisitRequest) -> AppResult<VisitDto> {
    ctx.require(Capability::PlansWrite)?;
    crate::db::write(conn, |c| {
        client_in_scope(c, ctx, req.client_id).map_err(|_| {
            AppError::validation("client_id", "not_found", "no such client among yours")
        })?;
        audit::created(
            c,
            &ctx.actor(),
            "visit.create_unplanned",
            "visit",
            |c| {
                Ok(q::insert(
                    c,
                    &NewVisit {
                        plan_id: None,
                        owner_id: ctx.user_id,
                        client_id: req.client_id,
                        planned_date: req.planned_date.to_string(),
                        time_from: None,
                        time_to: None,
                        purpose: clean_ref(req.purpose.as_deref()),
                        place: clean_ref(req.place.as_deref()),
                        status: VisitStatus::Planned.as_str(),
                        unplanned: true,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?)
            },
            dto,
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<VisitDto> {
    let row = visit_in_scope(conn, ctx, id)?;
    dto(conn, row.id)
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &VisitListQuery,
    page: &PageQuery,
) -> AppResult<Page<VisitDto>> {
    ctx.require(Capability::PlansRead)?;
    let owners = ctx.visible_owners(conn)?;
    let range = match &filter.week {
        Some(w) => {
            let week: IsoWeek = w.parse().map_err(|_| AppError::BadRequest {
                detail: "week must look like 2026-W48".to_owned(),
                errors: vec![salesops_domain::FieldError::new(
                    "week",
                    "invalid",
                    "a week like 2026-W48",
                )],
            })?;
            Some((week.monday(), week.sunday()))
        }
        None => match (filter.from, filter.to) {
            (None, None) => None,
            // Dates compare as text, which sorts like the date only within the accepted
            // range: an open end is the range's end, never chrono's MIN/MAX.
            (from, to) => Some((
                from.unwrap_or_else(dates::earliest),
                to.unwrap_or_else(dates::latest),
            )),
        },
    };
    q::list(conn, owners.as_deref(), ctx.user_id, filter, range, page)
}

/// The inbox's count: what `GET /visits?to_check=true&week=<this week>` lists — this week's
/// done visits of the people the caller manages with no spot-check yet, the very set the
/// week's sample is drawn from — and the earliest completion among them.
pub fn waiting_to_check(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    ctx.require(Capability::PlansSupervise)?;
    let owners = ctx.visible_owners(conn)?;
    let week = IsoWeek::of(ctx.today());
    let filter = VisitListQuery {
        to_check: Some(true),
        ..VisitListQuery::default()
    };
    let range = Some((week.monday(), week.sunday()));
    Ok(q::waiting(
        conn,
        owners.as_deref(),
        ctx.user_id,
        &filter,
        range,
    )?)
}

pub fn miss(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &MissVisitRequest) -> AppResult<VisitDto> {
    crate::db::write(conn, |c| {
        let row = own_visit(c, ctx, id)?;
        let next = row
            .status
            .apply(VisitAction::Miss)
            .map_err(|e| AppError::invalid_state("visit", e))?;
        let before = dto(c, id)?;
        let changes = VisitChangeset {
            status: Some(next.as_str()),
            miss_reason: Some(Some(req.reason.trim().to_owned())),
            updated_at: Some(ctx.now),
            ..Default::default()
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("visit"));
        }
        let after = dto(c, id)?;
        audit::record(
            c,
            &ctx.actor(),
            "visit.miss",
            "visit",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// Moves a visit to another day of the same week; a day outside the week means the visit is
/// missed (with the reason recorded).
pub fn reschedule(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &RescheduleVisitRequest,
) -> AppResult<VisitDto> {
    crate::db::write(conn, |c| {
        let row = own_visit(c, ctx, id)?;
        let status = row.status;
        let next = status
            .apply(VisitAction::Reschedule)
            .map_err(|e| AppError::invalid_state("visit", e))?;
        let week = IsoWeek::of(row.planned_date);
        let before = dto(c, id)?;
        let now = ctx.now;
        let changes = if week.contains(req.new_date) {
            VisitChangeset {
                status: Some(next.as_str()),
                planned_date: Some(req.new_date.to_string()),
                rescheduled_from: Some(Some(
                    row.rescheduled_from.unwrap_or(row.planned_date).to_string(),
                )),
                updated_at: Some(now),
                ..Default::default()
            }
        } else {
            let missed = status
                .apply(VisitAction::Miss)
                .map_err(|e| AppError::invalid_state("visit", e))?;
            let why = clean_ref(req.reason.as_deref()).unwrap_or("no reason given");
            VisitChangeset {
                status: Some(missed.as_str()),
                miss_reason: Some(Some(format!(
                    "moved out of {week} to {}: {why}",
                    req.new_date
                ))),
                updated_at: Some(now),
                ..Default::default()
            }
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("visit"));
        }
        let after = dto(c, id)?;
        audit::record(
            c,
            &ctx.actor(),
            "visit.reschedule",
            "visit",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// Completes a visit: the follow-up (kind `visit`) is logged on the client in the same
/// transaction, and the place is checked against the client's coordinates.
pub fn complete(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &CompleteVisitRequest,
) -> AppResult<VisitDto> {
    if let Some(at) = req.occurred_at {
        dates::happened(at, ctx.now.and_utc())
            .map_err(|m| AppError::validation("occurred_at", "range", m))?;
    }
    if req.latitude.is_some() != req.longitude.is_some() {
        return Err(AppError::validation(
            "longitude",
            "pair",
            "send latitude and longitude together",
        ));
    }
    crate::db::write(conn, |c| {
        let row = own_visit(c, ctx, id)?;
        let next = row
            .status
            .apply(VisitAction::Complete)
            .map_err(|e| AppError::invalid_state("visit", e))?;
        let client =
            crate::clients::queries::find(c, row.client_id)?.ok_or(AppError::NotFound("client"))?;
        let client_at = client.latitude.zip(client.longitude);
        let here = req.latitude.zip(req.longitude);
        let check = site_check(here, client_at, ctx.settings.visit_radius_m);
        let now = ctx.now;
        let occurred_at = req.occurred_at.map(|t| t.naive_utc()).unwrap_or(now);
        // The follow-up is the client file's record of the visit (same transaction, as a
        // savepoint); it moves the client's cadence.
        let follow_up = crate::follow_ups::service::create(
            c,
            ctx,
            row.client_id,
            &CreateFollowUpRequest {
                kind: FollowUpKind::Visit,
                occurred_at: Some(occurred_at.and_utc()),
                summary: req.summary.clone(),
                needs: req.needs.clone(),
                complaint: None,
                next_step: req.next_step.clone(),
                next_follow_up_date: req.next_follow_up_date,
                open_case: false,
                contract_id: None,
                method: None,
            },
        )?;
        let before = dto(c, id)?;
        let changes = VisitChangeset {
            status: Some(next.as_str()),
            completed_at: Some(Some(occurred_at)),
            latitude: Some(req.latitude),
            longitude: Some(req.longitude),
            off_site: Some(check.off_site),
            no_location: Some(check.no_location),
            distance_m: Some(check.distance_m.map(|d| d.round() as i64)),
            follow_up_id: Some(Some(follow_up.id)),
            updated_at: Some(now),
            ..Default::default()
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("visit"));
        }
        let after = dto(c, id)?;
        audit::record(
            c,
            &ctx.actor(),
            "visit.complete",
            "visit",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}
