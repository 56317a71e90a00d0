//! Receivables use cases: the open lines, aging per person and team, the collection rate,
//! and the clients proposed for credit `abnormal` (the manager's to-do).

use salesops_domain::clients::Credit;
use salesops_domain::deals::{
    AgingBuckets, AgingDto, AgingPerson, AgingQuery, AgingTeam, CREDIT_ALERT_DAYS, CollectionGroup,
    CollectionReport, CollectionReportQuery, CollectionRow, CreditProposalDto, ReceivableDto,
    ReceivableQuery, collection_rate, days_overdue,
};
use salesops_domain::{Capability, Page, PageQuery, Role};

use crate::access::Ctx;
use crate::db::DbConn;
use crate::db::list::Window;
use crate::error::{AppError, AppResult};
use crate::projects::service::deal_owners;
use crate::receivables::queries::{
    self as q, AgingRow, AlertRow, CollectionSqlRow, Count, ReceivableRow,
};
use crate::receivables::sql::{self, Filter};

fn date(text: &str, column: &'static str) -> AppResult<chrono::NaiveDate> {
    text.parse()
        .map_err(|_| AppError::Internal(format!("stored value `{text}` in {column} is not a date")))
}

pub fn list(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &ReceivableQuery,
    page: &PageQuery,
) -> AppResult<Page<ReceivableDto>> {
    ctx.require(Capability::DealsRead)?;
    let as_of = query.as_of.unwrap_or_else(|| ctx.today());
    let owners = deal_owners(conn, ctx, query.owner_id, None)?;
    let filter = Filter {
        owners: owners.as_deref(),
        team_id: query.team_id,
        client_id: query.client_id,
        contract_id: query.contract_id,
    };
    // Receivables are computed as of a day, not stored records: they take no
    // `updated_since`, and a cursor from such a pull continues after its line id.
    let (limit, offset, after) = match Window::of(page) {
        Window::Numbered { limit, offset } | Window::ChangedNumbered { limit, offset, .. } => {
            (limit, offset, None)
        }
        Window::After { after, limit } => (limit + 1, 0, Some(after)),
        Window::ChangedAfter { after, limit, .. } => {
            (limit + 1, 0, Some(after.map_or(0, |(_, id)| id)))
        }
    };
    let overdue = query.overdue == Some(true);
    let (rows_sql, count_sql) = sql::receivables(as_of, &filter, overdue, limit, offset, after);
    let total = q::load::<Count>(conn, count_sql)?
        .first()
        .map_or(0, |c| c.count);
    let mut rows: Vec<ReceivableRow> = q::load(conn, rows_sql)?;
    let mut next = None;
    if after.is_some() && rows.len() as i64 >= limit {
        rows.truncate(usize::try_from(limit - 1).unwrap_or(0));
        next = rows.last().map(|r| r.line_id.to_string());
    }
    let items = rows
        .into_iter()
        .map(|r| {
            let due_on = date(&r.due_on, "contract_lines.due_on")?;
            Ok(ReceivableDto {
                line_id: r.line_id,
                contract_id: r.contract_id,
                contract_number: r.contract_number,
                client_id: r.client_id,
                client_name: r.client_name,
                owner_id: r.owner_id,
                owner_name: r.owner_name,
                due_on,
                label: r.label,
                amount_fen: r.amount_fen,
                received_fen: r.received_fen,
                outstanding_fen: r.amount_fen - r.received_fen,
                days_overdue: days_overdue(due_on, as_of),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let mut out = Page::new(items, total, page);
    out.next_cursor = next;
    Ok(out)
}

fn buckets(r: &AgingRow) -> AgingBuckets {
    let mut b = AgingBuckets::default();
    b.merge(&AgingBuckets {
        current: r.current_fen,
        d1_30: r.d1_30_fen,
        d31_60: r.d31_60_fen,
        d61_90: r.d61_90_fen,
        d90_plus: r.d90_plus_fen,
        total: 0,
    });
    b
}

/// Outstanding per aging bucket on `as_of`, per person (one statement), per team and in all.
pub fn aging(conn: &mut DbConn, ctx: &Ctx, query: &AgingQuery) -> AppResult<AgingDto> {
    ctx.require(Capability::DealsRead)?;
    let as_of = query.as_of.unwrap_or_else(|| ctx.today());
    let owners = deal_owners(conn, ctx, None, None)?;
    let filter = Filter {
        owners: owners.as_deref(),
        team_id: query.team_id,
        ..Default::default()
    };
    let rows: Vec<AgingRow> = q::load(conn, sql::aging(as_of, &filter))?;
    let mut totals = AgingBuckets::default();
    let mut teams: Vec<AgingTeam> = Vec::new();
    let mut people = Vec::with_capacity(rows.len());
    for r in &rows {
        let b = buckets(r);
        totals.merge(&b);
        match teams.iter_mut().find(|t| t.team_id == r.team_id) {
            Some(t) => t.buckets.merge(&b),
            None => teams.push(AgingTeam {
                team_id: r.team_id,
                team_name: r.team_name.clone(),
                buckets: b,
            }),
        }
        people.push(AgingPerson {
            owner_id: r.owner_id,
            owner_name: r.owner_name.clone(),
            team_id: r.team_id,
            buckets: b,
        });
    }
    teams.sort_by(|a, b| {
        a.team_name
            .cmp(&b.team_name)
            .then(a.team_id.cmp(&b.team_id))
    });
    Ok(AgingDto {
        as_of,
        people,
        teams,
        totals,
    })
}

/// The collection rate (回款率) over `from..=to`, per person or per team, with the total.
pub fn collections(
    conn: &mut DbConn,
    ctx: &Ctx,
    query: &CollectionReportQuery,
) -> AppResult<CollectionReport> {
    ctx.require(Capability::DealsRead)?;
    if query.to < query.from {
        return Err(AppError::validation("to", "range", "`to` is before `from`"));
    }
    let group_by = query.group_by.unwrap_or(CollectionGroup::Person);
    let owners = deal_owners(conn, ctx, None, None)?;
    let rows: Vec<CollectionSqlRow> = q::load(
        conn,
        sql::collections(query.from, query.to, owners.as_deref()),
    )?;
    let mut out: Vec<CollectionRow> = Vec::new();
    let (mut due, mut received) = (0_i64, 0_i64);
    for r in rows {
        due = due.saturating_add(r.due_fen);
        received = received.saturating_add(r.received_fen);
        match group_by {
            CollectionGroup::Person => out.push(CollectionRow {
                owner_id: Some(r.owner_id),
                owner_name: Some(r.owner_name),
                team_id: r.team_id,
                team_name: r.team_name,
                due_fen: r.due_fen,
                received_fen: r.received_fen,
                rate: collection_rate(r.due_fen, r.received_fen),
            }),
            CollectionGroup::Team => match out.iter_mut().find(|t| t.team_id == r.team_id) {
                Some(t) => {
                    t.due_fen = t.due_fen.saturating_add(r.due_fen);
                    t.received_fen = t.received_fen.saturating_add(r.received_fen);
                    t.rate = collection_rate(t.due_fen, t.received_fen);
                }
                None => out.push(CollectionRow {
                    owner_id: None,
                    owner_name: None,
                    team_id: r.team_id,
                    team_name: r.team_name,
                    due_fen: r.due_fen,
                    received_fen: r.received_fen,
                    rate: collection_rate(r.due_fen, r.received_fen),
                }),
            },
        }
    }
    if group_by == CollectionGroup::Team {
        out.sort_by(|a, b| {
            a.team_name
                .cmp(&b.team_name)
                .then(a.team_id.cmp(&b.team_id))
        });
    }
    Ok(CollectionReport {
        from: query.from,
        to: query.to,
        group_by,
        rows: out,
        due_fen: due,
        received_fen: received,
        rate: collection_rate(due, received),
    })
}

/// The manager's to-do: clients of the people in scope with something more than 90 days
/// overdue and credit still `normal`. Confirming is the client edit (`credit: abnormal`),
/// audited as every client change.
pub fn credit_proposals(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Vec<CreditProposalDto>> {
    ctx.require_any(&[Role::Manager, Role::Admin])?;
    let as_of = ctx.today();
    let owners = crate::access::Principal::owners_in(conn, ctx.owner_scope())?;
    let rows: Vec<AlertRow> = q::load(
        conn,
        sql::credit_alerts(as_of, CREDIT_ALERT_DAYS, owners.as_deref()),
    )?;
    rows.into_iter()
        .map(|r| {
            let oldest = date(&r.oldest_due_on, "contract_lines.due_on")?;
            let credit: Credit = r.credit.parse().map_err(|_| {
                AppError::Internal(format!("stored value `{}` in clients.credit", r.credit))
            })?;
            Ok(CreditProposalDto {
                client_id: r.client_id,
                client_name: r.client_name,
                owner_id: r.owner_id,
                owner_name: r.owner_name,
                credit,
                overdue_fen: r.overdue_fen,
                oldest_due_on: oldest,
                days_overdue: days_overdue(oldest, as_of),
            })
        })
        .collect()
}
