//! `GET /follow-ups/due`: the clients in scope due for a follow-up on a day, or overdue.

use chrono::NaiveDate;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;
use salesops_domain::cadence::{days_overdue, due_status};
use salesops_domain::client_changes::{DueClientDto, DueQuery};
use salesops_domain::{Page, PageQuery};

use crate::access::Ctx;
use crate::clients::queries::ClientRow;
use crate::clients::scope;
use crate::clock;
use crate::db::DbConn;
use crate::db::list::{self, Waiting};
use crate::db::schema::{clients, users};
use crate::error::{AppError, AppResult};

type Boxed = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<clients::table, users::table>,
    crate::db::MultiBackend,
>;

/// The clients the due list shows on `day`: live ones of `owners` (`None`: everyone's) due
/// on or before it, filtered.
fn filtered(
    owners: Option<&[i64]>,
    team: Option<&[i64]>,
    query: &DueQuery,
    day: NaiveDate,
) -> Boxed {
    let mut q = scope::owned_by(
        clients::table
            .inner_join(users::table)
            .filter(clients::archived_at.is_null())
            .filter(clients::next_due.le(day.format("%Y-%m-%d").to_string()))
            .into_boxed(),
        owners,
    );
    if let Some(ids) = team {
        q = q.filter(clients::owner_id.eq_any(ids.to_vec()));
    }
    if let Some(o) = query.owner_id {
        q = q.filter(clients::owner_id.eq(o));
    }
    q
}

/// The inbox's counts for the caller's own clients, each what the due list shows: `overdue`
/// — `GET /follow-ups/due?owner_id=me&date=<yesterday>` (due before today); `due_today` — the
/// list of today less those. Each with the earliest due day, as its start in the business
/// time zone.
pub fn waiting(conn: &mut DbConn, ctx: &Ctx) -> AppResult<(Waiting, Waiting)> {
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    let mine = DueQuery {
        owner_id: Some(ctx.user_id),
        ..DueQuery::default()
    };
    let today = ctx.today();
    let count = |conn: &mut DbConn, day: NaiveDate| -> AppResult<(i64, Option<NaiveDate>)> {
        let (n, first): (i64, Option<NaiveDate>) = filtered(owners.as_deref(), None, &mine, day)
            .select((count_star(), min(clients::next_due)))
            .get_result(conn)?;
        Ok((n, first))
    };
    let (overdue, first_overdue) = match today.pred_opt() {
        Some(yesterday) => count(conn, yesterday)?,
        None => (0, None),
    };
    let (due, _) = count(conn, today)?;
    let start = |d: NaiveDate| day_start(d, ctx.tz());
    Ok((
        Waiting {
            count: overdue,
            since: first_overdue.and_then(start),
        },
        Waiting {
            count: due - overdue,
            since: (due > overdue).then_some(today).and_then(start),
        },
    ))
}

/// When `day` begins in `tz`, in UTC (the earliest instant, should a clock change skip
/// midnight).
fn day_start(day: NaiveDate, tz: chrono_tz::Tz) -> Option<chrono::NaiveDateTime> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(tz)
        .earliest()
        .map(|t| t.naive_utc())
}

/// Soonest due first (the most overdue on top), ties by id.
pub fn due(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &DueQuery,
    page: &PageQuery,
) -> AppResult<Page<DueClientDto>> {
    scope::require_client_role(ctx)?;
    let day = query.date.unwrap_or_else(|| ctx.today());
    let owners = scope::owner_ids(conn, ctx)?;
    let team = query
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    let build = || filtered(owners.as_deref(), team.as_deref(), query, day);
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = clients::id,
        changed = clients::updated_at,
        order = (clients::next_due.asc(), clients::id.asc()),
        select = (ClientRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, owner_name)| {
        // The filter keeps only clients with a due date.
        let due = r.next_due.unwrap_or(day);
        Ok::<_, AppError>(DueClientDto {
            client_id: r.id,
            owner_name,
            name: r.name,
            company: r.company,
            phone: r.phone,
            tier: r.tier,
            stage: r.stage,
            owner_id: r.owner_id,
            due_date: due,
            status: due_status(due, day),
            days_overdue: days_overdue(due, day),
            last_follow_up_at: r.last_follow_up_at.map(clock::utc),
        })
    })
}
