//! Plan use cases. The owner writes and submits; the owner's manager (never the owner) or an
//! admin approves or rejects, carrying the version they saw. Every state change goes through
//! the workflow (`crate::workflow`, the domain's `PLAN_FLOW`).

use salesops_domain::period::IsoWeek;
use salesops_domain::plans::{
    self as rules, ApprovePlanRequest, CreatePlanRequest, DEFAULT_CALLS_PER_DAY,
    DEFAULT_VISITS_PER_WEEK, PLAN_FLOW, Period, PlanAction, PlanDto, PlanKind, PlanListQuery,
    PlanRevisionsDto, PlanSnapshot, PlanState, RejectPlanRequest, SubmitPlanRequest,
    UpdatePlanRequest,
};
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery};

use crate::access::Ctx;
use crate::audit;
use crate::db::list::Waiting;
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::plans::queries::{self as q, NewPlan, PlanChangeset, PlanRow};
use crate::visits::queries as visits_q;
use crate::workflow::{self, Move};

/// The plan if the caller may see it (owner, the owner's managers, admin); 404 otherwise.
pub fn plan_in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<PlanRow> {
    workflow::in_scope(conn, ctx, id)
}

/// The plan's content with its planned visits, as a revision records it.
pub fn snapshot(conn: &mut DbConn, plan: &PlanRow) -> AppResult<PlanSnapshot> {
    let mut snap = plan.snapshot();
    for v in visits_q::of_plan(conn, plan.id)? {
        snap.visits.push(v.snapshot());
    }
    Ok(snap)
}

/// Changes a plan's content (its own fields in `extra`, or its visits, written by the
/// caller): the owner's `edit` step. Editing a rejected or approved plan makes it a draft
/// again (recorded in its history), an approved one with a new revision number. Fails on a
/// stale version and while the plan waits for a decision.
pub fn edit(
    tx: &mut Tx<'_>,
    ctx: &Ctx,
    plan: &PlanRow,
    expected_version: Option<i64>,
    mut extra: PlanChangeset,
) -> AppResult<()> {
    let to = workflow::authorize(tx, ctx, plan, PlanAction::Edit)?;
    if expected_version.is_some_and(|v| v != plan.version) {
        return Err(AppError::stale("plan"));
    }
    if matches!(plan.state, PlanState::Approved | PlanState::Rejected) {
        extra.revision = Some(plan.revision + 1);
    }
    extra.state = Some(to.as_str());
    extra.updated_at = Some(ctx.now);
    if !q::update_if_version(tx, plan.id, plan.version, &extra)? {
        return Err(AppError::stale("plan"));
    }
    if to != plan.state {
        workflow::history::record(
            tx,
            ctx,
            PLAN_FLOW.document,
            plan.id,
            PlanAction::Edit.as_str(),
            plan.state.as_str(),
            to.as_str(),
            None,
        )?;
    }
    Ok(())
}

fn dto(conn: &mut DbConn, id: i64) -> AppResult<PlanDto> {
    Ok(q::find(conn, id)?
        .ok_or(AppError::NotFound("plan"))?
        .to_dto())
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreatePlanRequest) -> AppResult<PlanDto> {
    ctx.require(Capability::PlansWrite)?;
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
    let owner_id = req.owner_id.unwrap_or(ctx.user_id);
    if owner_id != ctx.user_id && !ctx.manages(conn, owner_id)? {
        return Err(AppError::validation(
            "owner_id",
            "out_of_scope",
            "not a member of your teams",
        ));
    }
    let period_text = period.to_string();
    crate::db::write(conn, |tx| {
        if q::find_by_period(tx, owner_id, req.kind, &period_text)?.is_some() {
            return Err(AppError::conflict(
                "duplicate_plan",
                format!("a {} plan for {period_text} already exists", req.kind),
            ));
        }
        let est = req.expense_estimate.unwrap_or_default();
        audit::created(
            tx,
            &ctx.actor(),
            "plan.create",
            "plan",
            |tx| {
                Ok(q::insert(
                    tx,
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
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?)
            },
            dto,
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<PlanDto> {
    Ok(plan_in_scope(conn, ctx, id)?.to_dto())
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &PlanListQuery,
    page: &PageQuery,
) -> AppResult<Page<PlanDto>> {
    ctx.require(Capability::PlansRead)?;
    let (owners, exclude) = list_scope(conn, ctx, filter)?;
    q::list(conn, owners.as_deref(), exclude, filter, page)
}

/// The owners a list shows and the one it leaves out: the approval inbox (`to_review`) holds
/// the plans the caller may decide on, never their own.
fn list_scope(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &PlanListQuery,
) -> AppResult<(Option<Vec<i64>>, Option<i64>)> {
    let owners = ctx.visible_owners(conn)?;
    let exclude = (filter.to_review == Some(true)).then_some(ctx.user_id);
    Ok((owners, exclude))
}

/// The inbox's count: what `GET /plans?to_review=true&state=submitted` lists.
pub fn waiting_for_approval(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Waiting> {
    ctx.require(Capability::PlansRead)?;
    let filter = PlanListQuery {
        state: Some(PlanState::Submitted),
        to_review: Some(true),
        ..PlanListQuery::default()
    };
    let (owners, exclude) = list_scope(conn, ctx, &filter)?;
    Ok(q::waiting(conn, owners.as_deref(), exclude, &filter)?)
}

pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &UpdatePlanRequest,
) -> AppResult<PlanDto> {
    crate::db::write(conn, |tx| {
        audit::changed(tx, &ctx.actor(), "plan.update", "plan", id, dto, |tx, _| {
            let plan = plan_in_scope(tx, ctx, id)?;
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
            edit(tx, ctx, &plan, req.version, changes)
        })
    })
}

pub fn submit(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &SubmitPlanRequest,
) -> AppResult<PlanDto> {
    let mv = Move::new(PlanAction::Submit, req.version, None);
    crate::db::write(conn, |tx| {
        workflow::transition::<PlanRow>(tx, ctx, id, mv, |tx, plan, _| {
            // Only weekly plans have a deadline (SPEC §4); the rule is the shared crate's.
            let late = match plan.kind {
                PlanKind::Weekly => plan
                    .period
                    .parse::<IsoWeek>()
                    .is_ok_and(|w| ctx.settings.plan_deadline.is_late(w, ctx.now, ctx.tz())),
                PlanKind::Monthly => false,
            };
            // A rejected plan sent again unchanged is a new revision all the same: its
            // decision is recorded on the revision that was rejected.
            let revision = match plan.state {
                PlanState::Rejected => plan.revision + 1,
                _ => plan.revision,
            };
            let snap = snapshot(tx, plan)?;
            q::insert_revision(tx, id, revision, &snap, ctx.now, late)?;
            Ok(PlanChangeset {
                revision: Some(revision),
                submitted_at: Some(Some(ctx.now)),
                late: Some(late),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

fn decide(conn: &mut DbConn, ctx: &Ctx, id: i64, mv: Move<'_, PlanAction>) -> AppResult<PlanDto> {
    let comment = mv.comment.map(str::to_owned);
    crate::db::write(conn, |tx| {
        workflow::transition::<PlanRow>(tx, ctx, id, mv, |tx, plan, to| {
            q::decide_revision(
                tx,
                id,
                plan.revision,
                to,
                ctx.user_id,
                ctx.now,
                comment.as_deref(),
            )?;
            if to == PlanState::Approved {
                q::set_budget(tx, plan)?;
            }
            tell_owner(tx, plan, to, comment.as_deref())?;
            Ok(PlanChangeset {
                decided_by: Some(Some(ctx.user_id)),
                decided_at: Some(Some(ctx.now)),
                decision_comment: Some(comment.clone()),
                approved_revision: (to == PlanState::Approved).then_some(Some(plan.revision)),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

/// Tells the plan's owner the decision (in the decision's transaction).
fn tell_owner(
    tx: &mut crate::db::Tx<'_>,
    plan: &PlanRow,
    to: PlanState,
    comment: Option<&str>,
) -> AppResult<()> {
    use salesops_domain::notifications::NotificationKind;
    let (kind, verdict) = match to {
        PlanState::Approved => (NotificationKind::PlanApproved, "已批准"),
        PlanState::Rejected => (NotificationKind::PlanRejected, "已驳回"),
        _ => return Ok(()),
    };
    let what = match plan.kind {
        salesops_domain::plans::PlanKind::Weekly => "周计划",
        salesops_domain::plans::PlanKind::Monthly => "月计划",
    };
    crate::notifications::notify(
        tx,
        plan.owner_id,
        kind,
        crate::notifications::Notice {
            title: format!("你的{what} {} {verdict}", plan.period),
            body: comment.map(str::to_owned),
            link: Some("/plans/week".to_owned()),
            entity: Some(("plan", plan.id)),
        },
    )?;
    Ok(())
}

pub fn approve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ApprovePlanRequest,
) -> AppResult<PlanDto> {
    let mv = Move::new(
        PlanAction::Approve,
        Some(req.version),
        req.comment.as_deref(),
    );
    decide(conn, ctx, id, mv)
}

pub fn reject(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &RejectPlanRequest,
) -> AppResult<PlanDto> {
    let mv = Move::new(PlanAction::Reject, Some(req.version), Some(&req.comment));
    decide(conn, ctx, id, mv)
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    workflow::history::<PlanRow>(conn, ctx, id)
}

/// Every revision, and what the working copy changes against the approved one.
pub fn revisions(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<PlanRevisionsDto> {
    let plan = plan_in_scope(conn, ctx, id)?;
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
