//! `GET /follow-ups/due`: the clients in scope due for a follow-up on a day, or overdue.

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::cadence::{days_overdue, due_status};
use salesops_domain::client_changes::{DueClientDto, DueQuery};
use salesops_domain::{Page, PageQuery};

use crate::auth::Principal;
use crate::clients::queries::ClientRow;
use crate::clients::scope;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{clients, users};
use crate::error::AppResult;

/// Soonest due first (the most overdue on top), ties by id.
pub fn due(
    conn: &mut DbConn,
    principal: &Principal,
    query: &DueQuery,
    page: PageQuery,
    tz: chrono_tz::Tz,
) -> AppResult<Page<DueClientDto>> {
    scope::require_client_role(principal)?;
    let day = query.date.unwrap_or_else(|| scope::today(tz));
    let day_s = day.format("%Y-%m-%d").to_string();
    let owners = scope::owner_ids(conn, principal)?;
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
    let total: i64 = build().count().get_result(conn)?;
    let rows: Vec<(ClientRow, String)> = build()
        .select((ClientRow::as_select(), users::display_name))
        .order((clients::next_due.asc(), clients::id.asc()))
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    let items = rows
        .into_iter()
        .filter_map(|(r, owner_name)| {
            let due = NaiveDate::parse_from_str(r.next_due.as_deref()?, "%Y-%m-%d").ok()?;
            Some(DueClientDto {
                client_id: r.id,
                owner_name,
                name: r.name,
                company: r.company,
                phone: r.phone,
                tier: r.tier.parse().unwrap_or_default(),
                stage: r.stage.parse().unwrap_or_default(),
                owner_id: r.owner_id,
                due_date: due,
                status: due_status(due, day),
                days_overdue: days_overdue(due, day),
                last_follow_up_at: r.last_follow_up_at.map(clock::utc),
            })
        })
        .collect();
    Ok(Page::new(items, total, page))
}
