//! The one approval workflow engine. A document declares its states, actions and who may
//! take each (a `salesops_domain::workflow::Flow`) and implements [`Document`] over its table;
//! [`transition`] then does the rest in one place, in this order:
//!
//! 1. load the document in the caller's scope (404 outside it, exactly like a missing one);
//! 2. check the actor: a party of some step of this action (403), never deciding their own
//!    document whatever their roles (separation of duties, the domain's `Standing`);
//! 3. apply the transition (409 `invalid_state` naming the current state and what the caller
//!    may do instead);
//! 4. compare-and-set the version (409 `stale_version`): of two people acting at once, one
//!    wins;
//! 5. write the history entry (action, from, to, actor, comment, time) and the audit event,
//!    in the same transaction as the change.

pub mod history;

use chrono::NaiveDateTime;
use salesops_domain::text_enum::TextEnum;
use salesops_domain::workflow::{Flow, Refusal};
use serde::Serialize;

use crate::access::{Ctx, OwnerScope, Principal};
use crate::audit;
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

pub use history::history;

/// A document with a workflow, over its table.
pub trait Document: Sized {
    type State: TextEnum;
    type Action: TextEnum;
    /// What the API returns and the audit trail records.
    type Dto: Serialize;
    /// The columns a step sets besides the state and the version.
    type Changes;

    const FLOW: &'static Flow<Self::State, Self::Action>;

    /// Whose documents of this kind a caller sees; money documents widen it to finance.
    fn scope(principal: &Principal) -> OwnerScope {
        principal.owner_scope()
    }

    fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Self>>;
    fn id(&self) -> i64;
    fn owner_id(&self) -> i64;
    fn state(&self) -> Self::State;
    fn version(&self) -> i64;
    fn to_dto(&self, conn: &mut DbConn, ctx: &Ctx) -> AppResult<Self::Dto>;
    /// Writes `to` and `changes`, bumps the version and sets `updated_at` to `now`, only
    /// where the version is still `version`. Returns whether it did (false: someone changed
    /// the document first).
    fn save(
        tx: &mut Tx<'_>,
        id: i64,
        version: i64,
        to: Self::State,
        changes: Self::Changes,
        now: NaiveDateTime,
    ) -> AppResult<bool>;
}

/// What the caller asks of a document.
pub struct Move<'a, A> {
    pub action: A,
    /// The version the caller saw; `None` when the action does not require it (the owner's
    /// own steps). The write is compare-and-set on the version read either way.
    pub version: Option<i64>,
    pub comment: Option<&'a str>,
}

impl<'a, A> Move<'a, A> {
    pub fn new(action: A, version: Option<i64>, comment: Option<&'a str>) -> Move<'a, A> {
        Move {
            action,
            version,
            comment: comment.map(str::trim).filter(|c| !c.is_empty()),
        }
    }
}

/// The document if the caller may see it; 404 otherwise.
pub fn in_scope<D: Document>(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<D> {
    let doc = D::find(conn, id)?.ok_or(AppError::NotFound(D::FLOW.label))?;
    if Principal::owner_within(conn, &D::scope(ctx), doc.owner_id())? {
        Ok(doc)
    } else {
        Err(AppError::NotFound(D::FLOW.label))
    }
}

/// The state `action` leads to for this caller, or why not (403, then 409).
pub fn authorize<D: Document>(
    conn: &mut DbConn,
    ctx: &Ctx,
    doc: &D,
    action: D::Action,
) -> AppResult<D::State> {
    let standing = ctx.standing(conn, doc.owner_id())?;
    D::FLOW
        .decide(doc.state(), action, &standing)
        .map_err(|r| refusal(D::FLOW.label, r))
}

/// Money is approved by two people (SPEC §8): 403 `same_approver` when the caller gave the
/// first approval (`first`) and would now give the second.
pub fn ensure_second_approver(ctx: &Ctx, first: Option<i64>, what: &str) -> AppResult<()> {
    if first == Some(ctx.user_id) {
        Err(AppError::Forbidden {
            code: "same_approver",
            detail: format!(
                "you approved this {what} as manager; someone else in finance approves it"
            ),
        })
    } else {
        Ok(())
    }
}

/// The actions the caller may take on the document now (what a screen offers).
pub fn available<D: Document>(conn: &mut DbConn, ctx: &Ctx, doc: &D) -> AppResult<Vec<D::Action>> {
    let standing = ctx.standing(conn, doc.owner_id())?;
    Ok(D::FLOW.actions(doc.state(), &standing))
}

/// Takes one step; see the module's documentation for the order of checks. `effect` runs
/// after every check has passed, inside the transaction, with the document as loaded and the
/// state it goes to: it makes the step's other writes and returns the step's extra columns.
pub fn transition<D: Document>(
    tx: &mut Tx<'_>,
    ctx: &Ctx,
    id: i64,
    mv: Move<'_, D::Action>,
    effect: impl FnOnce(&mut Tx<'_>, &D, D::State) -> AppResult<D::Changes>,
) -> AppResult<D::Dto> {
    let doc: D = in_scope(tx, ctx, id)?;
    let from = doc.state();
    let to = authorize(tx, ctx, &doc, mv.action)?;
    if mv.version.is_some_and(|v| v != doc.version()) {
        return Err(AppError::stale(D::FLOW.label));
    }
    let before = doc.to_dto(tx, ctx)?;
    let changes = effect(tx, &doc, to)?;
    if !D::save(tx, id, doc.version(), to, changes, ctx.now)? {
        return Err(AppError::stale(D::FLOW.label));
    }
    history::record(
        tx,
        ctx,
        D::FLOW.document,
        id,
        mv.action.name(),
        from.name(),
        to.name(),
        mv.comment,
    )?;
    let after = D::find(tx, id)?
        .ok_or(AppError::NotFound(D::FLOW.label))?
        .to_dto(tx, ctx)?;
    audit::record(
        tx,
        &ctx.actor(),
        &format!("{}.{}", D::FLOW.document, mv.action.name()),
        D::FLOW.document,
        id,
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// The 403 or 409 for a refused step.
pub fn refusal<S: TextEnum, A: TextEnum>(label: &str, r: Refusal<S, A>) -> AppError {
    match r {
        Refusal::Forbidden(detail) => AppError::forbidden(detail),
        Refusal::InvalidState {
            from,
            action,
            allowed,
        } => {
            let allowed: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
            let instead = if allowed.is_empty() {
                String::new()
            } else {
                format!("; you may {} it", allowed.join(" or "))
            };
            AppError::conflict(
                "invalid_state",
                format!(
                    "the {label} is `{}`; it cannot be {}ed now{instead}",
                    from.name(),
                    action.name().trim_end_matches('e')
                ),
            )
        }
    }
}
