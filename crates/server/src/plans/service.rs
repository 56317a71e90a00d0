//! Plan use cases. The owner writes and submits; the owner's manager (never the owner) or an
//! admin approves or rejects, carrying the version they saw. Every state change goes through
//! `PlanState::apply`.

use salesops_domain::period::IsoWeek;
use salesops_domain::plans::{
    self as rules, ApprovePlanRequest, CreatePlanRequest, DEFAULT_CALLS_PER_DAY,
    DEFAULT_VISITS_PER_WEEK, Period, PlanAction, PlanDto, PlanKind, PlanListQuery,
    PlanRevisionsDto, PlanSnapshot, PlanState, RejectPlanRequest, SubmitPlanRequest,
    UpdatePlanRequest,
};
use salesops_domain::{Page, PageQuery, Role};

use crate::audit::{self, Actor};
use crate::auth::Principal;
use crate::clock;
use crate::config::Settings;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::plans::queries::{self as q, NewPlan, PlanChangeset, PlanRow};
use crate::visits::queries as visits_q;

/// The roles that make plans.
pub const PLAN_ROLES: [Role; 2] = [Role::Salesperson, Role::Manager];

/// The plan if the caller may see it (owner, the owner's managers, admin); 404 otherwise.
pub fn plan_in_scope(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<PlanRow> {
    let plan = q::find(conn, id)?.ok_or(AppError::NotFound("plan"))?;
    principal.ensure_owner_in_scope(conn, plan.owner_id, "plan")?;
    Ok(plan)
}

/// The plan if the caller owns it: only the owner writes their plan.
pub fn own_plan(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<PlanRow> {
    let plan = plan_in_scope(conn, principal, id)?;
    if plan.owner_id != principal.user_id {
        return Err(AppError::forbidden("only the plan's owner changes it"));
    }
    Ok(plan)
}

/// The plan's content with its planned visits, as a revision records it.
pub fn snapshot(conn: &mut DbConn, plan: &PlanRow) -> AppResult<PlanSnapshot> {
    let mut snap = plan.snapshot();
    for v in visits_q::of_plan(conn, plan.id)? {
        snap.visits.push(v.snapshot()?);
    }
    Ok(snap)
}

/// Starts (or continues) editing: the `edit` transition, and a new revision number when the
/// plan had been decided on. `extra` carries the content change. Fails on a stale version.
pub fn apply_edit(
    conn: &mut DbConn,
    plan: &PlanRow,
    expected_version: Option<i64>,
    mut extra: PlanChangeset,
) -> AppResult<()> {
    let state = plan.state()?;
    let next = state
        .apply(PlanAction::Edit)
        .map_err(|e| AppError::invalid_state("plan", e))?;
    if expected_version.is_some_and(|v| v != plan.version) {
        return Err(AppError::stale("plan"));
    }
    if matches!(state, PlanState::Approved | PlanState::Rejected) {
        extra.revision = Some(plan.revision + 1);
    }
    extra.state = Some(next.as_str().to_owned());
    extra.updated_at = Some(clock::now());
    if !q::update_if_version(conn, plan.id, plan.version, &extra)? {
        return Err(AppError::stale("plan"));
    }
    Ok(())
}

fn dto(conn: &mut DbConn, id: i64) -> AppResult<PlanDto> {
    q::find(conn, id)?
        .ok_or(AppError::NotFound("plan"))?
        .to_dto()
}

pub fn create(
    conn: &mut DbConn,
    principal: &Principal,
    req: &CreatePlanRequest,
) -> AppResult<PlanDto> {
    principal.require_any(&PLAN_ROLES)?;
    let Some(period) = Period::parse(req.kind, &req.period) else {
        return Err(AppError::validation(
            "period",
            "period",
            match req.kind {
                PlanKind::Weekly => "a weekly plan's period is a week like 2026-W48",
                PlanKind::Monthly => "a monthly plan's period is a month like 2026-11",
            },
        ));
    };
    let owner_id = req.owner_id.unwrap_or(principal.user_id);
    if owner_id != principal.user_id && !principal.manages(conn, owner_id)? {
        return Err(AppError::validation(
            "owner_id",
            "out_of_scope",
            "not a member of your teams",
        ));
    }
    let period_text = period.to_string();
    crate::db::transaction(conn, |c| {
        if q::find_by_period(c, owner_id, req.kind, &period_text)?.is_some() {
            return Err(AppError::conflict(
                "duplicate_plan",
                format!("a {} plan for {period_text} already exists", req.kind),
            ));
        }
        let now = clock::now();
        let est = req.expense_estimate.unwrap_or_default();
        let id = q::insert(
            c,
            &NewPlan {
                owner_id,
                kind: req.kind.as_str(),
                period: &period_text,
                state: PlanState::Draft.as_str(),
                calls_per_day: req.calls_per_day.unwrap_or(DEFAULT_CALLS_PER_DAY),
                visits_per_week: req.visits_per_week.unwrap_or(DEFAULT_VISITS_PER_WEEK),
                new_clients: req.new_clients.unwrap_or(0),
                sales_target: req.sales_target,
                other_tasks: req.other_tasks.as_deref(),
                est_travel: est.travel,
                est_per_diem: est.per_diem,
                est_entertainment: est.entertainment,
                est_communication: est.communication,
                est_business_development: est.business_development,
                est_other: est.other,
                created_at: now,
                updated_at: now,
            },
        )?;
        let plan = dto(c, id)?;
        audit::record::<(), _>(
            c,
            &Actor::from(principal),
            "plan.create",
            "plan",
            id,
            None,
            Some(&plan),
        )?;
        Ok(plan)
    })
}

pub fn get(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<PlanDto> {
    plan_in_scope(conn, principal, id)?.to_dto()
}

pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &PlanListQuery,
    page: PageQuery,
) -> AppResult<Page<PlanDto>> {
    principal.require_any(&[Role::Salesperson, Role::Manager, Role::Admin])?;
    let owners = principal.visible_owners(conn)?;
    // The approval inbox: plans the caller may decide on, never their own.
    let exclude = (filter.to_review == Some(true)).then_some(principal.user_id);
    let (rows, total) = q::list(conn, owners.as_deref(), exclude, filter, page)?;
    let items = rows
        .iter()
        .map(PlanRow::to_dto)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Page::new(items, total, page))
}

pub fn update(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &UpdatePlanRequest,
) -> AppResult<PlanDto> {
    crate::db::transaction(conn, |c| {
        let plan = own_plan(c, principal, id)?;
        let before = plan.to_dto()?;
        let mut changes = PlanChangeset {
            calls_per_day: req.calls_per_day,
            visits_per_week: req.visits_per_week,
            new_clients: req.new_clients,
            sales_target: req.sales_target.map(Some),
            other_tasks: req.other_tasks.clone().map(Some),
            ..Default::default()
        };
        if let Some(e) = &req.expense_estimate {
            changes.set_estimate(e);
        }
        apply_edit(c, &plan, req.version, changes)?;
        let after = dto(c, id)?;
        audit::record(
            c,
            &Actor::from(principal),
            "plan.update",
            "plan",
            id,
            Some(&before),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn submit(
    conn: &mut DbConn,
    principal: &Principal,
    settings: &Settings,
    id: i64,
    req: &SubmitPlanRequest,
) -> AppResult<PlanDto> {
    crate::db::transaction(conn, |c| {
        let plan = own_plan(c, principal, id)?;
        let next = plan
            .state()?
            .apply(PlanAction::Submit)
            .map_err(|e| AppError::invalid_state("plan", e))?;
        if req.version.is_some_and(|v| v != plan.version) {
            return Err(AppError::stale("plan"));
        }
        let now = clock::now();
        // Only weekly plans have a deadline (SPEC §4); the rule is the shared crate's.
        let late = match plan.kind()? {
            PlanKind::Weekly => plan
                .period
                .parse::<IsoWeek>()
                .map(|w| settings.plan_deadline.is_late(w, now, settings.timezone))
                .unwrap_or(false),
            PlanKind::Monthly => false,
        };
        let snap = snapshot(c, &plan)?;
        q::insert_revision(c, id, plan.revision, &snap, now, late)?;
        let changes = PlanChangeset {
            state: Some(next.as_str().to_owned()),
            submitted_at: Some(Some(now)),
            late: Some(late),
            updated_at: Some(now),
            ..Default::default()
        };
        if !q::update_if_version(c, id, plan.version, &changes)? {
            return Err(AppError::stale("plan"));
        }
        let after = dto(c, id)?;
        audit::record(
            c,
            &Actor::from(principal),
            "plan.submit",
            "plan",
            id,
            Some(&plan.to_dto()?),
            Some(&after),
        )?;
        Ok(after)
    })
}

/// Who decides on a plan: the owner's manager (through their teams) or an admin, never the
/// owner (separation of duties). Outside scope the plan does not exist (404).
fn decidable(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<PlanRow> {
    let plan = plan_in_scope(conn, principal, id)?;
    if plan.owner_id == principal.user_id {
        return Err(AppError::forbidden("nobody approves their own plan"));
    }
    if !principal.is_admin() && !principal.manages(conn, plan.owner_id)? {
        return Err(AppError::forbidden(
            "only the owner's manager decides on a plan",
        ));
    }
    Ok(plan)
}

fn decide(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    version: i64,
    action: PlanAction,
    comment: Option<&str>,
) -> AppResult<PlanDto> {
    crate::db::transaction(conn, |c| {
        let plan = decidable(c, principal, id)?;
        let next = plan
            .state()?
            .apply(action)
            .map_err(|e| AppError::invalid_state("plan", e))?;
        if plan.version != version {
            return Err(AppError::stale("plan"));
        }
        let now = clock::now();
        let mut changes = PlanChangeset {
            state: Some(next.as_str().to_owned()),
            decided_by: Some(Some(principal.user_id)),
            decided_at: Some(Some(now)),
            decision_comment: Some(comment.map(str::to_owned)),
            updated_at: Some(now),
            ..Default::default()
        };
        if next == PlanState::Approved {
            changes.approved_revision = Some(Some(plan.revision));
        }
        // Compare-and-set on the version: of two managers deciding at once, exactly one wins.
        if !q::update_if_version(c, id, version, &changes)? {
            return Err(AppError::stale("plan"));
        }
        q::decide_revision(c, id, plan.revision, next, principal.user_id, now, comment)?;
        let after = dto(c, id)?;
        let action_name = format!("plan.{}", action.as_str());
        audit::record(
            c,
            &Actor::from(principal),
            &action_name,
            "plan",
            id,
            Some(&plan.to_dto()?),
            Some(&after),
        )?;
        Ok(after)
    })
}

pub fn approve(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &ApprovePlanRequest,
) -> AppResult<PlanDto> {
    let comment = req
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    decide(
        conn,
        principal,
        id,
        req.version,
        PlanAction::Approve,
        comment,
    )
}

pub fn reject(
    conn: &mut DbConn,
    principal: &Principal,
    id: i64,
    req: &RejectPlanRequest,
) -> AppResult<PlanDto> {
    decide(
        conn,
        principal,
        id,
        req.version,
        PlanAction::Reject,
        Some(req.comment.trim()),
    )
}

/// Every revision, and what the working copy changes against the approved one.
pub fn revisions(conn: &mut DbConn, principal: &Principal, id: i64) -> AppResult<PlanRevisionsDto> {
    let plan = plan_in_scope(conn, principal, id)?;
    let revisions = q::revisions(conn, id)?;
    let current = snapshot(conn, &plan)?;
    let changes = plan
        .approved_revision
        .and_then(|n| revisions.iter().find(|r| r.revision == n))
        .map(|approved| rules::diff(&approved.snapshot, &current))
        .unwrap_or_default();
    Ok(PlanRevisionsDto {
        plan_id: id,
        approved_revision: plan.approved_revision,
        revisions,
        changes,
    })
}
