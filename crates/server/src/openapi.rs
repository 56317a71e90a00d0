//! The OpenAPI document: paths and schemas are collected from the routes by
//! utoipa-actix-web; this adds the title, tags and the bearer scheme.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "salesops API",
        description = "Sales staff management (业务员管理): plans, visits, reports, scoring and expenses. \
Errors are application/problem+json (RFC 9457) with a stable `code` and, for validation, \
`errors: [{field, code, message}]`. Lists are paginated (`page`, `per_page` ≤ 500) in a stable order \
ending on the id; `cursor=0` and then each page's `next_cursor` pull every row once in id order. \
Request bodies are JSON objects with exactly the documented fields (an unknown field is 422 \
`unknown_field`). No text may contain U+0000 (422 `invalid_character`). Dates lie in 2000–2100, \
and the time of something that happened not more than a day ahead of the server's clock.",
        license(name = "MIT"),
    ),
    tags(
        (name = "auth", description = "Sign-in, tokens and the current user"),
        (name = "users", description = "User accounts and roles"),
        (name = "teams", description = "Teams and managers (the scope of a manager)"),
        (name = "audit", description = "The audit trail"),
        (name = "api_keys", description = "API keys for machines: scoped, shown once, stored hashed, revoked at once (admin)"),
        (name = "clients", description = "The confidential client file (客户档案): CRUD, history, satisfaction, import and export"),
        (name = "follow_ups", description = "Follow-ups (跟进记录), the call and letter registers, and the due list"),
        (name = "cases", description = "Complaint and request cases (客诉)"),
        (name = "handovers", description = "Handover of a leaver's records to a successor (离职交接)"),
        (name = "plans", description = "Weekly and monthly plans (工作计划), approval, revisions, progress"),
        (name = "visits", description = "Client visits: planned, unplanned, completed, missed, rescheduled"),
        (name = "spot_checks", description = "Spot-checks (抽查) of visits by managers"),
        (name = "daily_logs", description = "Daily work logs (工作日志)"),
        (name = "weekly_reports", description = "Weekly reports (周报): figures from the records, review, status, print view"),
        (name = "monthly_reports", description = "Managers' monthly reports (月报)"),
        (name = "deals", description = "Projects (项目跟踪), contracts (合同) and their payments (回款), receivables, aging and the collection rate"),
        (name = "attendance", description = "Attendance (出勤): absences and half days, the month's attendance score"),
        (name = "trainings", description = "Trainings (培训), assessments (考核) and the retraining list"),
        (name = "leavings", description = "Leaving (离职): filed, approved by the manager, its checklist (handover, property, advances) and closing"),
        (name = "scores", description = "Scoring (考核): rubrics, monthly scores with their evidence and workflow, the annual score, alerts and improvement plans"),
        (name = "inbox", description = "The to-do (待办): every kind of waiting work with its count, oldest first seen, and queue"),
        (name = "pay", description = "Pay (薪酬): pay grades, the coefficient cap, commission rules, incentives and deductions, branch profits, the payroll sheet and the scores report"),
        (name = "notifications", description = "Notifications (站内通知): the caller's own, the unread count, marking read"),
        (name = "jobs", description = "Background jobs (后台任务, admin): those that exhausted their tries, and retrying them"),
        (name = "changes", description = "The change feed (变更流): every change in the caller's scope, pulled exactly once by cursor"),
        (name = "webhooks", description = "Webhooks (事件推送): signed deliveries of change events, DingTalk and WeCom group robots, the delivery log and retries"),
    ),
    // Schemas only a query parameter names: utoipa registers those of bodies and responses,
    // not those of `IntoParams` fields, whose `$ref` would otherwise point nowhere.
    components(schemas(salesops_domain::jobs::JobKind)),
    modifiers(&SecurityAddon)
)]
pub struct ApiDoc;

struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.bearer_format = Some("JWT".to_owned());
        bearer.description = Some(
            "An access token (JWT) from `/auth/login`, or an API key (`sok_…`) from `/api-keys`"
                .to_owned(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
    }
}
