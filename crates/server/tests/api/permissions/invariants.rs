//! What must hold whatever the table says: checked on the answers themselves, so a bless
//! cannot commit a hole.

use salesops::access::key_routes::{KeyRoute, key_route};

use super::table::{CALLERS, Table, authorised, col};

/// The operations anyone may call.
const PUBLIC: [(&str, &str); 2] = [
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
];

/// Areas whose `{id}` is a record of `sp_a1` (or, for users, `sp_a1` or another salesperson
/// of team A): no other salesperson and no manager outside team A reaches it.
const OWNED: [&str; 20] = [
    "advances",
    "attendance",
    "budget-supplements",
    "budgets",
    "cases",
    "clients",
    "contracts",
    "daily-logs",
    "expense-claims",
    "improvement-plans",
    "leavings",
    "pay-items",
    "plans",
    "projects",
    "receipts",
    "scores",
    "spot-checks",
    "users",
    "visits",
    "weekly-reports",
];

fn area(path: &str) -> &str {
    path.trim_start_matches("/api/v1/")
        .split('/')
        .next()
        .unwrap_or_default()
}

/// Every violation, one line each.
pub fn check(table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for ((path, method), row) in table {
        let cell = |c: &str| row.cells[col(c)].as_str();
        let op = format!("{method} {path}");
        for (i, c) in row.cells.iter().enumerate() {
            if c.starts_with('5') {
                out.push(format!("{op} as {}: {c}", CALLERS[i]));
            }
        }
        if PUBLIC.contains(&(method.as_str(), path.as_str())) {
            // No caller is read: a token of any kind is ignored.
            continue;
        }
        {
            for c in ["none", "expired", "invalid", "bad_key"] {
                if cell(c) != "401" {
                    out.push(format!("{op} as {c}: {}, not 401", cell(c)));
                }
            }
        }
        if method == "GET" && cell("admin") != "2xx" {
            out.push(format!("{op}: admin reads it not ({})", cell("admin")));
        }
        if path.contains("{id}") && OWNED.contains(&area(path)) {
            if method == "GET" && cell("mgr_in") != "2xx" {
                out.push(format!(
                    "{op}: sp_a1's manager reads it not ({})",
                    cell("mgr_in")
                ));
            }
            for c in ["sp_other", "mgr_out"] {
                if cell(c) == "2xx" {
                    out.push(format!("{op} as {c}: 2xx on a record of sp_a1's"));
                }
            }
            if cell("sp_other") != cell("sp_missing") {
                out.push(format!(
                    "{op}: another salesperson's record answers {}, a missing one {}",
                    cell("sp_other"),
                    cell("sp_missing")
                ));
            }
        }
        // Each operation is reached by someone (else the row says nothing: a fixture's bug).
        let sessions = [
            "sp_own", "sp_other", "mgr_in", "mgr_out", "finance", "hr", "admin",
        ];
        if !sessions.iter().any(|c| authorised(cell(c))) {
            out.push(format!("{op}: no session caller is authorised"));
        }
        // Keys are admitted in `Caller::run`, after the extractors read the body: a 403 here
        // also shows the body passed them, so no cell's 422 hides a 403.
        let m = actix_web::http::Method::from_bytes(method.as_bytes()).expect("method");
        match key_route(&m, &path.replace(['{', '}'], "")) {
            KeyRoute::Needs(cap) => {
                if cell("key_noscope") != "403" {
                    let hint = if cell("key_noscope") == "4xx-body" {
                        " (refused before admission: is its body in bodies.rs valid?)"
                    } else {
                        ""
                    };
                    out.push(format!(
                        "{op} as a key without {cap}: {}, not 403{hint}",
                        cell("key_noscope")
                    ));
                }
            }
            KeyRoute::Closed => {
                for c in ["key", "key_noscope"] {
                    if cell(c) != "403" {
                        out.push(format!(
                            "{op} as {c}: {} on a route closed to keys",
                            cell(c)
                        ));
                    }
                }
            }
            KeyRoute::Open => {}
        }
        if matches!(area(path), "api-keys" | "users") && authorised(cell("key")) {
            out.push(format!(
                "{op}: a key manages keys or users ({})",
                cell("key")
            ));
        }
        // The scope the route names is enough: what it needs of a key is what the operation
        // needs of it.
        if cell("key_exact") != "-" && cell("key_exact") != cell("key") {
            out.push(format!(
                "{op}: a key with only the scope its route needs answers {}, with every \
                 scope {}",
                cell("key_exact"),
                cell("key")
            ));
        }
        if authorised(cell("key")) && !authorised(cell(&row.key_as)) {
            out.push(format!(
                "{op}: the key does what its owner {} may not ({})",
                row.key_as,
                cell(&row.key_as)
            ));
        }
    }
    out
}

/// Which record an operation's path names, for the page.
pub fn target_note(method: &str, path: &str) -> String {
    let fresh = match (method, path) {
        ("DELETE", "/api/v1/visits/{id}")
        | ("POST", "/api/v1/visits/{id}/complete")
        | ("POST", "/api/v1/visits/{id}/miss")
        | ("POST", "/api/v1/visits/{id}/reschedule") => Some("a new unplanned visit of sp_a1's"),
        ("DELETE", "/api/v1/attendance/{id}") => Some("a new absence of sp_a1's (by mgr_a)"),
        ("DELETE", "/api/v1/pay-items/{id}") => Some("a new pay item of sp_a1's (by fin)"),
        ("DELETE", "/api/v1/branch-profits/{id}") => Some("a new profit of team A (by fin)"),
        ("DELETE", "/api/v1/webhooks/{id}") => Some("a new webhook of admin's"),
        ("DELETE", "/api/v1/api-keys/{id}") => Some("a new key of sp_a1's"),
        ("POST", "/api/v1/users/{id}/disable") => Some("a new salesperson of team A"),
        ("POST", "/api/v1/users/{id}/enable") => {
            Some("a new salesperson of team A, disabled by admin")
        }
        ("POST", "/api/v1/handovers") => Some("from a new salesperson of team A to sp_a2"),
        ("PUT", "/api/v1/me/password") => Some("a wrong current password"),
        ("POST", "/api/v1/auth/logout") => Some("a fresh session of each person"),
        _ => None,
    };
    if let Some(f) = fresh {
        return format!("{f}, made for each caller");
    }
    if !path.contains("{id}") {
        return String::new();
    }
    let what = match area(path) {
        "advances" => "sp_a1's draft advance",
        "api-keys" => "admin's key for sp_a1",
        "budget-supplements" => "sp_a1's draft supplement",
        "budgets" => "sp_a1's budget (set by mgr_a)",
        "cases" => "a case on sp_a1's client",
        "clients" => "sp_a1's client",
        "contracts" => "sp_a1's draft contract",
        "daily-logs" => "sp_a1's daily log",
        "expense-claims" => "sp_a1's draft claim",
        "expense-standards" => "a standard (admin's)",
        "improvement-plans" => "sp_a1's improvement plan (by hr)",
        "jobs" => "a failed job",
        "leavings" => "sp_a1's leaving, filed by sp_a1",
        "monthly-reports" => "mgr_a's monthly report",
        "plans" => "sp_a1's W48 plan (draft until its submit cell)",
        "projects" => "sp_a1's project",
        "receipts" => "sp_a1's receipt",
        "rubrics" => "a shipped rubric",
        "scores" => "sp_a1's October score (draft, by mgr_a)",
        "spot-checks" => "mgr_a's check of a done visit of sp_a1's (approved W49 plan)",
        "visits" => "a planned visit in sp_a1's W48 plan",
        "teams" => "team A",
        "trainings" => "mgr_a's training with sp_a1",
        "users" => "sp_a1",
        "webhooks" => "admin's webhook and a delivery of it",
        "weekly-reports" => "sp_a1's W48 report (draft until its submit cell)",
        _ => "",
    };
    what.to_owned()
}
