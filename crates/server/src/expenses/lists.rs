//! The claim lists: everything in the caller's money scope, the approval queue, and the
//! inbox's counts over the same filters.

use salesops_domain::expenses::{ClaimDto, ClaimListQuery, ClaimState};
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, Principal};
use crate::db::DbConn;
use crate::db::list::Waiting;
use crate::error::AppResult;
use crate::expenses::dto;
use crate::expenses::queries::{self as q, ClaimFilter};

/// Claims in scope (finance: everyone's). `to_approve=true`: the caller's queue, never their
/// own — finance: manager-approved claims they did not approve themselves; managers and
/// admin: submitted claims of the people they manage.
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ClaimListQuery,
    page: &PageQuery,
) -> AppResult<Page<ClaimDto>> {
    ctx.require(Capability::ExpensesRead)?;
    let f = list_filter(conn, ctx, filter)?;
    q::list(conn, &f, page)?
        .map_rows(|rows| dto::to_dtos(conn, ctx.settings.receipt_threshold_fen, rows))?
        .into_page(page, Ok)
}

/// What a list shows the caller. `to_approve=true` is the approval queue, never one's own:
/// finance's holds the manager-approved claims it did not approve as manager (in its money
/// scope: everyone's), a manager's the submitted claims of the people they manage.
fn list_filter(conn: &mut DbConn, ctx: &Ctx, filter: &ClaimListQuery) -> AppResult<ClaimFilter> {
    let mut f = ClaimFilter {
        owner_id: filter.owner_id,
        states: filter.state.map(|s| vec![s]),
        ..ClaimFilter::default()
    };
    let scope = if filter.to_approve == Some(true) {
        f.exclude_owner = Some(ctx.user_id);
        if ctx.has(Role::Finance) {
            f.states = Some(vec![ClaimState::ManagerApproved]);
            f.not_approved_by = Some(ctx.user_id);
            ctx.money_scope()
        } else {
            f.states = Some(vec![ClaimState::Submitted]);
            ctx.owner_scope()
        }
    } else {
        ctx.money_scope()
    };
    f.owners = Principal::owners_in(conn, scope)?;
    Ok(f)
}

/// The inbox's counts, each what its list shows: `to_approve` — `GET /expense-claims?
/// to_approve=true`; `to_pay` — `GET /expense-claims?state=finance_approved` (finance).
pub fn waiting(conn: &mut DbConn, ctx: &Ctx, query: &ClaimListQuery) -> AppResult<Waiting> {
    ctx.require(Capability::ExpensesRead)?;
    let f = list_filter(conn, ctx, query)?;
    let since = match f.states.as_deref() {
        Some([one]) => *one,
        _ => ClaimState::Submitted,
    };
    Ok(q::waiting(conn, &f, since)?)
}
