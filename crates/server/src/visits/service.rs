//! Visit use cases. The owner plans, completes, misses and reschedules their visits; a plan's
//! visits can change only while the plan is editable, and changing an approved plan's visits
//! starts a new revision.

use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpKind};
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanKind;
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, PlanVisitRequest, RescheduleVisitRequest,
    UnplannedVisitRequest, VisitAction, VisitDto, VisitListQuery, VisitStatus, site_check,
};
use salesops_domain::{Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clients::scope::client_in_scope;
use crate::clock;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::plans::queries::PlanChangeset;
use crate::plans::service::{apply_edit, own_plan, plan_in_scope};
use crate::visits::queries::{self as q, NewVisit, VisitChangeset, VisitRow};

pub fn dto(conn: &mut DbConn, id: i64) -> AppResult<VisitDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("visit"))?;
    q::to_dtos(conn, std::slice::from_ref(&row))?
        .pop()
        .ok_or(AppError::NotFound("visit"))
}

/// The visit if the caller may see it; 404 otherwise.
pub fn visit_in_scope(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<VisitRow> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("visit"))?;
    principal.ensure_owner_in_scope(conn, row.owner_id, "visit")?;
    Ok(row)
}

/// The visit if the caller owns it: only the person who visits records the outcome.
pub fn own_visit(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<VisitRow> {
    let row = visit_in_scope(conn, principal, id)?;
    if row.owner_id != principal.user_id {
        return Err(AppError::forbidden(
            "only the visit's owner records its outcome",
        ));
    }
    Ok(row)
}

fn trimmed(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Adds a planned visit to a weekly plan (the plan's owner, to a client in their scope, on a
/// day of the plan's week).
pub fn plan_visit(
    conn: &mut DbConn,
    principal: &Principal,
    plan_id: i64,
    req: &PlanVisitRequest,
) -> AppResult<VisitDto> {
    crate::db::transaction(conn, |c| {
        let plan = own_plan(c, principal, plan_id)?;
        if plan.kind()? != PlanKind::Weekly {
            return Err(AppError::validation(
                "plan_id",
                "not_weekly",
                "visits are planned in weekly plans",
            ));
        }
        let week: IsoWeek = plan
            .period
            .parse()
            .map_err(|_| AppError::Internal(format!("stored period `{}`", plan.period)))?;
        if !week.contains(req.planned_date) {
            return Err(AppError::validation(
                "planned_date",
                "outside_week",
                &format!(
                    "the date must be within {week} ({} – {})",
                    week.monday(),
                    week.sunday()
                ),
            ));
        }
        if let (Some(from), Some(to)) = (&req.time_from, &req.time_to)
            && from > to
        {
            return Err(AppError::validation(
                "time_to",
                "before_start",
                "ends before it starts",
            ));
        }
        client_in_scope(c, principal, req.client_id).map_err(|_| {
            AppError::validation("client_id", "not_found", "no such client among yours")
        })?;
        apply_edit(c, &plan, None, PlanChangeset::default())?;
        let now = clock::now();
        let id = q::insert(
            c,
            &NewVisit {
                plan_id: Some(plan.id),
                owner_id: plan.owner_id,
                client_id: req.client_id,
                planned_date: req.planned_date.to_string(),
                time_from: req.time_from.as_deref(),
                time_to: req.time_to.as_deref(),
                purpose: trimmed(&req.purpose),
                place: trimmed(&req.place),
                status: VisitStatus::Planned.as_str(),
                unplanned: false,
                created_at: now,
                updated_at: now,
            },
        )?;
        let visit = dto(c, id)?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "visit.plan",
            "visit",
            id,
            None,
            Some(&visit),
        )?;
        Ok(visit)
    })
}

pub fn plan_visits(
    conn: &mut DbConn,
    principal: &Principal,
    plan_id: i64,
) -> AppResult<Vec<VisitDto>> {
    let plan = plan_in_scope(conn, principal, plan_id)?;
    let rows = q::of_plan(conn, plan.id)?;
    q::to_dtos(conn, &rows)
}

/// Removes a planned visit that has not happened, while the plan is editable.
pub fn unplan(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<()> {
    crate::db::transaction(conn, |c| {
        let row = own_visit(c, principal, id)?;
        if row.status()? != VisitStatus::Planned {
            return Err(AppError::conflict(
                "invalid_state",
                format!(
                    "the visit is `{}`; only planned visits are removed",
                    row.status
                ),
            ));
        }
        if let Some(plan_id) = row.plan_id {
            let plan = own_plan(c, principal, plan_id)?;
            apply_edit(c, &plan, None, PlanChangeset::default())?;
        }
        let before = dto(c, id)?;
        q::delete(c, id)?;
        audit::record::<_, ()>(
            c,
            &Actor::from(principal),
            "visit.remove",
            "visit",
            id,
            Some(&before),
            None,
        )
    })
}

/// An unplanned visit (计划外): recorded without a plan and flagged for the manager.
pub fn unplanned(
    conn: &mut DbConn,
    principal: &Principal,
    req: &UnplannedVisitRequest,
) -> AppResult<VisitDto> {
    principal.require_any(&[Role::Salesperson, Role::Manager])?;
    crate::db::transaction(conn, |c| {
        client_in_scope(c, principal, req.client_id).map_err(|_| {
            AppError::validation("client_id", "not_found", "no such client among yours")
        })?;
        let now = clock::now();
        let id = q::insert(
            c,
            &NewVisit {
                plan_id: None,
                owner_id: principal.user_id,
                client_id: req.client_id,
                planned_date: req.planned_date.to_string(),
                time_from: None,
                time_to: None,
                purpose: trimmed(&req.purpose),
                place: trimmed(&req.place),
                status: VisitStatus::Planned.as_str(),
                unplanned: true,
                created_at: now,
                updated_at: now,
            },
        )?;
        let visit = dto(c, id)?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "visit.create_unplanned",
            "visit",
            id,
            None,
            Some(&visit),
        )?;
        Ok(visit)
    })
}

pub fn get(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<VisitDto> {
    let row = visit_in_scope(conn, principal, id)?;
    dto(conn, row.id)
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &VisitListQuery,
    page: PageQuery,
) -> AppResult<Page<VisitDto>> {
    principal.require_any(&[Role::Salesperson, Role::Manager, Role::Admin])?;
    let owners = principal.visible_owners(conn)?;
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
            (from, to) => Some((
                from.unwrap_or(chrono::NaiveDate::MIN),
                to.unwrap_or(chrono::NaiveDate::MAX),
            )),
        },
    };
    let (rows, total) = q::list(conn, owners.as_deref(), filter, range, page)?;
    Ok(Page::new(q::to_dtos(conn, &rows)?, total, page))
}

pub fn miss(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &MissVisitRequest,
) -> AppResult<VisitDto> {
    crate::db::transaction(conn, |c| {
        let row = own_visit(c, principal, id)?;
        let next = row
            .status()?
            .apply(VisitAction::Miss)
            .map_err(|e| AppError::invalid_state("visit", e))?;
        let before = dto(c, id)?;
        let changes = VisitChangeset {
            status: Some(next.as_str().to_owned()),
            miss_reason: Some(Some(req.reason.trim().to_owned())),
            updated_at: Some(clock::now()),
            ..Default::default()
        };
        if !q::update_if_version(c, id, row.version, &changes)? {
            return Err(AppError::stale("visit"));
        }
        let after = dto(c, id)?;
        audit::record(
            c,
            &Actor::from(principal),
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
    principal: &Principal,
    id: i64,
    req: &RescheduleVisitRequest,
) -> AppResult<VisitDto> {
    crate::db::transaction(conn, |c| {
        let row = own_visit(c, principal, id)?;
        let status = row.status()?;
        let next = status
            .apply(VisitAction::Reschedule)
            .map_err(|e| AppError::invalid_state("visit", e))?;
        let week = IsoWeek::of(row.date()?);
        let before = dto(c, id)?;
        let now = clock::now();
        let changes = if week.contains(req.new_date) {
            VisitChangeset {
                status: Some(next.as_str().to_owned()),
                planned_date: Some(req.new_date.to_string()),
                rescheduled_from: Some(Some(
                    row.rescheduled_from
                        .clone()
                        .unwrap_or(row.planned_date.clone()),
                )),
                updated_at: Some(now),
                ..Default::default()
            }
        } else {
            let missed = status
                .apply(VisitAction::Miss)
                .map_err(|e| AppError::invalid_state("visit", e))?;
            let why = trimmed(&req.reason).unwrap_or("no reason given");
            VisitChangeset {
                status: Some(missed.as_str().to_owned()),
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
            &Actor::from(principal),
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
    principal: &Principal,
    settings: &crate::config::Settings,
    id: i64,
    req: &CompleteVisitRequest,
) -> AppResult<VisitDto> {
    if req.latitude.is_some() != req.longitude.is_some() {
        return Err(AppError::validation(
            "longitude",
            "pair",
            "send latitude and longitude together",
        ));
    }
    crate::db::transaction(conn, |c| {
        let row = own_visit(c, principal, id)?;
        let next = row
            .status()?
            .apply(VisitAction::Complete)
            .map_err(|e| AppError::invalid_state("visit", e))?;
        let client =
            crate::clients::queries::find(c, row.client_id)?.ok_or(AppError::NotFound("client"))?;
        let client_at = client.latitude.zip(client.longitude);
        let here = req.latitude.zip(req.longitude);
        let check = site_check(here, client_at, settings.visit_radius_m);
        let now = clock::now();
        let occurred_at = req.occurred_at.map(|t| t.naive_utc()).unwrap_or(now);
        // The follow-up is the client file's record of the visit (same transaction, as a
        // savepoint); it moves the client's cadence.
        let follow_up = crate::follow_ups::service::create(
            c,
            principal,
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
            },
            settings.timezone,
        )?;
        let before = dto(c, id)?;
        let changes = VisitChangeset {
            status: Some(next.as_str().to_owned()),
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
            &Actor::from(principal),
            "visit.complete",
            "visit",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}
