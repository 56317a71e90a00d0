//! Report use cases: scope (finance and admin everyone; a manager their teams and
//! themself), the one statement each report runs, and the report as a table for export.

use chrono::NaiveDateTime;
use diesel::QueryableByName;
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use salesops_domain::expenses::ClaimState;
use salesops_domain::finance::{
    AdvancePersonRow, AdvanceReport, AdvanceReportQuery, AdvanceReportRow, BudgetReport,
    BudgetReportQuery, BudgetRow, ExpenseGroup, ExpenseReport, ExpenseReportQuery, ExpenseRow,
    parse_groups,
};
use salesops_domain::period::Month;
use salesops_domain::plans::ExpenseCategory;
use salesops_domain::{Capability, advances::balance};

use crate::access::{Ctx, Principal};
use crate::db::{DbConn, on_inner};
use crate::error::{AppError, AppResult};
use crate::export::{Cell, Table};
use crate::finance::sql;

fn scope_owners(conn: &mut DbConn, ctx: &Ctx) -> AppResult<Option<Vec<i64>>> {
    ctx.require(Capability::FinanceRead)?;
    Principal::owners_in(conn, ctx.money_scope())
}

fn too_many() -> AppError {
    AppError::TooManyRows {
        field: "filter",
        detail: format!(
            "the report would hold more than {} rows; narrow the dates or group by less",
            sql::MAX_ROWS
        ),
    }
}

fn parse<T: std::str::FromStr>(text: Option<String>, column: &'static str) -> AppResult<Option<T>> {
    match text {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| {
            AppError::Internal(format!("stored value `{t}` in {column} does not parse"))
        }),
    }
}

#[derive(QueryableByName)]
struct ExpenseSqlRow {
    #[diesel(sql_type = Nullable<BigInt>)]
    owner_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    owner_name: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    team_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    team_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    category: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    month: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    state: Option<String>,
    #[diesel(sql_type = BigInt)]
    count: i64,
    #[diesel(sql_type = BigInt)]
    total_fen: i64,
    #[diesel(sql_type = BigInt)]
    approved_fen: i64,
    #[diesel(sql_type = BigInt)]
    paid_fen: i64,
}

pub fn expenses(conn: &mut DbConn, ctx: &Ctx, q: &ExpenseReportQuery) -> AppResult<ExpenseReport> {
    let owners = scope_owners(conn, ctx)?;
    let groups = match q.group_by.as_deref() {
        Some(text) => parse_groups(text).ok_or_else(|| {
            AppError::validation(
                "group_by",
                "group_by",
                "a list of person, team, category, month, state",
            )
        })?,
        None => vec![ExpenseGroup::Category],
    };
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from > to
    {
        return Err(AppError::validation("to", "range", "on or after `from`"));
    }
    let statement = sql::expenses(&groups, q.from, q.to, owners.as_deref());
    let rows: Vec<ExpenseSqlRow> = on_inner!(conn, |c| diesel::sql_query(statement).load(c)?);
    if rows.len() > sql::MAX_ROWS {
        return Err(too_many());
    }
    let mut total = ExpenseRow {
        owner_id: None,
        owner_name: None,
        team_id: None,
        team_name: None,
        category: None,
        month: None,
        state: None,
        count: 0,
        total_fen: 0,
        approved_fen: 0,
        paid_fen: 0,
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        total.count = total.count.saturating_add(r.count);
        total.total_fen = total.total_fen.saturating_add(r.total_fen);
        total.approved_fen = total.approved_fen.saturating_add(r.approved_fen);
        total.paid_fen = total.paid_fen.saturating_add(r.paid_fen);
        out.push(ExpenseRow {
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            team_id: r.team_id,
            team_name: r.team_name,
            category: parse::<ExpenseCategory>(r.category, "expense_claim_lines.category")?,
            month: r.month,
            state: parse::<ClaimState>(r.state, "expense_claims.state")?,
            count: r.count,
            total_fen: r.total_fen,
            approved_fen: r.approved_fen,
            paid_fen: r.paid_fen,
        });
    }
    Ok(ExpenseReport {
        group_by: groups,
        rows: out,
        total,
    })
}

#[derive(QueryableByName)]
struct BudgetSqlRow {
    #[diesel(sql_type = BigInt)]
    owner_id: i64,
    #[diesel(sql_type = Text)]
    owner_name: String,
    #[diesel(sql_type = Text)]
    category: String,
    #[diesel(sql_type = BigInt)]
    budget_fen: i64,
    #[diesel(sql_type = BigInt)]
    claimed_fen: i64,
    #[diesel(sql_type = BigInt)]
    approved_fen: i64,
    #[diesel(sql_type = BigInt)]
    paid_fen: i64,
}

pub fn budget_vs_actual(
    conn: &mut DbConn,
    ctx: &Ctx,
    q: &BudgetReportQuery,
) -> AppResult<BudgetReport> {
    let owners = scope_owners(conn, ctx)?;
    let month: Month = q
        .month
        .parse()
        .map_err(|_| AppError::validation("month", "format", "YYYY-MM"))?;
    let statement = sql::budget_vs_actual(month, owners.as_deref());
    let rows: Vec<BudgetSqlRow> = on_inner!(conn, |c| diesel::sql_query(statement).load(c)?);
    if rows.len() > sql::MAX_ROWS {
        return Err(too_many());
    }
    let rows = rows
        .into_iter()
        .map(|r| {
            Ok(BudgetRow {
                owner_id: r.owner_id,
                owner_name: r.owner_name,
                category: parse::<ExpenseCategory>(Some(r.category), "a category column")?
                    .unwrap_or(ExpenseCategory::Other),
                budget_fen: r.budget_fen,
                claimed_fen: r.claimed_fen,
                approved_fen: r.approved_fen,
                paid_fen: r.paid_fen,
                variance_fen: r.budget_fen.saturating_sub(r.claimed_fen),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(BudgetReport {
        month: month.to_string(),
        rows,
    })
}

#[derive(QueryableByName)]
struct AdvanceSqlRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = BigInt)]
    owner_id: i64,
    #[diesel(sql_type = Text)]
    owner_name: String,
    #[diesel(sql_type = BigInt)]
    amount_fen: i64,
    #[diesel(sql_type = BigInt)]
    paid_fen: i64,
    #[diesel(sql_type = BigInt)]
    offset_fen: i64,
    #[diesel(sql_type = BigInt)]
    repaid_fen: i64,
    #[diesel(sql_type = Nullable<Timestamp>)]
    paid_at: Option<NaiveDateTime>,
}

pub fn advances(conn: &mut DbConn, ctx: &Ctx, q: &AdvanceReportQuery) -> AppResult<AdvanceReport> {
    let owners = scope_owners(conn, ctx)?;
    let statement = sql::advances(q.outstanding == Some(true), owners.as_deref());
    let found: Vec<AdvanceSqlRow> = on_inner!(conn, |c| diesel::sql_query(statement).load(c)?);
    if found.len() > sql::MAX_ROWS {
        return Err(too_many());
    }
    let today = ctx.today();
    let mut rows = Vec::with_capacity(found.len());
    let mut per_person: std::collections::BTreeMap<i64, AdvancePersonRow> = Default::default();
    let mut total_balance_fen = 0i64;
    for r in found {
        let balance_fen = balance(r.paid_fen, r.offset_fen, r.repaid_fen);
        let paid_on = r
            .paid_at
            .map(|t| crate::clock::utc(t).with_timezone(&ctx.tz()).date_naive());
        total_balance_fen = total_balance_fen.saturating_add(balance_fen);
        let person = per_person
            .entry(r.owner_id)
            .or_insert_with(|| AdvancePersonRow {
                owner_id: r.owner_id,
                owner_name: r.owner_name.clone(),
                advances: 0,
                balance_fen: 0,
            });
        person.advances += 1;
        person.balance_fen = person.balance_fen.saturating_add(balance_fen);
        rows.push(AdvanceReportRow {
            advance_id: r.id,
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            amount_fen: r.amount_fen,
            balance_fen,
            paid_on,
            age_days: paid_on.map(|d| (today - d).num_days()),
        });
    }
    let mut per_person: Vec<AdvancePersonRow> = per_person.into_values().collect();
    per_person.sort_by(|a, b| {
        a.owner_name
            .cmp(&b.owner_name)
            .then(a.owner_id.cmp(&b.owner_id))
    });
    Ok(AdvanceReport {
        rows,
        per_person,
        total_balance_fen,
    })
}

/// The expense report as a sheet: the grouped keys, then the figures, then the total.
pub fn expense_table(report: &ExpenseReport) -> Table {
    let mut header: Vec<String> = Vec::new();
    for g in &report.group_by {
        header.extend(
            match g {
                ExpenseGroup::Person => vec!["owner_id", "owner_name"],
                ExpenseGroup::Team => vec!["team_id", "team_name"],
                ExpenseGroup::Category => vec!["category"],
                ExpenseGroup::Month => vec!["month"],
                ExpenseGroup::State => vec!["state"],
            }
            .into_iter()
            .map(str::to_owned),
        );
    }
    header.extend(["count", "total_yuan", "approved_yuan", "paid_yuan"].map(str::to_owned));
    let row = |r: &ExpenseRow, label: bool| {
        let mut cells = Vec::new();
        for (i, g) in report.group_by.iter().enumerate() {
            let first = i == 0 && label;
            match g {
                ExpenseGroup::Person => {
                    cells.push(Cell::opt_int(r.owner_id));
                    cells.push(Cell::opt_text(r.owner_name.clone()));
                }
                ExpenseGroup::Team => {
                    cells.push(Cell::opt_int(r.team_id));
                    cells.push(Cell::opt_text(r.team_name.clone()));
                }
                ExpenseGroup::Category => {
                    cells.push(Cell::opt_text(r.category.map(|c| c.as_str())))
                }
                ExpenseGroup::Month => cells.push(Cell::opt_text(r.month.clone())),
                ExpenseGroup::State => cells.push(Cell::opt_text(r.state.map(|s| s.as_str()))),
            }
            if first {
                // The total's first key cell names the row.
                if let Some(c) = cells.first_mut()
                    && *c == Cell::Empty
                {
                    *c = Cell::text("total");
                }
            }
        }
        cells.extend([
            Cell::Int(r.count),
            Cell::Fen(r.total_fen),
            Cell::Fen(r.approved_fen),
            Cell::Fen(r.paid_fen),
        ]);
        cells
    };
    let mut rows: Vec<Vec<Cell>> = report.rows.iter().map(|r| row(r, false)).collect();
    rows.push(row(&report.total, true));
    Table {
        sheet: "expenses".to_owned(),
        header,
        rows,
    }
}

pub fn budget_table(report: &BudgetReport) -> Table {
    Table {
        sheet: format!("budget {}", report.month),
        header: [
            "owner_id",
            "owner_name",
            "category",
            "budget_yuan",
            "claimed_yuan",
            "approved_yuan",
            "paid_yuan",
            "variance_yuan",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: report
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.owner_id),
                    Cell::text(r.owner_name.clone()),
                    Cell::text(r.category.as_str()),
                    Cell::Fen(r.budget_fen),
                    Cell::Fen(r.claimed_fen),
                    Cell::Fen(r.approved_fen),
                    Cell::Fen(r.paid_fen),
                    Cell::Fen(r.variance_fen),
                ]
            })
            .collect(),
    }
}

pub fn advance_table(report: &AdvanceReport) -> Table {
    Table {
        sheet: "advances".to_owned(),
        header: [
            "advance_id",
            "owner_id",
            "owner_name",
            "amount_yuan",
            "balance_yuan",
            "paid_on",
            "age_days",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: report
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.advance_id),
                    Cell::Int(r.owner_id),
                    Cell::text(r.owner_name.clone()),
                    Cell::Fen(r.amount_fen),
                    Cell::Fen(r.balance_fen),
                    Cell::opt_text(r.paid_on.map(|d| d.to_string())),
                    Cell::opt_int(r.age_days),
                ]
            })
            .collect(),
    }
}
