//! Diesel queries for scores.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::scoring::rubric::RubricRole;
use salesops_domain::scoring::score::{
    self, ScoreDto, ScoreLine, ScoreListQuery, ScoreState, points,
};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{scores, users};
use crate::db::types::{Json, json_text};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scores)]
pub struct ScoreRow {
    pub id: i64,
    pub user_id: i64,
    pub month: String,
    pub role: RubricRole,
    pub state: ScoreState,
    pub version: i64,
    pub rubric_version: i64,
    pub daily_work: i64,
    pub attendance: i64,
    pub total: i64,
    pub items_json: Json<Vec<ScoreLine>>,
    pub discussion_note: Option<String>,
    pub dispute_reason: Option<String>,
    pub finalized_by: Option<i64>,
    pub finalized_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ScoreRow {
    pub fn lines(&self) -> &[ScoreLine] {
        &self.items_json.0
    }

    pub fn to_dto(&self, user_name: String) -> ScoreDto {
        ScoreDto {
            id: self.id,
            user_id: self.user_id,
            user_name,
            month: self.month.clone(),
            role: self.role,
            state: self.state,
            rubric_version: self.rubric_version,
            daily_work: points(self.daily_work),
            attendance: points(self.attendance),
            total: points(self.total),
            total_tenths: self.total,
            items: self.lines().iter().map(ScoreLine::to_dto).collect(),
            discussion_note: self.discussion_note.clone(),
            dispute_reason: self.dispute_reason.clone(),
            finalized_by: self.finalized_by,
            finalized_at: self.finalized_at.map(clock::utc),
            version: self.version,
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// A score's figures: the lines and what they add up to with the month's attendance.
#[derive(Debug, Clone)]
pub struct Figures {
    pub rubric_version: i64,
    pub lines: Vec<ScoreLine>,
    pub attendance: i64,
}

impl Figures {
    /// (daily work, total) in tenths.
    pub fn totals(&self) -> (i64, i64) {
        score::totals(&self.lines, self.attendance)
    }
}

/// The columns a step or an edit sets besides the state and the version.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = scores)]
pub struct ScoreChangeset {
    pub state: Option<&'static str>,
    pub rubric_version: Option<i64>,
    pub daily_work: Option<i64>,
    pub attendance: Option<i64>,
    pub total: Option<i64>,
    pub items_json: Option<String>,
    pub discussion_note: Option<Option<String>>,
    pub dispute_reason: Option<Option<String>>,
    pub finalized_by: Option<Option<i64>>,
    pub finalized_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

impl ScoreChangeset {
    /// The changes that store `figures`.
    pub fn figures(figures: &Figures, now: NaiveDateTime) -> AppResult<ScoreChangeset> {
        let (daily, total) = figures.totals();
        Ok(ScoreChangeset {
            rubric_version: Some(figures.rubric_version),
            daily_work: Some(daily),
            attendance: Some(figures.attendance),
            total: Some(total),
            items_json: Some(json_text(&figures.lines)?),
            updated_at: Some(now),
            ..Default::default()
        })
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<ScoreRow>> {
    scores::table
        .find(id)
        .select(ScoreRow::as_select())
        .first(conn)
        .optional()
}

pub fn exists(conn: &mut DbConn, user_id: i64, month: Month) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        scores::table
            .filter(scores::user_id.eq(user_id))
            .filter(scores::month.eq(month.to_string())),
    ))
    .get_result(conn)
}

pub fn insert(
    tx: &mut Tx<'_>,
    user_id: i64,
    month: Month,
    role: RubricRole,
    figures: &Figures,
    created_by: i64,
    now: NaiveDateTime,
) -> AppResult<i64> {
    let (daily, total) = figures.totals();
    Ok(diesel::insert_into(scores::table)
        .values((
            scores::user_id.eq(user_id),
            scores::month.eq(month.to_string()),
            scores::role.eq(role.as_str()),
            scores::state.eq(ScoreState::Draft.as_str()),
            scores::rubric_version.eq(figures.rubric_version),
            scores::daily_work.eq(daily),
            scores::attendance.eq(figures.attendance),
            scores::total.eq(total),
            scores::items_json.eq(json_text(&figures.lines)?),
            scores::created_by.eq(created_by),
            scores::created_at.eq(now),
            scores::updated_at.eq(now),
        ))
        .returning(scores::id)
        .get_result(tx.conn())?)
}

pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &ScoreChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(scores::table.find(id).filter(scores::version.eq(version)))
        .set((changes, scores::version.eq(version + 1)))
        .execute(tx.conn())?;
    Ok(n == 1)
}

pub fn user_name(conn: &mut DbConn, user_id: i64) -> QueryResult<String> {
    users::table
        .find(user_id)
        .select(users::display_name)
        .first(conn)
}

/// Scores of `owners` (`None`: everyone) with the filters, newest month first.
type Boxed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<scores::table, users::table>,
    crate::db::MultiBackend,
>;

/// The scores a list shows: of `owners` (`None`: everyone) and `members`, filtered; with a
/// `resolver`, only the disputes they may resolve — not their own, not those they finalized.
fn filtered(
    owners: Option<&[i64]>,
    filter: &ScoreListQuery,
    members: Option<&[i64]>,
    resolver: Option<i64>,
) -> Boxed {
    let mut q = scores::table.inner_join(users::table).into_boxed();
    if let Some(owners) = owners {
        q = q.filter(scores::user_id.eq_any(owners.to_vec()));
    }
    if let Some(members) = members {
        q = q.filter(scores::user_id.eq_any(members.to_vec()));
    }
    if let Some(user) = filter.user_id {
        q = q.filter(scores::user_id.eq(user));
    }
    if let Some(month) = &filter.month {
        q = q.filter(scores::month.eq(month.clone()));
    }
    if let Some(state) = filter.state {
        q = q.filter(scores::state.eq(state.as_str()));
    }
    if let Some(me) = resolver {
        q = q
            .filter(scores::state.eq(ScoreState::Disputed.as_str()))
            .filter(scores::user_id.ne(me))
            .filter(
                scores::finalized_by
                    .is_null()
                    .or(scores::finalized_by.ne(me)),
            );
    }
    q
}

/// How many scores [`list`] would show and since when the oldest has waited: finalized ones
/// since they were finalized, others since their last change (a dispute is one).
pub fn waiting(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &ScoreListQuery,
    resolver: Option<i64>,
) -> QueryResult<list::Waiting> {
    let q = filtered(owners, filter, None, resolver);
    Ok(if filter.state == Some(ScoreState::Finalized) {
        list::waiting!(conn, q, scores::finalized_at)
    } else {
        list::waiting!(conn, q, scores::updated_at.nullable())
    })
}

pub fn list(
    conn: &mut DbConn,
    owners: Option<&[i64]>,
    filter: &ScoreListQuery,
    members: Option<&[i64]>,
    resolver: Option<i64>,
    page: &PageQuery,
) -> AppResult<Page<ScoreDto>> {
    let build = || filtered(owners, filter, members, resolver);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = scores::id,
        changed = scores::updated_at,
        order = (scores::month.desc(), scores::id.desc()),
        select = (ScoreRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (ScoreRow, String)| {
        Ok::<_, AppError>(r.to_dto(name))
    })
}

/// (user, month, total, state) of the scores of `users` in `months`, for the annual score and
/// the alerts: one statement.
pub fn totals_of(
    conn: &mut DbConn,
    users: &[i64],
    months: &[String],
) -> QueryResult<Vec<(i64, String, i64, ScoreState)>> {
    scores::table
        .filter(scores::user_id.eq_any(users.to_vec()))
        .filter(scores::month.eq_any(months.to_vec()))
        .select((scores::user_id, scores::month, scores::total, scores::state))
        .load(conn)
}

/// (user, score id, state) of a month's scores of `users`.
pub fn states_of(
    conn: &mut DbConn,
    users: &[i64],
    month: Month,
) -> QueryResult<Vec<(i64, i64, ScoreState)>> {
    scores::table
        .filter(scores::user_id.eq_any(users.to_vec()))
        .filter(scores::month.eq(month.to_string()))
        .select((scores::user_id, scores::id, scores::state))
        .load(conn)
}
