//! `GET /clients` and its CSV export: filters, scope, stable order, one page.

use diesel::prelude::*;
use salesops_domain::client_changes::{ClientListQuery, ClientSort};
use salesops_domain::clients::ClientDto;
use salesops_domain::phone::normalize_phone;
use salesops_domain::{Page, PageQuery};

use crate::auth::Principal;
use crate::clients::queries::{self as q, ClientRow};
use crate::clients::scope;
use crate::db::DbConn;
use crate::db::schema::clients;
use crate::error::AppResult;
use crate::users::queries::{like_pattern, lower};

diesel::define_sql_function! {
    #[sql_name = "lower"]
    fn lower_opt(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

type Backend = <DbConn as diesel::Connection>::Backend;
type Boxed = clients::BoxedQuery<'static, Backend>;

/// The digits a search text may mean as a phone: `+86 138-00` → `13800`.
fn phone_digits(text: &str) -> Option<String> {
    if let Some(n) = normalize_phone(text) {
        return Some(n);
    }
    let half: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    if !half
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()".contains(c))
    {
        return None;
    }
    let digits: String = half.chars().filter(char::is_ascii_digit).collect();
    let national = if half.trim_start().starts_with('+') {
        digits.strip_prefix("86").unwrap_or(&digits)
    } else {
        digits.strip_prefix("0086").unwrap_or(&digits)
    };
    (national.len() >= 3).then(|| national.to_owned())
}

/// The filtered query, before order and page.
fn filtered(
    filter: &ClientListQuery,
    owners: &Option<Vec<i64>>,
    team: &Option<Vec<i64>>,
    today: &str,
) -> Boxed {
    let mut query = clients::table.into_boxed();
    if let Some(ids) = owners {
        query = query.filter(clients::owner_id.eq_any(ids.clone()));
    }
    if let Some(ids) = team {
        query = query.filter(clients::owner_id.eq_any(ids.clone()));
    }
    if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = like_pattern(&text.to_lowercase());
        let by_text = lower(clients::name)
            .like(pattern.clone())
            .escape('\\')
            .or(lower_opt(clients::company)
                .like(pattern)
                .escape('\\')
                .assume_not_null());
        query = match phone_digits(text) {
            Some(d) => {
                let p = like_pattern(&d);
                query.filter(
                    by_text
                        .or(clients::phone_norm
                            .like(p.clone())
                            .escape('\\')
                            .assume_not_null())
                        .or(clients::phone2_norm.like(p).escape('\\').assume_not_null()),
                )
            }
            None => query.filter(by_text),
        };
    }
    if let Some(o) = filter.owner_id {
        query = query.filter(clients::owner_id.eq(o));
    }
    if let Some(v) = filter.tier {
        query = query.filter(clients::tier.eq(v.as_str()));
    }
    if let Some(v) = filter.stage {
        query = query.filter(clients::stage.eq(v.as_str()));
    }
    if let Some(v) = filter.credit {
        query = query.filter(clients::credit.eq(v.as_str()));
    }
    if let Some(v) = filter.source {
        query = query.filter(clients::source.eq(v.as_str()));
    }
    if let Some(v) = filter
        .region
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        query = query.filter(clients::region.eq(v.to_owned()));
    }
    if let Some(t) = filter.created_from {
        query = query.filter(clients::created_at.ge(t.naive_utc()));
    }
    if let Some(t) = filter.created_to {
        query = query.filter(clients::created_at.lt(t.naive_utc()));
    }
    if let Some(t) = filter.updated_from {
        query = query.filter(clients::updated_at.ge(t.naive_utc()));
    }
    if let Some(t) = filter.updated_to {
        query = query.filter(clients::updated_at.lt(t.naive_utc()));
    }
    match filter.overdue {
        Some(true) => query = query.filter(clients::next_due.lt(today.to_owned())),
        Some(false) => {
            query = query.filter(
                clients::next_due
                    .is_null()
                    .or(clients::next_due.ge(today.to_owned()).assume_not_null()),
            )
        }
        None => {}
    }
    if filter.archived == Some(true) {
        query = query.filter(clients::archived_at.is_not_null());
    } else {
        query = query.filter(clients::archived_at.is_null());
    }
    query
}

fn ordered(query: Boxed, sort: ClientSort) -> Boxed {
    match sort {
        ClientSort::Name => query.order((clients::name.asc(), clients::id.asc())),
        ClientSort::Updated => query.order((clients::updated_at.desc(), clients::id.desc())),
        ClientSort::NextFollowUp => query.order((
            clients::next_due.is_null().asc(),
            clients::next_due.asc(),
            clients::id.asc(),
        )),
    }
}

/// One page of the clients the caller may see.
pub fn list(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &ClientListQuery,
    page: PageQuery,
    tz: chrono_tz::Tz,
) -> AppResult<Page<ClientDto>> {
    scope::require_client_role(principal)?;
    let owners = scope::owner_ids(conn, principal)?;
    let team = filter
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    let today = scope::today(tz);
    let today_s = today.format("%Y-%m-%d").to_string();
    let total: i64 = filtered(filter, &owners, &team, &today_s)
        .count()
        .get_result(conn)?;
    let rows: Vec<ClientRow> = ordered(
        filtered(filter, &owners, &team, &today_s),
        filter.sort.unwrap_or(ClientSort::Updated),
    )
    .select(ClientRow::as_select())
    .limit(page.limit())
    .offset(page.offset())
    .load(conn)?;
    let items = q::to_dtos(conn, rows, today)?;
    Ok(Page::new(items, total, page))
}

/// Every client matching the filter that the caller may see, in name order (for export).
pub fn all(
    conn: &mut DbConn,
    principal: &Principal,
    filter: &ClientListQuery,
    tz: chrono_tz::Tz,
) -> AppResult<Vec<ClientDto>> {
    scope::require_client_role(principal)?;
    let owners = scope::owner_ids(conn, principal)?;
    let team = filter
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    let today = scope::today(tz);
    let today_s = today.format("%Y-%m-%d").to_string();
    let rows: Vec<ClientRow> = ordered(
        filtered(filter, &owners, &team, &today_s),
        filter.sort.unwrap_or(ClientSort::Name),
    )
    .select(ClientRow::as_select())
    .load(conn)?;
    Ok(q::to_dtos(conn, rows, today)?)
}
