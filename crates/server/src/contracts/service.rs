//! Contract use cases (合同签订): draft with a payment schedule that adds up, submit for
//! review, approve or reject (the owner's manager or finance, never the owner), sign (the
//! owner, once approved). A signed contract is locked: editing it starts a new revision that
//! is reviewed again while the signed one stays in force.

use salesops_domain::budgets::DecideRequest;
use salesops_domain::deals::{
    ContractAction, ContractDto, ContractListQuery, ContractRequest, ContractState, SignRequest,
    check_schedule,
};
use salesops_domain::expenses::{RejectRequest, VersionRequest};
use salesops_domain::money::Fen;
use salesops_domain::text::trim;
use salesops_domain::workflow::HistoryEntry;
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::clients::scope;
use crate::contracts::payments;
use crate::contracts::queries::{self as q, Contract, ContractChangeset, NewContract};
use crate::db::types::json_text;
use crate::db::{self, DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::projects::Project;
use crate::workflow::{self, Move};

/// The checks a draft's content passes, on create and on every edit.
fn check(tx: &mut Tx<'_>, req: &ContractRequest, except: Option<i64>) -> AppResult<()> {
    check_schedule(req.amount_fen, &req.schedule)
        .map_err(|m| AppError::validation("schedule", "schedule_sum", &m))?;
    if let Some(p) = req.project_id {
        let of_client = crate::projects::queries::find(tx, p)?
            .is_some_and(|p: Project| p.row.client_id == req.client_id);
        if !of_client {
            return Err(AppError::validation(
                "project_id",
                "not_of_client",
                "not a project of this client",
            ));
        }
    }
    if q::number_taken(tx, trim(&req.number), except)? {
        return Err(AppError::validation(
            "number",
            "taken",
            "another contract has this number",
        ));
    }
    Ok(())
}

/// A signed contract's new revision cannot be for less than was already received on it.
fn check_received(contract: &Contract, amount_fen: i64) -> AppResult<()> {
    if amount_fen < contract.row.received_fen {
        return Err(AppError::validation(
            "amount_fen",
            "below_received",
            &format!(
                "{} has been received on this contract already",
                Fen(contract.row.received_fen)
            ),
        ));
    }
    Ok(())
}

/// A drafted contract on a client in scope (its owner is the client's).
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &ContractRequest) -> AppResult<ContractDto> {
    ctx.require(Capability::DealsWrite)?;
    let schedule = json_text(&req.schedule)?;
    db::write(conn, |tx| {
        scope::client_in_scope(tx, ctx, req.client_id)
            .map_err(|_| AppError::validation("client_id", "not_found", "no such client"))?;
        check(tx, req, None)?;
        audit::created(
            tx,
            &ctx.actor(),
            "contract.create",
            "contract",
            |tx| {
                Ok(q::insert(
                    tx,
                    &NewContract {
                        client_id: req.client_id,
                        project_id: req.project_id,
                        number: trim(&req.number).to_owned(),
                        title: trim(&req.title).to_owned(),
                        amount_fen: req.amount_fen,
                        schedule: schedule.clone(),
                        state: ContractState::Drafted.as_str(),
                        created_by: ctx.user_id,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?)
            },
            q::dto,
        )
    })
}

/// Change a drafted or rejected contract (the owner), or start a new revision of a signed
/// one; `version` as seen.
pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ContractRequest,
) -> AppResult<ContractDto> {
    ctx.require(Capability::DealsWrite)?;
    let schedule = json_text(&req.schedule)?;
    let mv = Move::new(ContractAction::Edit, req.version, None);
    db::write(conn, |tx| {
        workflow::transition::<Contract>(tx, ctx, id, mv, |tx, contract, _| {
            if req.client_id != contract.row.client_id {
                return Err(AppError::validation(
                    "client_id",
                    "fixed",
                    "a contract stays with its client",
                ));
            }
            check(tx, req, Some(id))?;
            check_received(contract, req.amount_fen)?;
            let revision = match contract.row.state {
                ContractState::Signed => contract.row.revision + 1,
                _ => contract.row.revision,
            };
            Ok(ContractChangeset {
                project_id: Some(req.project_id),
                number: Some(trim(&req.number).to_owned()),
                title: Some(trim(&req.title).to_owned()),
                amount_fen: Some(req.amount_fen),
                schedule: Some(schedule),
                revision: Some(revision),
                updated_at: Some(ctx.now),
                ..Default::default()
            })
        })
    })
}

fn step(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    mv: Move<'_, ContractAction>,
    signed_on: Option<chrono::NaiveDate>,
) -> AppResult<ContractDto> {
    let comment = mv.comment.map(str::to_owned);
    db::write(conn, |tx| {
        workflow::transition::<Contract>(tx, ctx, id, mv, |tx, contract, to| {
            let mut changes = ContractChangeset {
                updated_at: Some(ctx.now),
                ..Default::default()
            };
            match to {
                ContractState::InReview => {
                    check_received(contract, contract.row.amount_fen)?;
                    changes.reviewed_by = Some(None);
                    changes.review_comment = Some(None);
                }
                ContractState::Approved | ContractState::Rejected => {
                    changes.reviewed_by = Some(Some(ctx.user_id));
                    changes.review_comment = Some(comment);
                }
                ContractState::Signed => {
                    payments::put_in_force(tx, contract)?;
                    changes.signed_revision = Some(Some(contract.row.revision));
                    changes.signed_on = Some(signed_on.map(|d| d.to_string()));
                    changes.signed_amount_fen = Some(Some(contract.row.amount_fen));
                }
                ContractState::Cancelled if contract.row.signed_revision.is_some() => {
                    return Err(AppError::conflict(
                        "signed_contract",
                        "this contract was signed; its revision is submitted or changed, not cancelled",
                    ));
                }
                _ => {}
            }
            Ok(changes)
        })
    })
}

pub fn submit(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &VersionRequest,
) -> AppResult<ContractDto> {
    let mv = Move::new(ContractAction::Submit, Some(req.version), None);
    step(conn, ctx, id, mv, None)
}

pub fn approve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &DecideRequest,
) -> AppResult<ContractDto> {
    let mv = Move::new(
        ContractAction::Approve,
        Some(req.version),
        req.comment.as_deref(),
    );
    step(conn, ctx, id, mv, None)
}

pub fn reject(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &RejectRequest,
) -> AppResult<ContractDto> {
    let mv = Move::new(ContractAction::Reject, Some(req.version), Some(&req.reason));
    step(conn, ctx, id, mv, None)
}

pub fn sign(conn: &mut DbConn, ctx: &Ctx, id: i64, req: &SignRequest) -> AppResult<ContractDto> {
    let mv = Move::new(ContractAction::Sign, Some(req.version), None);
    step(conn, ctx, id, mv, Some(req.signed_on))
}

pub fn cancel(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &VersionRequest,
) -> AppResult<ContractDto> {
    let mv = Move::new(ContractAction::Cancel, Some(req.version), None);
    step(conn, ctx, id, mv, None)
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<ContractDto> {
    ctx.require(Capability::DealsRead)?;
    let contract = workflow::in_scope::<Contract>(conn, ctx, id)?;
    let lines = q::lines(conn, id)?;
    Ok(contract.to_dto(&lines))
}

/// Contracts in scope; `to_review=true`: those in review the caller may decide — the people
/// they manage (managers), everyone's (finance) — never their own.
pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &ContractListQuery,
    page: &PageQuery,
) -> AppResult<Page<ContractDto>> {
    ctx.require(Capability::DealsRead)?;
    if filter.to_review != Some(true) {
        let owners = crate::projects::service::deal_owners(conn, ctx, None, None)?;
        return q::list(conn, owners.as_deref(), filter, None, None, page);
    }
    let scope = if ctx.has(Role::Finance) {
        ctx.money_scope()
    } else {
        ctx.owner_scope()
    };
    let mut owners = Principal::owners_in(conn, scope)?;
    if !ctx.has(Role::Finance) && ctx.managed_teams.is_empty() {
        owners = Some(Vec::new());
    }
    q::list(
        conn,
        owners.as_deref(),
        filter,
        Some(&[ContractState::InReview]),
        Some(ctx.user_id),
        page,
    )
}

pub fn history(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<Vec<HistoryEntry>> {
    ctx.require(Capability::DealsRead)?;
    workflow::history::<Contract>(conn, ctx, id)
}
