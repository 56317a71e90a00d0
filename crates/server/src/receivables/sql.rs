//! The receivables' SQL, one statement each, written once for both databases and run as is
//! by the benchmark in `psql` and `sqlite3` (see `finance::sql` for the conventions: values
//! are validated dates and integer ids written into the text, never a caller's text).
//!
//! What a line has received "as of" a day is what it has received now less what was
//! allocated to it from payments received after that day: usually no rows, through the
//! `(line_id, received_on)` index.

use chrono::NaiveDate;

/// Narrowing of the lines: by owner (the caller's scope), team, client, contract.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub owners: Option<&'a [i64]>,
    pub team_id: Option<i64>,
    pub client_id: Option<i64>,
    pub contract_id: Option<i64>,
}

fn ids(list: &[i64]) -> String {
    if list.is_empty() {
        // `IN ()` is not SQL; nobody matches this.
        return "0".to_owned();
    }
    list.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line `l`'s received amount on `as_of`.
fn received(as_of: NaiveDate) -> String {
    format!(
        "(l.received_fen - COALESCE((SELECT CAST(SUM(a.amount_fen) AS BIGINT) \
         FROM payment_allocations a WHERE a.line_id = l.id AND a.received_on > '{as_of}'), 0))"
    )
}

/// `FROM … WHERE …` of the lines with something outstanding on `as_of`, in the filter.
fn open_lines(as_of: NaiveDate, f: &Filter<'_>, extra: &str) -> String {
    let mut sql = format!(
        " FROM contract_lines l JOIN contracts k ON k.id = l.contract_id \
         JOIN clients c ON c.id = k.client_id JOIN users u ON u.id = c.owner_id \
         WHERE l.amount_fen > {}",
        received(as_of)
    );
    if let Some(o) = f.owners {
        sql.push_str(&format!(" AND c.owner_id IN ({})", ids(o)));
    }
    if let Some(t) = f.team_id {
        sql.push_str(&format!(" AND u.team_id = {t}"));
    }
    if let Some(c) = f.client_id {
        sql.push_str(&format!(" AND k.client_id = {c}"));
    }
    if let Some(k) = f.contract_id {
        sql.push_str(&format!(" AND l.contract_id = {k}"));
    }
    sql.push_str(extra);
    sql
}

/// The receivable lines (most overdue first), and their count: `(rows, count)`. `after`:
/// keyset by line id instead of the page's offset.
pub fn receivables(
    as_of: NaiveDate,
    f: &Filter<'_>,
    overdue: bool,
    limit: i64,
    offset: i64,
    after: Option<i64>,
) -> (String, String) {
    let mut extra = String::new();
    if overdue {
        extra.push_str(&format!(" AND l.due_on < '{as_of}'"));
    }
    let count = format!("SELECT COUNT(*) AS count{}", open_lines(as_of, f, &extra));
    let (keyset, order) = match after {
        Some(a) => (format!(" AND l.id > {a}"), "l.id".to_owned()),
        None => (String::new(), "l.due_on, l.id".to_owned()),
    };
    extra.push_str(&keyset);
    let rows = format!(
        "SELECT l.id AS line_id, l.contract_id AS contract_id, k.number AS contract_number, \
         k.client_id AS client_id, c.name AS client_name, c.owner_id AS owner_id, \
         u.display_name AS owner_name, l.due_on AS due_on, l.label AS label, \
         l.amount_fen AS amount_fen, CAST({r} AS BIGINT) AS received_fen{from} \
         ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        r = received(as_of),
        from = open_lines(as_of, f, &extra),
        offset = if after.is_some() { 0 } else { offset },
    );
    (rows, count)
}

/// The outstanding amounts per person in the aging buckets on `as_of` (a line due `as_of`
/// or later is current; 1–30, 31–60, 61–90 days overdue; more than 90).
pub fn aging(as_of: NaiveDate, f: &Filter<'_>) -> String {
    let day = |n: i64| as_of - chrono::Duration::days(n);
    let bucket = |cond: String| {
        format!("CAST(SUM(CASE WHEN {cond} THEN x.outstanding ELSE 0 END) AS BIGINT)")
    };
    format!(
        "SELECT x.owner_id AS owner_id, u.display_name AS owner_name, u.team_id AS team_id, \
         t.name AS team_name, \
         {current} AS current_fen, {d30} AS d1_30_fen, {d60} AS d31_60_fen, \
         {d90} AS d61_90_fen, {older} AS d90_plus_fen \
         FROM (SELECT c.owner_id AS owner_id, l.due_on AS due_on, \
         l.amount_fen - {r} AS outstanding{from}) x \
         JOIN users u ON u.id = x.owner_id LEFT JOIN teams t ON t.id = u.team_id \
         GROUP BY x.owner_id, u.display_name, u.team_id, t.name \
         ORDER BY u.display_name, x.owner_id",
        current = bucket(format!("x.due_on >= '{as_of}'")),
        d30 = bucket(format!(
            "x.due_on < '{as_of}' AND x.due_on >= '{}'",
            day(30)
        )),
        d60 = bucket(format!(
            "x.due_on < '{}' AND x.due_on >= '{}'",
            day(30),
            day(60)
        )),
        d90 = bucket(format!(
            "x.due_on < '{}' AND x.due_on >= '{}'",
            day(60),
            day(90)
        )),
        older = bucket(format!("x.due_on < '{}'", day(90))),
        r = received(as_of),
        from = open_lines(as_of, f, ""),
    )
}

/// Due and received per person over `from..=to`, as `salesops_domain::deals::collection_rate`
/// defines them: the lines falling due in the period, and what they received by its end.
pub fn collections(from: NaiveDate, to: NaiveDate, owners: Option<&[i64]>) -> String {
    let mut scope = String::new();
    if let Some(o) = owners {
        scope.push_str(&format!(" AND c.owner_id IN ({})", ids(o)));
    }
    format!(
        "SELECT c.owner_id AS owner_id, u.display_name AS owner_name, u.team_id AS team_id, \
         t.name AS team_name, CAST(SUM(l.amount_fen) AS BIGINT) AS due_fen, \
         CAST(SUM({r}) AS BIGINT) AS received_fen \
         FROM contract_lines l JOIN contracts k ON k.id = l.contract_id \
         JOIN clients c ON c.id = k.client_id JOIN users u ON u.id = c.owner_id \
         LEFT JOIN teams t ON t.id = u.team_id \
         WHERE l.due_on >= '{from}' AND l.due_on <= '{to}'{scope} \
         GROUP BY c.owner_id, u.display_name, u.team_id, t.name \
         ORDER BY u.display_name, c.owner_id",
        r = received(to),
    )
}

/// Clients with something more than `days` overdue on `as_of`, not already flagged
/// abnormal or bad: the outstanding on those lines and the oldest due date.
pub fn credit_alerts(as_of: NaiveDate, days: i64, owners: Option<&[i64]>) -> String {
    let limit_day = as_of - chrono::Duration::days(days);
    let f = Filter {
        owners,
        ..Default::default()
    };
    format!(
        "SELECT c.id AS client_id, c.name AS client_name, c.owner_id AS owner_id, \
         u.display_name AS owner_name, c.credit AS credit, \
         CAST(SUM(l.amount_fen - {r}) AS BIGINT) AS overdue_fen, MIN(l.due_on) AS oldest_due_on{from} \
         GROUP BY c.id, c.name, c.owner_id, u.display_name, c.credit \
         ORDER BY MIN(l.due_on), c.id LIMIT 500",
        r = received(as_of),
        from = open_lines(
            as_of,
            &f,
            &format!(
                " AND l.due_on < '{limit_day}' AND c.credit = 'normal' AND c.archived_at IS NULL"
            )
        ),
    )
}
