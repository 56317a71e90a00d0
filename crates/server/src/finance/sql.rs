//! The finance reports' SQL, one statement each, written once for both databases (plain SQL
//! both accept: `substr`, `CASE`, `COALESCE`, `CAST(… AS BIGINT)` since PostgreSQL sums
//! BIGINTs as NUMERIC). The benchmark runs these same statements in `psql` and `sqlite3`.
//!
//! Values are written into the text, not bound: every one is a validated date, a period
//! built from one, a state name from the code or an integer id, so no caller's text ever
//! reaches the SQL (and the statements stay identical on both backends, whose placeholders
//! differ).

use chrono::{Datelike, NaiveDate, Weekday};
use salesops_domain::expenses::ClaimState;
use salesops_domain::finance::ExpenseGroup;
use salesops_domain::period::{IsoWeek, Month};

/// The most rows a report answers (a larger one is 422 `too_many_rows`).
pub const MAX_ROWS: usize = 50_000;

fn states(pred: impl Fn(ClaimState) -> bool) -> String {
    ClaimState::ALL
        .iter()
        .filter(|s| pred(**s))
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ids(owners: &[i64]) -> String {
    if owners.is_empty() {
        // `IN ()` is not SQL; nobody matches this.
        return "0".to_owned();
    }
    owners
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A report column: its expression, its name, its type when NULL.
type Column = (&'static str, &'static str, &'static str);

const APPROVED: [ClaimState; 2] = [ClaimState::FinanceApproved, ClaimState::Paid];

/// `GET /reports/expenses`: the lines of claims submitted or later, dated `from..=to`, of
/// `owners` (`None`: everyone), grouped by `groups` in order.
pub fn expenses(
    groups: &[ExpenseGroup],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    owners: Option<&[i64]>,
) -> String {
    let has = |g| groups.contains(&g);
    let mut select = Vec::new();
    let columns: [(ExpenseGroup, &[Column]); 5] = [
        (
            ExpenseGroup::Person,
            &[
                ("c.owner_id", "owner_id", "BIGINT"),
                ("u.display_name", "owner_name", "TEXT"),
            ],
        ),
        (
            ExpenseGroup::Team,
            &[
                ("u.team_id", "team_id", "BIGINT"),
                ("t.name", "team_name", "TEXT"),
            ],
        ),
        (
            ExpenseGroup::Category,
            &[("l.category", "category", "TEXT")],
        ),
        (
            ExpenseGroup::Month,
            &[("substr(l.date, 1, 7)", "month", "TEXT")],
        ),
        (ExpenseGroup::State, &[("c.state", "state", "TEXT")]),
    ];
    // Every column always, NULL when not grouped by: one row type reads every grouping.
    for (group, exprs) in columns {
        for (expr, name, ty) in exprs {
            select.push(if has(group) {
                format!("{expr} AS {name}")
            } else {
                format!("CAST(NULL AS {ty}) AS {name}")
            });
        }
    }
    let mut keys: Vec<String> = Vec::new();
    for g in groups {
        keys.extend(
            match g {
                ExpenseGroup::Person => vec!["u.display_name", "c.owner_id"],
                ExpenseGroup::Team => vec!["t.name", "u.team_id"],
                ExpenseGroup::Category => vec!["l.category"],
                ExpenseGroup::Month => vec!["substr(l.date, 1, 7)"],
                ExpenseGroup::State => vec!["c.state"],
            }
            .into_iter()
            .map(str::to_owned),
        );
    }
    let approved = states(|s| APPROVED.contains(&s));
    let mut sql = format!(
        "SELECT {}, COUNT(*) AS count, \
         CAST(SUM(l.amount_fen) AS BIGINT) AS total_fen, \
         CAST(SUM(CASE WHEN c.state IN ({approved}) THEN COALESCE(l.approved_fen, 0) ELSE 0 END) AS BIGINT) AS approved_fen, \
         CAST(SUM(CASE WHEN c.state = 'paid' THEN COALESCE(l.approved_fen, 0) ELSE 0 END) AS BIGINT) AS paid_fen \
         FROM expense_claim_lines l JOIN expense_claims c ON c.id = l.claim_id",
        select.join(", ")
    );
    if has(ExpenseGroup::Person) || has(ExpenseGroup::Team) {
        sql.push_str(" JOIN users u ON u.id = c.owner_id");
    }
    if has(ExpenseGroup::Team) {
        sql.push_str(" LEFT JOIN teams t ON t.id = u.team_id");
    }
    sql.push_str(&format!(
        " WHERE c.state IN ({})",
        states(ClaimState::counts)
    ));
    if let Some(d) = from {
        sql.push_str(&format!(" AND l.date >= '{d}'"));
    }
    if let Some(d) = to {
        sql.push_str(&format!(" AND l.date <= '{d}'"));
    }
    if let Some(o) = owners {
        sql.push_str(&format!(" AND c.owner_id IN ({})", ids(o)));
    }
    sql.push_str(&format!(
        " GROUP BY {k} ORDER BY {k} LIMIT {}",
        MAX_ROWS + 1,
        k = keys.join(", ")
    ));
    sql
}

/// The weeks a month's budget report counts: those whose Thursday falls in the month (the
/// ISO rule for which month a week belongs to).
pub fn weeks_of(month: Month) -> Vec<IsoWeek> {
    let mut weeks = Vec::new();
    let mut w = IsoWeek::of(month.first_day());
    while w.monday() <= month.last_day() {
        let thursday = NaiveDate::from_isoywd_opt(w.year, w.week, Weekday::Thu);
        if thursday.is_some_and(|t| t.month() == month.month && t.year() == month.year) {
            weeks.push(w);
        }
        w = w.next();
    }
    weeks
}

/// `GET /reports/budget-vs-actual`: per person and category, the month's budget (monthly
/// budget + the estimates of the approved plans of its weeks + approved supplements for the
/// month or those weeks) and what was claimed, approved and paid on lines dated in it.
pub fn budget_vs_actual(month: Month, owners: Option<&[i64]>) -> String {
    let weeks: Vec<String> = weeks_of(month).iter().map(|w| format!("'{w}'")).collect();
    let weeks = if weeks.is_empty() {
        "''".to_owned()
    } else {
        weeks.join(", ")
    };
    let approved = states(|s| APPROVED.contains(&s));
    let owner_filter = owners.map_or(String::new(), |o| {
        format!(" WHERE x.owner_id IN ({})", ids(o))
    });
    format!(
        "SELECT x.owner_id AS owner_id, u.display_name AS owner_name, x.category AS category, \
         CAST(SUM(x.budget) AS BIGINT) AS budget_fen, CAST(SUM(x.claimed) AS BIGINT) AS claimed_fen, \
         CAST(SUM(x.approved) AS BIGINT) AS approved_fen, CAST(SUM(x.paid) AS BIGINT) AS paid_fen \
         FROM (\
         SELECT owner_id, category, amount_fen AS budget, 0 AS claimed, 0 AS approved, 0 AS paid \
         FROM budgets WHERE month = '{month}' \
         UNION ALL SELECT owner_id, category, amount_fen, 0, 0, 0 FROM plan_budgets WHERE week IN ({weeks}) \
         UNION ALL SELECT owner_id, category, amount_fen, 0, 0, 0 FROM budget_supplements \
         WHERE state = 'approved' AND (period = '{month}' OR period IN ({weeks})) \
         UNION ALL SELECT c.owner_id, l.category, 0, l.amount_fen, \
         CASE WHEN c.state IN ({approved}) THEN COALESCE(l.approved_fen, 0) ELSE 0 END, \
         CASE WHEN c.state = 'paid' THEN COALESCE(l.approved_fen, 0) ELSE 0 END \
         FROM expense_claim_lines l JOIN expense_claims c ON c.id = l.claim_id \
         WHERE c.state IN ({counting}) AND l.date >= '{first}' AND l.date <= '{last}'\
         ) x JOIN users u ON u.id = x.owner_id{owner_filter} \
         GROUP BY x.owner_id, u.display_name, x.category \
         ORDER BY u.display_name, x.owner_id, x.category LIMIT {limit}",
        counting = states(ClaimState::counts),
        first = month.first_day(),
        last = month.last_day(),
        limit = MAX_ROWS + 1,
    )
}

/// `GET /reports/advances`: paid advances (with a balance left when `outstanding`).
pub fn advances(outstanding: bool, owners: Option<&[i64]>) -> String {
    let mut sql = "SELECT a.id AS id, a.owner_id AS owner_id, u.display_name AS owner_name, \
                   a.amount_fen AS amount_fen, a.paid_fen AS paid_fen, a.offset_fen AS offset_fen, \
                   a.repaid_fen AS repaid_fen, a.paid_at AS paid_at \
                   FROM advances a JOIN users u ON u.id = a.owner_id WHERE a.state = 'paid'"
        .to_owned();
    if outstanding {
        sql.push_str(" AND a.paid_fen - a.offset_fen - a.repaid_fen > 0");
    }
    if let Some(o) = owners {
        sql.push_str(&format!(" AND a.owner_id IN ({})", ids(o)));
    }
    sql.push_str(&format!(" ORDER BY a.paid_at, a.id LIMIT {}", MAX_ROWS + 1));
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_belong_to_the_month_of_their_thursday() {
        let dec: Month = "2026-12".parse().unwrap_or(Month::of(NaiveDate::MIN));
        let weeks: Vec<String> = weeks_of(dec).iter().map(ToString::to_string).collect();
        // 2026-W49 starts Mon 30 Nov; its Thursday is 3 Dec. W53 starts Mon 28 Dec.
        assert_eq!(
            weeks,
            ["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]
        );
    }

    #[test]
    fn the_keys_come_in_the_order_asked() {
        let sql = expenses(
            &[ExpenseGroup::Month, ExpenseGroup::Team],
            None,
            None,
            Some(&[]),
        );
        assert!(sql.contains("GROUP BY substr(l.date, 1, 7), t.name, u.team_id ORDER BY"));
        assert!(sql.contains("c.owner_id IN (0)"));
        assert!(sql.contains("CAST(NULL AS BIGINT) AS owner_id"));
    }
}
