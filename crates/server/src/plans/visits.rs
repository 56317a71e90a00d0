//! Planning visits (计划拜访): adding and removing the planned visits of a weekly plan is
//! editing the plan, so it follows the plan's `edit` step (a new revision once approved).

use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanKind;
use salesops_domain::text::clean_ref;
use salesops_domain::visits::{PlanVisitRequest, VisitDto, VisitStatus};

use crate::access::Ctx;
use crate::audit;
use crate::clients::scope::client_in_scope;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::plans::queries::PlanChangeset;
use crate::plans::service::{edit, plan_in_scope};
use crate::visits::queries::{self as q, NewVisit};
use crate::visits::service::{dto, own_visit};

/// Adds a planned visit to a weekly plan (the plan's owner, to a client in their scope, on a
/// day of the plan's week).
pub fn plan_visit(
    conn: &mut DbConn,
    ctx: &Ctx,
    plan_id: i64,
    req: &PlanVisitRequest,
) -> AppResult<VisitDto> {
    crate::db::write(conn, |c| {
        let plan = plan_in_scope(c, ctx, plan_id)?;
        if plan.kind != PlanKind::Weekly {
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
        client_in_scope(c, ctx, req.client_id).map_err(|_| {
            AppError::validation("client_id", "not_found", "no such client among yours")
        })?;
        edit(c, ctx, &plan, None, PlanChangeset::default())?;
        audit::created(
            c,
            &ctx.actor(),
            "visit.plan",
            "visit",
            |c| {
                Ok(q::insert(
                    c,
                    &NewVisit {
                        plan_id: Some(plan.id),
                        owner_id: plan.owner_id,
                        client_id: req.client_id,
                        planned_date: req.planned_date.to_string(),
                        time_from: req.time_from.as_deref(),
                        time_to: req.time_to.as_deref(),
                        purpose: clean_ref(req.purpose.as_deref()),
                        place: clean_ref(req.place.as_deref()),
                        status: VisitStatus::Planned.as_str(),
                        unplanned: false,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?)
            },
            dto,
        )
    })
}

pub fn plan_visits(conn: &mut DbConn, ctx: &Ctx, plan_id: i64) -> AppResult<Vec<VisitDto>> {
    let plan = plan_in_scope(conn, ctx, plan_id)?;
    let rows = q::of_plan(conn, plan.id)?;
    q::to_dtos(conn, &rows)
}

/// Removes a planned visit that has not happened, while the plan is editable.
pub fn unplan(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<()> {
    crate::db::write(conn, |c| {
        let row = own_visit(c, ctx, id)?;
        if row.status != VisitStatus::Planned {
            return Err(AppError::conflict(
                "invalid_state",
                format!(
                    "the visit is `{}`; only planned visits are removed",
                    row.status
                ),
            ));
        }
        if let Some(plan_id) = row.plan_id {
            let plan = plan_in_scope(c, ctx, plan_id)?;
            edit(c, ctx, &plan, None, PlanChangeset::default())?;
        }
        let before = dto(c, id)?;
        q::delete(c, id)?;
        audit::record::<_, ()>(
            c,
            &ctx.actor(),
            "visit.remove",
            "visit",
            id,
            Some(&before),
            None,
        )
    })
}
