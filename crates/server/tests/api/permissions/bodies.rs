//! A body valid enough for each write operation (the audit walk's), so the extractors pass and
//! authorisation decides: the server validates a body before the service checks the caller's
//! capability, so an invalid body would answer 422 where the caller lacks the right.
//!
//! Workflow steps and versioned edits carry a version that is never current
//! ([`STALE`]): whoever may take the step gets 409 `stale_version` (or `invalid_state`) after
//! the checks of scope (404) and party (403), and nothing changes.

use serde_json::{Value, json};

use super::world::{World, line};

/// A version no record reaches in the matrix.
pub const STALE: i64 = 999;

pub enum Body {
    None,
    Json(Value),
    /// A CSV upload (the client import, as a dry run).
    Csv(&'static str),
    /// A multipart upload of a receipt, unique by its seed.
    Receipt(u32),
}

/// The body for `method path`, `n` unique to the call.
pub fn body(w: &World<'_>, method: &str, path: &str, n: u32) -> Body {
    let id = &w.ids;
    let v = json!({"version": STALE});
    let with = |extra: Value| {
        let mut b = extra;
        b["version"] = json!(STALE);
        Body::Json(b)
    };
    let month = format!("20{:02}-{:02}", 30 + n / 12 % 60, n % 12 + 1);
    let date = format!("2027-{:02}-{:02}", n / 28 % 12 + 1, n % 28 + 1);
    let week = format!("2027-W{:02}", n % 52 + 1);
    let a1 = w.sp_a1.id;
    Body::Json(match (method, path) {
        ("POST", "/api/v1/advances") => {
            json!({"plan_id": id.plan_approved, "amount_fen": 1000, "reason": "差旅借支"})
        }
        ("PATCH", "/api/v1/advances/{id}") => {
            return with(
                json!({"plan_id": id.plan_approved, "amount_fen": 1200, "reason": "差旅借支"}),
            );
        }
        ("POST", "/api/v1/advances/{id}/pay") | ("POST", "/api/v1/expense-claims/{id}/pay") => {
            return with(json!({"payment_ref": "PAY-1"}));
        }
        ("POST", "/api/v1/advances/{id}/reject")
        | ("POST", "/api/v1/budget-supplements/{id}/reject")
        | ("POST", "/api/v1/contracts/{id}/reject")
        | ("POST", "/api/v1/expense-claims/{id}/reject")
        | ("POST", "/api/v1/leavings/{id}/reject") => return with(json!({"reason": "退回"})),
        ("POST", "/api/v1/advances/{id}/approve")
        | ("POST", "/api/v1/advances/{id}/cancel")
        | ("POST", "/api/v1/advances/{id}/submit")
        | ("POST", "/api/v1/budget-supplements/{id}/submit")
        | ("POST", "/api/v1/contracts/{id}/approve")
        | ("POST", "/api/v1/contracts/{id}/cancel")
        | ("POST", "/api/v1/contracts/{id}/submit")
        | ("POST", "/api/v1/expense-claims/{id}/cancel")
        | ("POST", "/api/v1/expense-claims/{id}/submit")
        | ("POST", "/api/v1/leavings/{id}/cancel")
        | ("POST", "/api/v1/leavings/{id}/close")
        | ("POST", "/api/v1/plans/{id}/approve")
        | ("POST", "/api/v1/scores/{id}/acknowledge")
        | ("POST", "/api/v1/scores/{id}/recompute") => v,
        ("POST", "/api/v1/budget-supplements/{id}/approve")
        | ("POST", "/api/v1/expense-claims/{id}/approve")
        | ("POST", "/api/v1/leavings/{id}/approve")
        | ("POST", "/api/v1/monthly-reports/{id}/review")
        | ("POST", "/api/v1/plans/{id}/reject") => return with(json!({"comment": "好"})),
        ("POST", "/api/v1/advances/{id}/repayments") => {
            json!({"amount_fen": 1000, "note": "退回现金"})
        }
        ("POST", "/api/v1/api-keys") => {
            json!({"name": format!("新钥 {n}"), "owner_id": a1, "scopes": ["clients:read"]})
        }
        ("POST", "/api/v1/attendance") => {
            json!({"user_id": a1, "date": date, "kind": "absent", "note": "事假"})
        }
        ("POST", "/api/v1/auth/login") => {
            json!({"username": w.sp_a1.username, "password": crate::support::PASSWORD})
        }
        ("POST", "/api/v1/branch-profits") => {
            json!({"team_id": w.team_a, "month": month, "profit_fen": 10_000_000,
                   "finance_lead_id": w.fin.id})
        }
        ("POST", "/api/v1/budget-supplements") => {
            json!({"period": "2026-12", "category": "per_diem", "amount_fen": 5000,
                   "reason": "展会"})
        }
        ("POST", "/api/v1/budgets") => {
            json!({"owner_id": a1, "month": month, "category": "per_diem", "amount_fen": 100000})
        }
        ("PATCH", "/api/v1/budgets/{id}") => return with(json!({"amount_fen": 120000})),
        ("POST", "/api/v1/cases") => json!({"client_id": id.client, "summary": "发票有误"}),
        ("POST", "/api/v1/cases/{id}/resolve") => json!({"resolution": "已重开发票"}),
        ("POST", "/api/v1/clients") => {
            json!({"name": format!("客户{n}"), "company": format!("公司{n}"),
                   "phone": format!("1390000{n:04}")})
        }
        ("PATCH", "/api/v1/clients/{id}") => json!({"needs": "报价"}),
        ("POST", "/api/v1/clients/import") => {
            return Body::Csv("姓名,公司,电话\r\n导入客户,导入公司,13900000009\r\n");
        }
        ("POST", "/api/v1/clients/{id}/follow-ups") => {
            json!({"kind": "call", "summary": "电话沟通"})
        }
        ("POST", "/api/v1/clients/{id}/satisfaction") => json!({"score": 4, "comment": "满意"}),
        ("POST", "/api/v1/commission-rules") => {
            json!({"effective_from": "2026-01", "within_target_permille": 5,
                   "above_target_permille": 10, "settle_by_collection": true})
        }
        ("POST", "/api/v1/contracts") => w.contract_body(n),
        ("PATCH", "/api/v1/contracts/{id}") => return with(w.contract_body(0)),
        ("POST", "/api/v1/contracts/{id}/payments") => {
            json!({"received_on": "2026-12-01", "amount_fen": 1000, "method": "bank_transfer"})
        }
        ("POST", "/api/v1/contracts/{id}/sign") => return with(json!({"signed_on": "2026-11-30"})),
        ("POST", "/api/v1/daily-logs") => json!({"log_date": date, "calls_made": 20, "visits": 2}),
        ("PATCH", "/api/v1/daily-logs/{id}") => json!({"calls_made": 21}),
        ("POST", "/api/v1/expense-claims") => {
            json!({"plan_id": id.plan_approved, "lines": [line(1000, &[])]})
        }
        ("POST", "/api/v1/expense-claims/pay") => {
            json!({"ids": [id.claim], "version_by_id": {id.claim.to_string(): STALE},
                   "payment_ref": "BATCH-1"})
        }
        ("POST", "/api/v1/expense-claims/preview") => json!({"lines": [line(1000, &[])]}),
        ("PATCH", "/api/v1/expense-claims/{id}") => {
            return with(json!({"plan_id": id.plan_approved, "lines": [line(2000, &[])]}));
        }
        ("POST", "/api/v1/expense-standards") => {
            json!({"category": "per_diem", "amount_fen": 10000, "unit": "per_day",
                   "effective_from": date})
        }
        ("PATCH", "/api/v1/expense-standards/{id}") => json!({"amount_fen": 12000}),
        ("POST", "/api/v1/handovers") => {
            json!({"from_user_id": w.seed_seller(n), "to_user_id": w.sp_a2.id})
        }
        ("POST", "/api/v1/improvement-plans") => {
            json!({"user_id": a1, "goals": "周报按时", "review_on": "2027-02-01",
                   "kind": "coaching"})
        }
        ("POST", "/api/v1/improvement-plans/{id}/close") => {
            json!({"outcome": "improved", "note": "已改进"})
        }
        ("POST", "/api/v1/leavings") => {
            json!({"user_id": a1, "leaving_on": "2026-12-31", "reason": "个人原因"})
        }
        ("PATCH", "/api/v1/leavings/{id}/checklist") => {
            return with(json!({"property": [{"item": "工牌", "returned": true}]}));
        }
        // A wrong current password: refused after the caller is admitted, and nothing changes.
        ("PUT", "/api/v1/me/password") => {
            json!({"current_password": "not-the-password-1", "new_password": "another-pass-1"})
        }
        ("POST", "/api/v1/monthly-reports") => json!({"month": month, "summary": "月度总结"}),
        ("PATCH", "/api/v1/monthly-reports/{id}") => {
            json!({"next_month_plan": "十二月计划", "proposals": "加大投放"})
        }
        ("POST", "/api/v1/notifications/read") => json!({"all": true}),
        ("POST", "/api/v1/pay-grades") => {
            json!({"user_id": a1, "base_fen": 300_000, "performance_fen": 400_000,
                   "effective_from": "2026-01"})
        }
        ("POST", "/api/v1/pay-items") => {
            json!({"user_id": a1, "month": "2026-11", "kind": "incentive", "amount_fen": 50_000,
                   "note": "季度之星"})
        }
        ("PUT", "/api/v1/pay-settings") => json!({"coefficient_cap": 1.5}),
        ("POST", "/api/v1/plans") => json!({"kind": "weekly", "period": week}),
        ("PATCH", "/api/v1/plans/{id}") => json!({"calls_per_day": 35}),
        ("POST", "/api/v1/plans/{id}/submit") | ("POST", "/api/v1/weekly-reports/{id}/submit") => {
            json!({})
        }
        ("POST", "/api/v1/plans/{id}/visits") => {
            json!({"client_id": id.client, "planned_date": "2026-11-24"})
        }
        ("POST", "/api/v1/projects") => {
            json!({"client_id": id.client, "name": format!("项目{n}"),
                   "expected_amount_fen": 5_000_000})
        }
        ("PATCH", "/api/v1/projects/{id}") => {
            return with(json!({"client_id": id.client, "name": "厂房照明二期",
                               "expected_amount_fen": 6_000_000}));
        }
        ("POST", "/api/v1/projects/{id}/stage") => return with(json!({"stage": "bidding"})),
        ("POST", "/api/v1/receipts") => return Body::Receipt(n + 100),
        ("POST", "/api/v1/rubrics") => {
            json!({"role": "salesperson", "effective_from": "2027-01", "items": id.rubric_items})
        }
        ("POST", "/api/v1/scores") => json!({"user_id": a1, "month": month}),
        ("PATCH", "/api/v1/scores/{id}") => {
            return with(json!({"items": [{"code": "rebate_forms", "occurrences": 1,
                                          "note": "返利表迟交"}]}));
        }
        ("POST", "/api/v1/scores/{id}/dispute") | ("POST", "/api/v1/scores/{id}/reopen") => {
            return with(json!({"reason": "考勤更正"}));
        }
        ("POST", "/api/v1/scores/{id}/finalize") => {
            return with(json!({"discussion_note": "已讲评"}));
        }
        ("POST", "/api/v1/scores/{id}/resolve") => {
            return with(json!({"outcome": "upheld", "note": "属实"}));
        }
        ("POST", "/api/v1/spot-checks") => {
            json!({"visit_id": id.checked_visit, "result": "confirmed", "note": "客户确认"})
        }
        ("POST", "/api/v1/teams") => json!({"name": format!("新组{n}"), "region": "华南"}),
        ("PATCH", "/api/v1/teams/{id}") => json!({"region": "华东"}),
        ("POST", "/api/v1/trainings") => w.training_body(&date),
        ("PATCH", "/api/v1/trainings/{id}") => return with(w.training_body("2026-11-25")),
        ("POST", "/api/v1/trainings/{id}/assessments") => {
            json!({"user_id": a1, "passed": true, "score": 90})
        }
        ("POST", "/api/v1/users") => {
            json!({"username": format!("new{n}"), "display_name": "新人",
                   "password": crate::support::INITIAL_PASSWORD, "roles": ["salesperson"],
                   "team_id": w.team_a})
        }
        ("PATCH", "/api/v1/users/{id}") => json!({"display_name": "User sp_a1"}),
        ("POST", "/api/v1/visits") => {
            json!({"client_id": id.client, "planned_date": "2026-11-25", "purpose": "路过"})
        }
        ("POST", "/api/v1/visits/{id}/complete") => json!({"summary": "见了客户"}),
        ("POST", "/api/v1/visits/{id}/miss") => json!({"reason": "客户出差"}),
        ("POST", "/api/v1/visits/{id}/reschedule") => json!({"new_date": "2026-11-26"}),
        ("POST", "/api/v1/webhooks") => {
            json!({"url": "https://1.1.1.1/hook", "events": ["*"]})
        }
        ("PATCH", "/api/v1/webhooks/{id}") => json!({"events": ["client.*"]}),
        ("POST", "/api/v1/weekly-reports") => json!({"week": week}),
        ("PATCH", "/api/v1/weekly-reports/{id}") => {
            json!({"sections": {"sales_volume": "本周销售 12 万", "collections": "回款 8 万",
                                "client_visits": "拜访 3 家", "sales_expenses": "差旅 1,200 元",
                                "key_clients": "华润跟进中"}})
        }
        ("POST", "/api/v1/weekly-reports/{id}/review") => {
            return with(json!({"comment": "好",
                               "marks": [{"section": "sales_volume", "mark": "full"}]}));
        }
        // GETs, DELETEs and the bodiless POSTs (escalate, archive, restore, disable, enable,
        // retry, the monthly report's submit, sign-out); and sign-in's refresh (a fresh
        // session's token, filled in by the caller of this function).
        _ => return Body::None,
    })
}

/// The required query parameters of `path`, filled in.
pub fn query(w: &World<'_>, method: &str, path: &str) -> String {
    let q = match (method, path) {
        ("GET", "/api/v1/alerts")
        | ("GET", "/api/v1/attendance/summary")
        | ("GET", "/api/v1/reports/budget-vs-actual")
        | ("GET", "/api/v1/reports/payroll")
        | ("GET", "/api/v1/reports/scores")
        | ("GET", "/api/v1/scores/status") => "month=2026-11".to_owned(),
        ("GET", "/api/v1/plans/summary")
        | ("GET", "/api/v1/spot-checks/sample")
        | ("GET", "/api/v1/weekly-reports/status") => "week=2026-W48".to_owned(),
        ("GET", "/api/v1/handovers/preview") => format!("from_user_id={}", w.sp_a1.id),
        ("GET", "/api/v1/reports/collections") => "from=2026-11-01&to=2026-11-30".to_owned(),
        ("GET", "/api/v1/reports/expenses") => "group_by=person".to_owned(),
        ("GET", "/api/v1/scores/annual") => "year=2026".to_owned(),
        ("POST", "/api/v1/clients/import") => "dry_run=true".to_owned(),
        _ => return String::new(),
    };
    format!("?{q}")
}
