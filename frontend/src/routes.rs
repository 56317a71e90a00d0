//! Who may open each screen, and the header's navigation: both read the domain's capability
//! table (`salesops_domain::Capability`), the one the server's role checks read, so a screen
//! is never offered to someone the server refuses.

use salesops_domain::{Capability, Role};

use crate::i18n::api_keys::KMsg;
use crate::i18n::clients::CMsg;
use crate::i18n::deals::D;
use crate::i18n::leavings::LMsg;
use crate::i18n::money::M;
use crate::i18n::notifications::NMsg;
use crate::i18n::pay::PayMsg;
use crate::i18n::plans::P;
use crate::i18n::reports::R;
use crate::i18n::rubrics::RbMsg;
use crate::i18n::scores::S;
use crate::i18n::webhooks::WMsg;
use crate::i18n::{AnyText, Msg};

/// Who may open a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone signed in.
    SignedIn,
    /// Someone holding one of these capabilities.
    AnyOf(&'static [Capability]),
}

impl Access {
    pub fn allows(self, roles: &[Role]) -> bool {
        match self {
            Access::SignedIn => true,
            Access::AnyOf(caps) => caps.iter().any(|c| c.allows(roles)),
        }
    }
}

const fn can(capability: &'static [Capability]) -> Access {
    Access::AnyOf(capability)
}

pub const HOME: Access = Access::SignedIn;
pub const ACCOUNT: Access = Access::SignedIn;
pub const USERS: Access = can(&[Capability::UsersManage]);
pub const TEAMS: Access = can(&[Capability::TeamsManage]);
/// API keys (issue #14): admin.
pub const API_KEYS: Access = can(&[Capability::ApiKeysManage]);
/// The failed background jobs (issue 14): admin.
pub const JOBS: Access = can(&[Capability::JobsManage]);
/// Webhooks (issue 14): admin everyone's, finance and HR their own.
pub const WEBHOOKS: Access = can(&[Capability::WebhooksManage]);
pub const CLIENTS: Access = can(&[Capability::ClientsRead]);
pub const NEW_CLIENT: Access = can(&[Capability::ClientsWrite]);
pub const CLIENT: Access = can(&[Capability::ClientsRead]);
pub const TODAY: Access = can(&[Capability::ClientsRead]);
/// The open complaints of the clients in scope (the inbox links there).
pub const CASES: Access = can(&[Capability::ClientsRead]);
pub const TEAM_CLIENTS: Access = can(&[Capability::ClientsReassign]);
/// The table's `ClientsImport` leaves managers out; today's screen lets everyone who writes
/// clients import (kept as it was; see the report of this change).
pub const IMPORT: Access = can(&[Capability::ClientsWrite]);
pub const HANDOVERS: Access = can(&[Capability::HandoversManage]);
pub const MY_WEEK: Access = can(&[Capability::PlansWrite]);
pub const APPROVALS: Access = can(&[Capability::PlansSupervise]);
pub const SPOT_CHECKS: Access = can(&[Capability::PlansSupervise]);
pub const TEAM_WEEK: Access = can(&[Capability::PlansSupervise]);
pub const WEEKLY_REPORT: Access = can(&[Capability::ReportsWrite]);
pub const REPORTS_STATUS: Access = can(&[Capability::ReportsSupervise]);
pub const REPORT: Access = can(&[Capability::ReportsRead]);
/// A manager writes their own; those who follow the team's reports read and review them.
pub const MONTHLY: Access = can(&[
    Capability::MonthlyReportsWrite,
    Capability::ReportsSupervise,
]);
/// One's own claims and advances.
pub const MY_CLAIMS: Access = can(&[Capability::ExpensesWrite]);
/// The people's claims, advances and supplements to decide on: the managers (and admin) who
/// set their budgets.
pub const MONEY_INBOX: Access = can(&[Capability::BudgetsManage]);
/// Finance's queue: approving second and paying is finance's step of the workflow (the page
/// itself says so to anyone else who opens it).
pub const FINANCE_QUEUE: Access = can(&[Capability::FinanceRead]);
pub const FINANCE_REPORTS: Access = can(&[Capability::FinanceRead]);
pub const STANDARDS: Access = can(&[Capability::StandardsManage]);
/// Deals: everyone who works with clients or their money reads them (finance sees all).
pub const PIPELINE: Access = can(&[Capability::DealsRead]);
pub const PROJECT: Access = can(&[Capability::DealsRead]);
pub const CONTRACTS: Access = can(&[Capability::DealsRead]);
pub const CONTRACT: Access = can(&[Capability::DealsRead]);
/// Drafting and changing a contract: its owner (the client's).
pub const CONTRACT_FORM: Access = can(&[Capability::DealsWrite]);
/// The review inbox: the owner's manager or finance decide (the page lists what the caller
/// may decide, nothing for others).
pub const CONTRACT_REVIEW: Access = can(&[Capability::DealsRead]);
pub const RECEIVABLES: Access = can(&[Capability::DealsRead]);
/// The rubric editor (issue 13): admin.
pub const RUBRICS: Access = can(&[Capability::RubricsManage]);
/// Leavings: everyone files their own; the list shows what is in the caller's scope.
pub const LEAVINGS: Access = can(&[Capability::LeavingsWrite]);
pub const LEAVING: Access = can(&[Capability::LeavingsWrite]);
/// Pay (issue 13): those who read pay open its screens; the forms on them follow the writing
/// capabilities (pay items: finance and HR; grades, settings and rules: admin).
pub const PAYROLL: Access = can(&[Capability::PayRead]);
pub const PAY_ITEMS: Access = can(&[Capability::PayRead]);
pub const BRANCH_PROFITS: Access = can(&[Capability::PayRead]);
pub const PAY_GRADES: Access = can(&[Capability::PayRead]);
pub const PAY_SETTINGS: Access = can(&[Capability::PayRead]);
/// Scoring: one's own score (the scored: salespeople and managers), any score in scope.
pub const MY_SCORE: Access = can(&[Capability::ScoresRead]);
pub const SCORE: Access = can(&[Capability::ScoresRead]);
/// The team's scoring sheet: those who compute, adjust and finalize (the workflow decides).
pub const TEAM_SCORES: Access = can(&[Capability::ScoresSupervise]);
/// Who is not finalized, the disputes and the annual table.
pub const SCORES_OVERVIEW: Access = can(&[Capability::ScoresSupervise]);
/// Alerts (HR everyone's, a manager their teams', as the API answers) and, for those who
/// manage them, the improvement plans; the navigation offers it to HR and admin.
pub const SCORE_ALERTS: Access = can(&[Capability::ScoresSupervise]);
/// Trainings are read by everyone trained (a score's evidence links to them); recorded, and
/// offered in the navigation, to those who manage them.
pub const TRAININGS: Access = can(&[Capability::TrainingsRead]);
pub const TRAININGS_MANAGE: Access = can(&[Capability::TrainingsManage]);
pub const ATTENDANCE: Access = can(&[Capability::AttendanceManage]);

/// One entry of the header's navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    pub href: &'static str,
    pub testid: &'static str,
    pub label: AnyText,
    pub access: Access,
    /// Narrower than `access`: the roles whose daily work the screen is (everyone allowed
    /// when empty). Others may still open it; it is just not in their way.
    pub audience: &'static [Role],
    /// Highlighted only on exactly this path (not on the paths below it).
    pub exact: bool,
}

impl NavEntry {
    pub fn shown_to(&self, roles: &[Role]) -> bool {
        self.access.allows(roles)
            && (self.audience.is_empty() || self.audience.iter().any(|r| roles.contains(r)))
    }
}

fn entry(
    href: &'static str,
    testid: &'static str,
    label: impl Into<AnyText>,
    access: Access,
) -> NavEntry {
    NavEntry {
        href,
        testid,
        label: label.into(),
        access,
        audience: &[],
        exact: false,
    }
}

/// The header's navigation, in order.
pub fn nav() -> Vec<NavEntry> {
    vec![
        NavEntry {
            exact: true,
            ..entry("/", "nav-home", Msg::NavHome, HOME)
        },
        NavEntry {
            audience: &[Role::Salesperson, Role::Admin],
            ..entry("/today", "nav-today", CMsg::NavToday, TODAY)
        },
        NavEntry {
            exact: true,
            ..entry("/clients", "nav-clients", CMsg::NavClients, CLIENTS)
        },
        entry(
            "/clients/team",
            "nav-team-clients",
            CMsg::NavTeam,
            TEAM_CLIENTS,
        ),
        entry("/handovers", "nav-handover", CMsg::NavHandover, HANDOVERS),
        NavEntry {
            audience: &[Role::Manager, Role::Hr, Role::Admin],
            ..entry("/leavings", "nav-leavings", LMsg::NavLeavings, LEAVINGS)
        },
        NavEntry {
            audience: &[Role::Salesperson],
            ..entry(
                "/reports/week",
                "nav-weekly-report",
                R::NavWeekly,
                WEEKLY_REPORT,
            )
        },
        entry(
            "/reports/status",
            "nav-reports-status",
            R::NavStatus,
            REPORTS_STATUS,
        ),
        entry(
            "/reports/monthly",
            "nav-monthly-report",
            R::NavMonthly,
            MONTHLY,
        ),
        NavEntry {
            audience: &[Role::Salesperson],
            ..entry("/plans/week", "nav-my-week", P::NavMyWeek, MY_WEEK)
        },
        entry(
            "/manager/approvals",
            "nav-approvals",
            P::NavApprovals,
            APPROVALS,
        ),
        entry(
            "/manager/spot-checks",
            "nav-spot-checks",
            P::NavSpotChecks,
            SPOT_CHECKS,
        ),
        entry(
            "/manager/team-week",
            "nav-team-week",
            P::NavTeamWeek,
            TEAM_WEEK,
        ),
        NavEntry {
            audience: &[Role::Salesperson],
            ..entry("/claims", "nav-claims", M::NavClaims, MY_CLAIMS)
        },
        NavEntry {
            audience: &[Role::Salesperson],
            ..entry("/advances", "nav-advances", M::NavAdvances, MY_CLAIMS)
        },
        entry(
            "/money/inbox",
            "nav-money-inbox",
            M::NavMoneyInbox,
            MONEY_INBOX,
        ),
        NavEntry {
            audience: &[Role::Finance],
            ..entry(
                "/finance/claims",
                "nav-finance-queue",
                M::NavFinanceQueue,
                FINANCE_QUEUE,
            )
        },
        NavEntry {
            audience: &[Role::Finance, Role::Admin],
            ..entry(
                "/finance/reports",
                "nav-finance-reports",
                M::NavFinanceReports,
                FINANCE_REPORTS,
            )
        },
        entry(
            "/finance/payroll",
            "nav-payroll",
            PayMsg::NavPayroll,
            PAYROLL,
        ),
        NavEntry {
            audience: &[Role::Finance, Role::Hr],
            ..entry(
                "/pay/items",
                "nav-pay-items",
                PayMsg::NavPayItems,
                PAY_ITEMS,
            )
        },
        NavEntry {
            audience: &[Role::Finance, Role::Admin],
            ..entry(
                "/finance/branch-profits",
                "nav-branch-profits",
                PayMsg::NavBranchProfits,
                BRANCH_PROFITS,
            )
        },
        NavEntry {
            audience: &[Role::Salesperson, Role::Manager, Role::Admin],
            ..entry("/deals/pipeline", "nav-pipeline", D::NavPipeline, PIPELINE)
        },
        NavEntry {
            exact: true,
            ..entry("/contracts", "nav-contracts", D::NavContracts, CONTRACTS)
        },
        NavEntry {
            audience: &[Role::Manager, Role::Finance],
            ..entry(
                "/contracts/review",
                "nav-contract-review",
                D::NavContractReview,
                CONTRACT_REVIEW,
            )
        },
        entry(
            "/receivables",
            "nav-receivables",
            D::NavReceivables,
            RECEIVABLES,
        ),
        NavEntry {
            audience: &[Role::Salesperson, Role::Manager],
            ..entry("/scores/me", "nav-my-score", S::NavMyScore, MY_SCORE)
        },
        NavEntry {
            audience: &[Role::Manager, Role::Admin],
            ..entry(
                "/manager/scores",
                "nav-team-scores",
                S::NavTeamScores,
                TEAM_SCORES,
            )
        },
        entry(
            "/trainings",
            "nav-trainings",
            S::NavTrainings,
            TRAININGS_MANAGE,
        ),
        entry(
            "/attendance",
            "nav-attendance",
            S::NavAttendance,
            ATTENDANCE,
        ),
        NavEntry {
            audience: &[Role::Hr, Role::Admin],
            ..entry(
                "/hr/scores",
                "nav-hr-scores",
                S::NavHrScores,
                SCORES_OVERVIEW,
            )
        },
        NavEntry {
            audience: &[Role::Hr, Role::Admin],
            ..entry("/hr/alerts", "nav-score-alerts", S::NavAlerts, SCORE_ALERTS)
        },
        entry(
            "/admin/standards",
            "nav-standards",
            M::NavStandards,
            STANDARDS,
        ),
        entry("/admin/rubrics", "nav-rubrics", RbMsg::NavRubrics, RUBRICS),
        NavEntry {
            audience: &[Role::Admin],
            ..entry(
                "/admin/pay-grades",
                "nav-pay-grades",
                PayMsg::NavPayGrades,
                PAY_GRADES,
            )
        },
        NavEntry {
            audience: &[Role::Admin],
            ..entry(
                "/admin/pay-settings",
                "nav-pay-settings",
                PayMsg::NavPaySettings,
                PAY_SETTINGS,
            )
        },
        entry("/admin/users", "nav-users", Msg::NavUsers, USERS),
        entry("/admin/teams", "nav-teams", Msg::NavTeams, TEAMS),
        entry(
            "/admin/api-keys",
            "nav-api-keys",
            KMsg::NavApiKeys,
            API_KEYS,
        ),
        entry("/admin/jobs", "nav-jobs", NMsg::NavJobs, JOBS),
        entry(
            "/admin/webhooks",
            "nav-webhooks",
            WMsg::NavWebhooks,
            WEBHOOKS,
        ),
    ]
}

/// Whether the header shows the entry for `href` to someone holding `roles`.
pub fn in_nav(href: &str, roles: &[Role]) -> bool {
    nav().iter().any(|e| e.href == href && e.shown_to(roles))
}

#[cfg(test)]
#[path = "routes_tests.rs"]
mod tests;
