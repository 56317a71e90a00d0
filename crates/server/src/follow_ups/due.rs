//! `GET /follow-ups/due`: the clients in scope due for a follow-up on a day, or overdue.

use diesel::prelude::*;
use salesops_domain::cadence::{days_overdue, due_status};
use salesops_domain::client_changes::{DueClientDto, DueQuery};
use salesops_domain::{Page, PageQuery};

use crate::access::Ctx;
use crate::clients::queries::ClientRow;
use crate::clients::scope;
use crate::clock;
use crate::db::DbConn;
use crate::db::list;
use crate::db::schema::{clients, users};
use crate::error::{AppError, AppResult};

/// Soonest due first (the most overdue on top), ties by id.
pub fn due(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &DueQuery,
    page: &PageQuery,
) -> AppResult<Page<DueClientDto>> {
    scope::require_client_role(ctx)?;
    let day = query.date.unwrap_or_else(|| ctx.today());
    let day_s = day.format("%Y-%m-%d").to_string();
    let owners = scope::owner_ids(conn, ctx)?;
    let team = query
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    let build = || {
        let mut q = scope::owned_by(
            clients::table
                .inner_join(users::table)
                .filter(clients::archived_at.is_null())
                .filter(clients::next_due.le(day_s.clone()))
                .into_boxed(),
            owners.as_deref(),
        );
        if let Some(ids) = &team {
            q = q.filter(clients::owner_id.eq_any(ids.clone()));
        }
        if let Some(o) = query.owner_id {
            q = q.filter(clients::owner_id.eq(o));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = clients::id,
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
