//! Which routes an API key may reach at all. Every service checks its capability, and a
//! key's capabilities are its owner's intersected with its scopes; this table is the second
//! wall for the steps a capability does not name (workflow decisions are decided by the
//! parties, not by a capability). A route's area needs its read capability for `GET`/`HEAD`
//! and its write capability otherwise; an area not listed here is closed to keys, so a new
//! feature stays closed until someone decides which scope opens it.

use actix_web::http::Method;
use salesops_domain::Capability;

/// What a key needs to reach a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRoute {
    /// Open to any key (`GET /me`).
    Open,
    /// The key's scopes must grant this capability.
    Needs(Capability),
    /// Never through a key: sessions, passwords, users, teams, keys, handovers, audit.
    Closed,
}

/// The (read, write) capabilities of an area, by the first segment after `/api/v1/`
/// (the second for `/reports/…`). `None` for writes: the area has none through a key.
fn area(first: &str, second: &str) -> Option<(Capability, Option<Capability>)> {
    use Capability as C;
    Some(match first {
        "clients" | "follow-ups" | "cases" => (C::ClientsRead, Some(C::ClientsWrite)),
        "plans" | "visits" | "spot-checks" | "daily-logs" => (C::PlansRead, Some(C::PlansWrite)),
        "weekly-reports" | "monthly-reports" => (C::ReportsRead, Some(C::ReportsWrite)),
        "projects" | "contracts" | "receivables" => (C::DealsRead, Some(C::DealsWrite)),
        "expense-claims" | "advances" | "budgets" | "budget-supplements" | "receipts"
        | "expense-standards" => (C::ExpensesRead, Some(C::ExpensesWrite)),
        "pay-items" | "branch-profits" | "pay-grades" | "commission-rules" | "pay-settings" => {
            (C::PayRead, Some(C::PayItemsWrite))
        }
        "scores" | "rubrics" | "alerts" | "improvement-plans" => {
            (C::ScoresRead, Some(C::ScoresWrite))
        }
        "attendance" => (C::AttendanceRead, Some(C::AttendanceManage)),
        "trainings" => (C::TrainingsRead, Some(C::TrainingsManage)),
        "reports" => match second {
            "expenses" | "budget-vs-actual" | "advances" => (C::FinanceRead, None),
            "payroll" => (C::PayRead, None),
            "collections" => (C::DealsRead, None),
            "scores" => (C::ScoresRead, None),
            _ => return None,
        },
        _ => return None,
    })
}

/// What a key needs for `method` on `path`.
pub fn key_route(method: &Method, path: &str) -> KeyRoute {
    let read = method == Method::GET || method == Method::HEAD;
    let Some(rest) = path.strip_prefix("/api/v1/") else {
        return KeyRoute::Closed;
    };
    let mut segments = rest.split('/');
    let first = segments.next().unwrap_or_default();
    let second = segments.next().unwrap_or_default();
    if (first == "me" || first == "changes") && second.is_empty() && read {
        // `/changes` answers each key the types its scopes grant (and its owner reads).
        return KeyRoute::Open;
    }
    if first == "webhooks" {
        return KeyRoute::Needs(Capability::WebhooksManage);
    }
    if first == "contracts" && !read && segments.next() == Some("payments") {
        // Finance's step in the deals area: the scope that grants recording a payment
        // (`finance:write`) opens it, not the area's `deals:write`, which finance never holds.
        return KeyRoute::Needs(Capability::PaymentsWrite);
    }
    match area(first, second) {
        Some((r, _)) if read => KeyRoute::Needs(r),
        Some((_, Some(w))) => KeyRoute::Needs(w),
        _ => KeyRoute::Closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_open_by_method_and_management_stays_closed() {
        let get = Method::GET;
        let post = Method::POST;
        assert_eq!(
            key_route(&get, "/api/v1/clients"),
            KeyRoute::Needs(Capability::ClientsRead)
        );
        assert_eq!(
            key_route(&post, "/api/v1/clients"),
            KeyRoute::Needs(Capability::ClientsWrite)
        );
        assert_eq!(
            key_route(&post, "/api/v1/expense-claims/3/approve"),
            KeyRoute::Needs(Capability::ExpensesWrite)
        );
        assert_eq!(
            key_route(&get, "/api/v1/reports/expenses"),
            KeyRoute::Needs(Capability::FinanceRead)
        );
        assert_eq!(
            key_route(&post, "/api/v1/contracts/3/payments"),
            KeyRoute::Needs(Capability::PaymentsWrite)
        );
        assert_eq!(
            key_route(&get, "/api/v1/contracts/3/payments"),
            KeyRoute::Needs(Capability::DealsRead)
        );
        assert_eq!(
            key_route(&post, "/api/v1/contracts/3/sign"),
            KeyRoute::Needs(Capability::DealsWrite)
        );
        assert_eq!(key_route(&get, "/api/v1/me"), KeyRoute::Open);
        for (m, p) in [
            (&get, "/api/v1/api-keys"),
            (&post, "/api/v1/users"),
            (&get, "/api/v1/users"),
            (&post, "/api/v1/handovers"),
            (&post, "/api/v1/auth/logout"),
            (&Method::PUT, "/api/v1/me/password"),
            (&get, "/api/v1/audit-events"),
            (&post, "/api/v1/reports/expenses"),
        ] {
            assert_eq!(key_route(m, p), KeyRoute::Closed, "{m} {p}");
        }
    }
}
