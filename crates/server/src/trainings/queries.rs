//! Diesel queries for trainings, their attendees and assessments.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::trainings::{AssessmentDto, TrainingAttendee, TrainingDto, TrainingKind};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{training_assessments, training_attendees, trainings, users};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = trainings)]
pub struct TrainingRow {
    pub id: i64,
    pub date: NaiveDate,
    pub topic: String,
    pub kind: TrainingKind,
    pub trainer_id: i64,
    pub notes: Option<String>,
    pub version: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = training_assessments)]
pub struct AssessmentRow {
    pub id: i64,
    pub training_id: i64,
    pub user_id: i64,
    pub passed: bool,
    pub score: Option<i32>,
    pub note: Option<String>,
    pub assessed_by: i64,
    pub created_at: NaiveDateTime,
}

impl AssessmentRow {
    pub fn to_dto(&self) -> AssessmentDto {
        AssessmentDto {
            id: self.id,
            training_id: self.training_id,
            user_id: self.user_id,
            passed: self.passed,
            score: self.score,
            note: self.note.clone(),
            assessed_by: self.assessed_by,
            created_at: clock::utc(self.created_at),
        }
    }
}

/// The columns of a training a create or an edit writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = trainings)]
pub struct TrainingFields {
    pub date: String,
    pub topic: String,
    pub kind: &'static str,
    pub trainer_id: i64,
    #[diesel(treat_none_as_null = true)]
    pub notes: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// A user as a training reads them: id, name, team and whether they are enabled.
pub struct Person {
    pub id: i64,
    pub display_name: String,
    pub team_id: Option<i64>,
    pub enabled: bool,
}

pub fn people(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Person>> {
    let rows: Vec<(i64, String, Option<i64>, Option<NaiveDateTime>)> = users::table
        .filter(users::id.eq_any(ids.to_vec()))
        .select((
            users::id,
            users::display_name,
            users::team_id,
            users::disabled_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, display_name, team_id, disabled)| Person {
            id,
            display_name,
            team_id,
            enabled: disabled.is_none(),
        })
        .collect())
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<TrainingRow>> {
    trainings::table
        .find(id)
        .select(TrainingRow::as_select())
        .first(conn)
        .optional()
}

pub fn attendee_ids(conn: &mut DbConn, training_id: i64) -> QueryResult<Vec<i64>> {
    training_attendees::table
        .filter(training_attendees::training_id.eq(training_id))
        .select(training_attendees::user_id)
        .order(training_attendees::user_id.asc())
        .load(conn)
}

pub fn has_assessment(conn: &mut DbConn, training_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        training_assessments::table.filter(training_assessments::training_id.eq(training_id)),
    ))
    .get_result(conn)
}

pub fn insert(
    tx: &mut Tx<'_>,
    fields: &TrainingFields,
    created_by: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(trainings::table)
        .values((
            fields,
            trainings::created_by.eq(created_by),
            trainings::created_at.eq(now),
        ))
        .returning(trainings::id)
        .get_result(tx.conn())
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    fields: &TrainingFields,
) -> QueryResult<bool> {
    let n = diesel::update(
        trainings::table
            .find(id)
            .filter(trainings::version.eq(version)),
    )
    .set((fields, trainings::version.eq(version + 1)))
    .execute(tx.conn())?;
    Ok(n == 1)
}

/// Replaces the training's attendees with `ids`.
pub fn set_attendees(tx: &mut Tx<'_>, training_id: i64, ids: &[i64]) -> QueryResult<()> {
    diesel::delete(
        training_attendees::table.filter(training_attendees::training_id.eq(training_id)),
    )
    .execute(tx.conn())?;
    // One row at a time: the multi-backend connection has no batch insert.
    for u in ids {
        diesel::insert_into(training_attendees::table)
            .values((
                training_attendees::training_id.eq(training_id),
                training_attendees::user_id.eq(*u),
            ))
            .execute(tx.conn())?;
    }
    Ok(())
}

/// Records an attendee's assessment: a change of the training, which lists its assessments.
#[allow(clippy::too_many_arguments)]
pub fn insert_assessment(
    tx: &mut Tx<'_>,
    training_id: i64,
    user_id: i64,
    passed: bool,
    score: Option<i32>,
    note: Option<&str>,
    by: i64,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    let id = diesel::insert_into(training_assessments::table)
        .values((
            training_assessments::training_id.eq(training_id),
            training_assessments::user_id.eq(user_id),
            training_assessments::passed.eq(passed),
            training_assessments::score.eq(score),
            training_assessments::note.eq(note),
            training_assessments::assessed_by.eq(by),
            training_assessments::created_at.eq(now),
        ))
        .returning(training_assessments::id)
        .get_result(tx.conn())?;
    diesel::update(trainings::table.find(training_id))
        .set(trainings::updated_at.eq(now))
        .execute(tx.conn())?;
    Ok(id)
}

pub fn find_assessment(conn: &mut DbConn, id: i64) -> QueryResult<Option<AssessmentRow>> {
    training_assessments::table
        .find(id)
        .select(AssessmentRow::as_select())
        .first(conn)
        .optional()
}

/// The trainings as the API shows them: three more queries for any number of rows.
pub fn to_dtos(conn: &mut DbConn, rows: Vec<TrainingRow>) -> AppResult<Vec<TrainingDto>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let attending: Vec<(i64, i64, String, Option<i64>)> = training_attendees::table
        .inner_join(users::table)
        .filter(training_attendees::training_id.eq_any(ids.clone()))
        .select((
            training_attendees::training_id,
            users::id,
            users::display_name,
            users::team_id,
        ))
        .order((training_attendees::training_id, users::id))
        .load(conn)?;
    let mut attendees: BTreeMap<i64, Vec<TrainingAttendee>> = BTreeMap::new();
    for (t, user_id, display_name, team_id) in attending {
        attendees.entry(t).or_default().push(TrainingAttendee {
            user_id,
            display_name,
            team_id,
        });
    }
    let assessed: Vec<AssessmentRow> = training_assessments::table
        .filter(training_assessments::training_id.eq_any(ids))
        .select(AssessmentRow::as_select())
        .order(training_assessments::id.asc())
        .load(conn)?;
    let mut assessments: BTreeMap<i64, Vec<AssessmentDto>> = BTreeMap::new();
    for a in assessed {
        assessments
            .entry(a.training_id)
            .or_default()
            .push(a.to_dto());
    }
    let trainer_ids: Vec<i64> = rows.iter().map(|r| r.trainer_id).collect();
    let names: BTreeMap<i64, String> = users::table
        .filter(users::id.eq_any(trainer_ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let attendees = attendees.remove(&r.id).unwrap_or_default();
            TrainingDto {
                id: r.id,
                date: r.date,
                topic: r.topic,
                kind: r.kind,
                trainer_id: r.trainer_id,
                trainer_name: names.get(&r.trainer_id).cloned().unwrap_or_default(),
                attendee_ids: attendees.iter().map(|a| a.user_id).collect(),
                attendees,
                notes: r.notes,
                assessments: assessments.remove(&r.id).unwrap_or_default(),
                created_by: r.created_by,
                version: r.version,
                created_at: clock::utc(r.created_at),
                updated_at: clock::utc(r.updated_at),
            }
        })
        .collect())
}

/// Trainings some of `attendees` attended.
pub fn attended_by(conn: &mut DbConn, attendees: &[i64]) -> QueryResult<Vec<i64>> {
    training_attendees::table
        .filter(training_attendees::user_id.eq_any(attendees.to_vec()))
        .select(training_attendees::training_id)
        .distinct()
        .load(conn)
}

/// Trainings attended by a member of `team_id`.
pub fn of_team(conn: &mut DbConn, team_id: i64) -> QueryResult<Vec<i64>> {
    training_attendees::table
        .inner_join(users::table)
        .filter(users::team_id.eq(team_id))
        .select(training_attendees::training_id)
        .distinct()
        .load(conn)
}

/// Who may be seen: everyone (`None`), or the trainings in `ids` plus those `me` gave or
/// recorded.
pub struct Visible {
    pub ids: Vec<i64>,
    pub me: i64,
}

pub struct Filter {
    pub visible: Option<Visible>,
    /// Narrowing by team or attendee (the trainings' ids).
    pub within: Option<Vec<i64>>,
    pub month: Option<Month>,
}

pub fn list(conn: &mut DbConn, filter: &Filter, page: &PageQuery) -> AppResult<Page<TrainingDto>> {
    let build = || {
        let mut q = trainings::table.into_boxed();
        if let Some(v) = &filter.visible {
            q = q.filter(
                trainings::id
                    .eq_any(v.ids.clone())
                    .or(trainings::trainer_id.eq(v.me))
                    .or(trainings::created_by.eq(v.me)),
            );
        }
        if let Some(ids) = &filter.within {
            q = q.filter(trainings::id.eq_any(ids.clone()));
        }
        if let Some(m) = filter.month {
            q = q.filter(
                trainings::date.between(m.first_day().to_string(), m.last_day().to_string()),
            );
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = trainings::id,
        changed = trainings::updated_at,
        order = (trainings::date.desc(), trainings::id.desc()),
        select = TrainingRow::as_select(),
    );
    fetched
        .map_rows(|rows| to_dtos(conn, rows))?
        .into_page(page, Ok::<_, crate::error::AppError>)
}

/// Every assessment of `users` (`None`: everyone's) with its training's date, topic and kind.
pub type Outcome = (AssessmentRow, NaiveDate, String, TrainingKind);

pub fn outcomes(conn: &mut DbConn, users_in: Option<&[i64]>) -> QueryResult<Vec<Outcome>> {
    let mut q = training_assessments::table
        .inner_join(trainings::table)
        .into_boxed();
    if let Some(ids) = users_in {
        q = q.filter(training_assessments::user_id.eq_any(ids.to_vec()));
    }
    q.select((
        AssessmentRow::as_select(),
        trainings::date,
        trainings::topic,
        trainings::kind,
    ))
    .load(conn)
}
