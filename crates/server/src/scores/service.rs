//! Score use cases that write: compute a draft, recompute it, adjust items, and the workflow
//! steps (finalize, acknowledge, dispute, resolve, reopen).

use salesops_domain::period::Month;
use salesops_domain::scoring::rubric::{RubricRole, Source};
use salesops_domain::scoring::score::{
    AdjustScoreRequest, CreateScoreRequest, DisputeOutcome, DisputeScoreRequest,
    FinalizeScoreRequest, ItemAdjustment, ResolveScoreRequest, ScoreAction, ScoreDto, ScoreLine,
    ScoreStepRequest, StoredAdjustment, tenths_of,
};
use salesops_domain::{Capability, Role};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::db::{self, DbConn, Tx};
use crate::error::{AppError, AppResult};
use crate::rubrics;
use crate::scores::document::read_scope;
use crate::scores::metrics::{self, Subject};
use crate::scores::queries::{self as q, Figures, ScoreChangeset, ScoreRow};
use crate::workflow::{self, Move};

pub(crate) fn load(conn: &mut DbConn, id: i64) -> AppResult<ScoreDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("score"))?;
    Ok(row.to_dto(q::user_name(conn, row.user_id)?))
}

pub(crate) fn month(text: &str) -> AppResult<Month> {
    text.parse()
        .map_err(|_| AppError::validation("month", "month", "a month like 2026-11"))
}

/// Which rubric scores `user_id`: a manager's when they hold the role, else a salesperson's;
/// 422 for someone who is neither.
pub(crate) fn rubric_role(conn: &mut DbConn, user_id: i64) -> AppResult<RubricRole> {
    let roles = crate::users::queries::roles_of(conn, user_id)?;
    if roles.contains(&Role::Manager) {
        Ok(RubricRole::Manager)
    } else if roles.contains(&Role::Salesperson) {
        Ok(RubricRole::Salesperson)
    } else {
        Err(AppError::validation(
            "user_id",
            "not_scored",
            "only salespeople and managers are scored",
        ))
    }
}

/// The figures of `subject`'s month from the rubric in force and the records; `keep`: the
/// adjustments of an earlier computation, kept for the codes the rubric still has.
pub(crate) fn compute(
    conn: &mut DbConn,
    ctx: &Ctx,
    subject: &Subject,
    keep: &[ScoreLine],
) -> AppResult<Figures> {
    let rubric = rubrics::in_force(conn, subject.role, subject.month)?;
    let items = &rubric.items_json.0;
    let computed = metrics::compute(conn, ctx, subject, items)?;
    let lines = items
        .iter()
        .zip(computed)
        .map(|(item, c)| {
            let mut line = ScoreLine::new(item, c);
            line.adjustment = keep
                .iter()
                .find(|k| k.code == line.code)
                .and_then(|k| k.adjustment.clone());
            line
        })
        .collect();
    let attendance = crate::attendance::service::summary_of(conn, subject.user_id, subject.month)?;
    Ok(Figures {
        rubric_version: rubric.version,
        lines,
        attendance: attendance.score_tenths,
    })
}

/// Compute the draft of a person's month: their manager (the manager's manager for a
/// manager), HR or admin; never one's own.
pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &CreateScoreRequest) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let month = month(&req.month)?;
    if req.user_id == ctx.user_id {
        return Err(AppError::forbidden("nobody scores themself"));
    }
    if !Principal::owner_within(conn, &read_scope(ctx), req.user_id)? {
        return Err(AppError::validation(
            "user_id",
            "not_found",
            "no such person among those you score",
        ));
    }
    if !(ctx.manages(conn, req.user_id)? || ctx.has(Role::Hr) || ctx.is_admin()) {
        return Err(AppError::forbidden(
            "a score is computed by the person's manager, HR or an admin",
        ));
    }
    let role = rubric_role(conn, req.user_id)?;
    let subject = Subject {
        user_id: req.user_id,
        role,
        month,
    };
    db::write(conn, |tx| {
        if q::exists(tx, req.user_id, month)? {
            return Err(AppError::validation(
                "month",
                "taken",
                "this person's month is already scored; recompute that score",
            ));
        }
        let figures = compute(tx, ctx, &subject, &[])?;
        audit::created(
            tx,
            &ctx.actor(),
            "score.create",
            "score",
            |tx| q::insert(tx, req.user_id, month, role, &figures, ctx.user_id, ctx.now),
            load,
        )
    })
}

fn subject_of(row: &ScoreRow) -> AppResult<Subject> {
    Ok(Subject {
        user_id: row.user_id,
        role: row.role,
        month: month(&row.month)?,
    })
}

/// Refresh a draft's computed items from the records (idempotent: the same records give the
/// same score; the adjustments stay).
pub fn recompute(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ScoreStepRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let mv = Move::new(ScoreAction::Recompute, Some(req.version), None);
    db::write(conn, |tx| {
        workflow::transition::<ScoreRow>(tx, ctx, id, mv, |tx, row, _| {
            let figures = compute(tx, ctx, &subject_of(row)?, row.lines())?;
            ScoreChangeset::figures(&figures, ctx.now)
        })
    })
}

/// Apply adjustments to a copy of `lines`: each names an item; a manual item takes
/// occurrences or points, a computed one is overridden by points; points lie within the
/// item's maximum with at most one decimal.
fn adjusted(
    ctx: &Ctx,
    lines: &[ScoreLine],
    items: &[ItemAdjustment],
    field: &str,
) -> AppResult<Vec<ScoreLine>> {
    let mut out = lines.to_vec();
    for (i, adj) in items.iter().enumerate() {
        let at = |name: &str| format!("{field}[{i}].{name}");
        let line = out.iter_mut().find(|l| l.code == adj.code).ok_or_else(|| {
            AppError::validation(&at("code"), "not_found", "no such item in this score")
        })?;
        let points = match adj.points {
            Some(p) => Some(
                tenths_of(p)
                    .filter(|t| (0..=line.max_points).contains(t))
                    .ok_or_else(|| {
                        AppError::validation(
                            &at("points"),
                            "range",
                            &format!(
                                "between 0 and {} with at most one decimal",
                                salesops_domain::scoring::show(line.max_points)
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        if adj.occurrences.is_some() && line.source != Source::Manual {
            return Err(AppError::validation(
                &at("occurrences"),
                "computed",
                "a computed item's occurrences come from the records; override its points",
            ));
        }
        if adj.occurrences.is_none() && points.is_none() {
            return Err(AppError::validation(
                &at("points"),
                "required",
                "send occurrences (manual items) or points",
            ));
        }
        line.adjustment = Some(StoredAdjustment {
            occurrences: adj.occurrences,
            points,
            note: salesops_domain::text::trim(&adj.note).to_owned(),
            by: ctx.user_id,
            at: crate::clock::utc(ctx.now),
        });
    }
    Ok(out)
}

fn with_lines(row: &ScoreRow, lines: Vec<ScoreLine>, ctx: &Ctx) -> AppResult<ScoreChangeset> {
    let figures = Figures {
        rubric_version: row.rubric_version,
        lines,
        attendance: row.attendance,
    };
    ScoreChangeset::figures(&figures, ctx.now)
}

/// Enter manual items and override computed ones, each with its note (a draft; the person's
/// manager chain or admin).
pub fn adjust(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &AdjustScoreRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let mv = Move::new(ScoreAction::Adjust, Some(req.version), None);
    db::write(conn, |tx| {
        workflow::transition::<ScoreRow>(tx, ctx, id, mv, |_, row, _| {
            let lines = adjusted(ctx, row.lines(), &req.items, "items")?;
            with_lines(row, lines, ctx)
        })
    })
}

/// 讲评 done: the note is required; the score is locked.
pub fn finalize(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &FinalizeScoreRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let note = salesops_domain::text::trim(&req.discussion_note).to_owned();
    let mv = Move::new(ScoreAction::Finalize, Some(req.version), Some(&note));
    step(conn, ctx, id, mv, |_, _| {
        Ok(ScoreChangeset {
            discussion_note: Some(Some(note.clone())),
            finalized_by: Some(Some(ctx.user_id)),
            finalized_at: Some(Some(ctx.now)),
            ..Default::default()
        })
    })
}

pub fn acknowledge(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ScoreStepRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let mv = Move::new(
        ScoreAction::Acknowledge,
        Some(req.version),
        req.reason.as_deref(),
    );
    step(conn, ctx, id, mv, |_, _| Ok(ScoreChangeset::default()))
}

pub fn dispute(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &DisputeScoreRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let reason = salesops_domain::text::trim(&req.reason).to_owned();
    let mv = Move::new(ScoreAction::Dispute, Some(req.version), Some(&reason));
    step(conn, ctx, id, mv, |_, _| {
        Ok(ScoreChangeset {
            dispute_reason: Some(Some(reason.clone())),
            ..Default::default()
        })
    })
}

/// Decide a dispute (the manager's manager or HR, never whoever finalized the score): back to
/// finalized, `changed` with the adjustments sent.
pub fn resolve(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ResolveScoreRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let note = format!(
        "{}: {}",
        req.outcome,
        salesops_domain::text::trim(&req.note)
    );
    let mv = Move::new(ScoreAction::Resolve, Some(req.version), Some(&note));
    step(conn, ctx, id, mv, |_, row| {
        if row.finalized_by == Some(ctx.user_id) {
            return Err(AppError::Forbidden {
                code: "same_approver",
                detail: "you finalized this score; the dispute goes to the manager's manager or HR"
                    .into(),
            });
        }
        match req.outcome {
            DisputeOutcome::Upheld if !req.items.is_empty() => Err(AppError::validation(
                "items",
                "upheld",
                "an upheld score keeps its items; send `changed` to change them",
            )),
            DisputeOutcome::Upheld => Ok(ScoreChangeset::default()),
            DisputeOutcome::Changed if req.items.is_empty() => Err(AppError::validation(
                "items",
                "required",
                "a changed score names the items it changes",
            )),
            DisputeOutcome::Changed => {
                let lines = adjusted(ctx, row.lines(), &req.items, "items")?;
                with_lines(row, lines, ctx)
            }
        }
    })
}

/// Unlock a score (HR, with a reason): back to draft, to be recomputed, adjusted and
/// finalized again.
pub fn reopen(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &ScoreStepRequest,
) -> AppResult<ScoreDto> {
    ctx.require(Capability::ScoresWrite)?;
    let reason = req
        .reason
        .as_deref()
        .map(salesops_domain::text::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| AppError::validation("reason", "required", "say why it is reopened"))?
        .to_owned();
    let mv = Move::new(ScoreAction::Reopen, Some(req.version), Some(&reason));
    step(conn, ctx, id, mv, |_, _| {
        Ok(ScoreChangeset {
            finalized_by: Some(None),
            finalized_at: Some(None),
            ..Default::default()
        })
    })
}

fn step(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    mv: Move<'_, ScoreAction>,
    effect: impl FnOnce(&mut Tx<'_>, &ScoreRow) -> AppResult<ScoreChangeset>,
) -> AppResult<ScoreDto> {
    db::write(conn, |tx| {
        workflow::transition::<ScoreRow>(tx, ctx, id, mv, |tx, row, _| {
            let mut changes = effect(tx, row)?;
            changes.updated_at = Some(ctx.now);
            Ok(changes)
        })
    })
}
