//! Training use cases: record one (a manager for the members of their teams, HR and admin for
//! anyone enabled), change it while nobody has been assessed, assess an attendee, list, and
//! the retraining list (whose latest assessment failed).

use std::collections::BTreeMap;

use salesops_domain::period::Month;
use salesops_domain::trainings::{
    AssessmentDto, AssessmentRequest, Outcome, RetrainingDto, TrainingDto, TrainingListQuery,
    TrainingRequest, distinct, needs_retraining,
};
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::{Ctx, Principal};
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::trainings::queries::{self as q, Filter, TrainingFields, TrainingRow, Visible};

fn all_seeing(ctx: &Ctx) -> bool {
    ctx.has(Role::Hr) || ctx.is_admin()
}

fn load(conn: &mut DbConn, id: i64) -> AppResult<TrainingDto> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("training"))?;
    q::to_dtos(conn, vec![row])?
        .pop()
        .ok_or(AppError::NotFound("training"))
}

fn load_assessment(conn: &mut DbConn, id: i64) -> AppResult<AssessmentDto> {
    Ok(q::find_assessment(conn, id)?
        .ok_or(AppError::NotFound("assessment"))?
        .to_dto())
}

/// Whose trainings and assessments the caller reads: HR and admin everyone's (`None`);
/// anyone else their own and, for a manager, their teams' members'.
fn people_in_scope(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Option<Vec<i64>>> {
    if all_seeing(ctx) {
        return Ok(None);
    }
    Principal::owners_in(conn, ctx.owner_scope())
}

/// The trainings the caller sees: HR and admin all; others those someone in their scope
/// attended, and those they gave or recorded.
fn visible(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Option<Visible>> {
    Ok(match people_in_scope(conn, ctx)? {
        None => None,
        Some(people) => Some(Visible {
            ids: q::attended_by(conn, &people)?,
            me: ctx.user_id,
        }),
    })
}

/// The training if the caller may see it; 404 otherwise.
fn in_scope(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<TrainingRow> {
    let row = q::find(conn, id)?.ok_or(AppError::NotFound("training"))?;
    let Some(v) = visible(conn, ctx)? else {
        return Ok(row);
    };
    if row.trainer_id == ctx.user_id || row.created_by == ctx.user_id || v.ids.contains(&id) {
        Ok(row)
    } else {
        Err(AppError::NotFound("training"))
    }
}

/// 403 unless the caller changes this training: HR and admin any, a manager one they
/// recorded.
fn ensure_manages(ctx: &Ctx, row: &TrainingRow) -> AppResult<()> {
    if all_seeing(ctx) || row.created_by == ctx.user_id {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "a training is changed by the manager who recorded it, or by HR",
        ))
    }
}

/// 422 unless the trainer is an enabled user and every attendee is one the caller may train:
/// anyone enabled (HR, admin), a member of the manager's teams (a manager).
fn check_people(conn: &mut DbConn, ctx: &Ctx, trainer_id: i64, attendees: &[i64]) -> AppResult<()> {
    let trainer = q::people(conn, &[trainer_id])?;
    if !trainer.iter().any(|p| p.enabled) {
        return Err(AppError::validation(
            "trainer_id",
            "not_found",
            "no such enabled user",
        ));
    }
    let found: BTreeMap<i64, q::Person> = q::people(conn, attendees)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for id in attendees {
        let ok = match found.get(id) {
            Some(p) if p.enabled => {
                all_seeing(ctx)
                    || (*id != ctx.user_id
                        && p.team_id.is_some_and(|t| ctx.managed_teams.contains(&t)))
            }
            _ => false,
        };
        if !ok {
            let detail = if all_seeing(ctx) {
                format!("user {id} is not an enabled user")
            } else {
                format!("user {id} is not a member of your teams")
            };
            return Err(AppError::validation(
                "attendee_ids",
                "not_in_scope",
                &detail,
            ));
        }
    }
    Ok(())
}

fn fields(req: &TrainingRequest, ctx: &Ctx) -> TrainingFields {
    TrainingFields {
        date: req.date.to_string(),
        topic: salesops_domain::text::trim(&req.topic).to_owned(),
        kind: req.kind.as_str(),
        trainer_id: req.trainer_id,
        notes: salesops_domain::text::clean(req.notes.as_deref()),
        updated_at: ctx.now,
    }
}

pub fn create(conn: &mut DbConn, ctx: &Ctx, req: &TrainingRequest) -> AppResult<TrainingDto> {
    ctx.require(Capability::TrainingsManage)?;
    let attendees = distinct(&req.attendee_ids);
    db::write(conn, |tx| {
        check_people(tx, ctx, req.trainer_id, &attendees)?;
        audit::created(
            tx,
            &ctx.actor(),
            "training.create",
            "training",
            |tx| {
                let id = q::insert(tx, &fields(req, ctx), ctx.user_id, ctx.now)?;
                q::set_attendees(tx, id, &attendees)?;
                Ok(id)
            },
            load,
        )
    })
}

/// Change a training (whoever recorded it, or HR) while nobody has been assessed on it.
pub fn update(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &TrainingRequest,
) -> AppResult<TrainingDto> {
    ctx.require(Capability::TrainingsManage)?;
    let attendees = distinct(&req.attendee_ids);
    db::write(conn, |tx| {
        let row = in_scope(tx, ctx, id)?;
        ensure_manages(ctx, &row)?;
        if req.version.is_some_and(|v| v != row.version) {
            return Err(AppError::stale("training"));
        }
        if q::has_assessment(tx, id)? {
            return Err(AppError::conflict(
                "assessed",
                "an attendee has been assessed on this training; it is no longer changed",
            ));
        }
        check_people(tx, ctx, req.trainer_id, &attendees)?;
        audit::changed(
            tx,
            &ctx.actor(),
            "training.update",
            "training",
            id,
            load,
            |tx, _| {
                if !q::update_if_version(tx, id, row.version, &fields(req, ctx))? {
                    return Err(AppError::stale("training"));
                }
                q::set_attendees(tx, id, &attendees)?;
                Ok(())
            },
        )
    })
}

/// Assess an attendee (考核): whoever changes the training; a manager only members of their
/// teams; nobody themself. A person may be assessed again; the latest counts.
pub fn assess(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    req: &AssessmentRequest,
) -> AppResult<AssessmentDto> {
    ctx.require(Capability::TrainingsManage)?;
    let note = salesops_domain::text::clean_ref(req.note.as_deref());
    db::write(conn, |tx| {
        let row = in_scope(tx, ctx, id)?;
        ensure_manages(ctx, &row)?;
        if req.user_id == ctx.user_id {
            return Err(AppError::forbidden("nobody assesses themself"));
        }
        let attends = q::attendee_ids(tx, id)?.contains(&req.user_id);
        if !attends || !(all_seeing(ctx) || ctx.manages(tx, req.user_id)?) {
            return Err(AppError::validation(
                "user_id",
                "not_attendee",
                "not an attendee of this training whom you assess",
            ));
        }
        audit::created(
            tx,
            &ctx.actor(),
            "training.assess",
            "training_assessment",
            |tx| {
                Ok(q::insert_assessment(
                    tx,
                    id,
                    req.user_id,
                    req.passed,
                    req.score,
                    note,
                    ctx.user_id,
                    ctx.now,
                )?)
            },
            load_assessment,
        )
    })
}

pub fn get(conn: &mut DbConn, ctx: &Ctx, id: i64) -> AppResult<TrainingDto> {
    ctx.require(Capability::TrainingsRead)?;
    let row = in_scope(conn, ctx, id)?;
    q::to_dtos(conn, vec![row])?
        .pop()
        .ok_or(AppError::NotFound("training"))
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    filter: &TrainingListQuery,
    page: &PageQuery,
) -> AppResult<Page<TrainingDto>> {
    ctx.require(Capability::TrainingsRead)?;
    let month = filter
        .month
        .as_deref()
        .map(|m| {
            m.parse::<Month>()
                .map_err(|_| AppError::validation("month", "month", "a month like 2026-11"))
        })
        .transpose()?;
    let mut within: Option<Vec<i64>> = None;
    let mut narrow = |ids: Vec<i64>| {
        within = Some(match within.take() {
            None => ids,
            Some(prev) => prev.into_iter().filter(|i| ids.contains(i)).collect(),
        });
    };
    if let Some(a) = filter.attendee_id {
        narrow(q::attended_by(conn, &[a])?);
    }
    if let Some(t) = filter.team_id {
        narrow(q::of_team(conn, t)?);
    }
    let f = Filter {
        visible: visible(conn, ctx)?,
        within,
        month,
    };
    q::list(conn, &f, page)
}

/// Enabled people in the caller's scope whose latest assessment failed, with it.
pub fn retraining(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Vec<RetrainingDto>> {
    ctx.require(Capability::TrainingsRead)?;
    let people = people_in_scope(conn, ctx)?;
    let mut by_user: BTreeMap<i64, Vec<q::Outcome>> = BTreeMap::new();
    for o in q::outcomes(conn, people.as_deref())? {
        by_user.entry(o.0.user_id).or_default().push(o);
    }
    let mut due = Vec::new();
    for (user_id, outcomes) in &by_user {
        let read: Vec<Outcome> = outcomes
            .iter()
            .map(|(a, date, _, _)| Outcome {
                training_date: *date,
                assessment_id: a.id,
                passed: a.passed,
            })
            .collect();
        if let Some(failed) = needs_retraining(&read) {
            let found = outcomes.iter().find(|(a, ..)| a.id == failed.assessment_id);
            if let Some(found) = found {
                due.push((*user_id, found));
            }
        }
    }
    let ids: Vec<i64> = due.iter().map(|(u, _)| *u).collect();
    let who: BTreeMap<i64, q::Person> = q::people(conn, &ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(due
        .into_iter()
        .filter_map(|(user_id, (a, date, topic, kind))| {
            let p = who.get(&user_id).filter(|p| p.enabled)?;
            Some(RetrainingDto {
                user_id,
                display_name: p.display_name.clone(),
                team_id: p.team_id,
                assessment_id: a.id,
                training_id: a.training_id,
                training_date: *date,
                topic: topic.clone(),
                kind: *kind,
            })
        })
        .collect())
}
