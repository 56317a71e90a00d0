//! `GET /clients` and its CSV export: filters, scope, stable order, one page.

use diesel::prelude::*;
use salesops_domain::client_changes::{ClientListQuery, ClientSort};
use salesops_domain::client_search::SearchText;
use salesops_domain::clients::ClientDto;
use salesops_domain::{Page, PageQuery};

use crate::access::Ctx;
use crate::clients::queries::{self as q, ClientRow};
use crate::clients::scope;
use crate::db::DbConn;
use crate::db::like::{contains_pattern as like_pattern, lower};
use crate::db::list::{self, Window};
use crate::db::schema::{clients, users};
use crate::error::AppResult;

diesel::define_sql_function! {
    #[sql_name = "lower"]
    fn lower_opt(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

type Backend = <DbConn as diesel::Connection>::Backend;
/// Clients with their owner (for the owner's name in the same query).
type Boxed =
    diesel::dsl::IntoBoxed<'static, diesel::dsl::InnerJoin<clients::table, users::table>, Backend>;

/// Only the clients whose name, company or phone contains the search text, found through the
/// search index (`clients::search`): a range scan of the keys of the caller's owners.
fn matching(query: Boxed, search: &SearchText, owners: Option<&[i64]>) -> Boxed {
    use crate::db::schema::client_search_keys as k;
    let (first, second) = search.ranges();
    let in_first = k::search_key.ge(first.from).and(k::search_key.lt(first.to));
    // Six shapes of one subquery (one owner, several or all; one key range or two): a boxed
    // subquery is not possible over diesel's MultiConnection.
    macro_rules! ids {
        ($keys:expr) => {
            match second {
                Some(second) => query.filter(
                    clients::id.eq_any(
                        $keys
                            .filter(
                                in_first.or(k::search_key
                                    .ge(second.from)
                                    .and(k::search_key.lt(second.to))),
                            )
                            .select(k::client_id),
                    ),
                ),
                None => {
                    query.filter(clients::id.eq_any($keys.filter(in_first).select(k::client_id)))
                }
            }
        };
    }
    match owners {
        Some([one]) => ids!(k::table.filter(k::owner_id.eq(*one))),
        Some(many) => ids!(k::table.filter(k::owner_id.eq_any(many.to_vec()))),
        None => ids!(k::table),
    }
}

/// The filtered query, before order and page.
fn filtered(
    filter: &ClientListQuery,
    owners: &Option<Vec<i64>>,
    team: &Option<Vec<i64>>,
    today: &str,
) -> Boxed {
    let search = filter.q.as_deref().and_then(SearchText::parse);
    let mut query = clients::table.inner_join(users::table).into_boxed();
    // With a search text the scope is applied to the index entries, which carry the owner
    // (written in the same transaction as every change of owner): the query then starts from
    // the matches. Repeating it on `clients` would let PostgreSQL's cached plan start from the
    // owner's whole book instead.
    if search.is_none() {
        query = scope::owned_by(query, owners.as_deref());
    }
    if let Some(ids) = team {
        query = query.filter(clients::owner_id.eq_any(ids.clone()));
    }
    if let Some(search) = search {
        query = matching(query, &search, owners.as_deref());
        if !search.exact_in_index() {
            // The index matched the first KEY_CHARS characters; the rest is checked here.
            let pattern = like_pattern(&search.text);
            let by_text = lower(clients::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower_opt(clients::company)
                    .like(pattern)
                    .escape('\\')
                    .assume_not_null());
            query = match search.digits.as_deref() {
                Some(d) => {
                    let p = like_pattern(d);
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
    ctx: &Ctx,
    filter: &ClientListQuery,
    page: &PageQuery,
) -> AppResult<Page<ClientDto>> {
    let tz = ctx.tz();
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    let team = filter
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    let today = scope::today(tz);
    let today_s = today.format("%Y-%m-%d").to_string();
    let sort = filter.sort.unwrap_or(ClientSort::Updated);
    let page_of = || {
        ordered(filtered(filter, &owners, &team, &today_s), sort)
            .limit(page.limit())
            .offset(page.offset())
    };
    let count = || filtered(filter, &owners, &team, &today_s).count();
    if !matches!(Window::of(page), Window::Numbered { .. }) {
        // By cursor or `updated_since`: the one list helper (its numbered order, unused
        // here, would be the sort's, which the pages below read themselves).
        let build = || filtered(filter, &owners, &team, &today_s);
        let fetched = list::fetch!(
            conn,
            page,
            build,
            id = clients::id,
            changed = clients::updated_at,
            order = clients::id.asc(),
            select = (ClientRow::as_select(), users::display_name),
        );
        return fetched.into_page(page, |(r, name)| Ok(q::row_to_dto(r, name, today)));
    }
    let searching = filter.q.as_deref().and_then(SearchText::parse).is_some();
    let (rows, total): (Vec<(ClientRow, String)>, i64) = if searching {
        // A search's matches come from the index and must all be read to be sorted anyway:
        // the total comes with the page (`COUNT(*) OVER ()`), one statement instead of two.
        // Only a page past the end has no row to carry it.
        let rows: Vec<(ClientRow, String, i64)> = page_of()
            .select((
                ClientRow::as_select(),
                users::display_name,
                diesel::dsl::count(clients::id).over(),
            ))
            .load(conn)?;
        let total = match rows.first() {
            Some(row) => row.2,
            None if page.offset() == 0 => 0,
            None => count().get_result(conn)?,
        };
        (rows.into_iter().map(|(c, n, _)| (c, n)).collect(), total)
    } else {
        // Without one, the page stops after `per_page` rows in index order and the count
        // reads only an index.
        let total = count().get_result(conn)?;
        let rows = page_of()
            .select((ClientRow::as_select(), users::display_name))
            .load(conn)?;
        (rows, total)
    };
    let items = q::named_to_dtos(rows, today);
    Ok(Page::new(items, total, page))
}

/// Every client matching the filter that the caller may see, in name order (for export).
pub fn all(conn: &mut DbConn, ctx: &Ctx, filter: &ClientListQuery) -> AppResult<Vec<ClientDto>> {
    let tz = ctx.tz();
    scope::require_client_role(ctx)?;
    let owners = scope::owner_ids(conn, ctx)?;
    let team = filter
        .team_id
        .map(|t| scope::team_members(conn, t))
        .transpose()?;
    let today = scope::today(tz);
    let today_s = today.format("%Y-%m-%d").to_string();
    let rows: Vec<(ClientRow, String)> = ordered(
        filtered(filter, &owners, &team, &today_s),
        filter.sort.unwrap_or(ClientSort::Name),
    )
    .select((ClientRow::as_select(), users::display_name))
    .load(conn)?;
    Ok(q::named_to_dtos(rows, today))
}
