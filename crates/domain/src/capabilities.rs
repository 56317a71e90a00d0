//! The capability table (权限表): which roles may do what. The server's role checks, the
//! browser app's navigation and API keys' scopes (`crate::api_keys`) all read this one table, so a screen
//! never offers what the server refuses.
//!
//! A capability says *what kind* of operation a role may attempt. Whose records it reaches is
//! scope (the owner, their managers, admin), and who decides a document is the workflow's
//! (`crate::workflow`); neither is repeated here.

use crate::Role;
use crate::text_enum;

text_enum! {
    /// An operation class. The wire name doubles as an API-key scope (`clients:read`).
    pub enum Capability {
        /// Read clients, follow-ups, cases and the due list in scope.
        ClientsRead = "clients:read",
        /// Create and edit clients, log follow-ups, raise and close cases.
        ClientsWrite = "clients:write",
        /// Import clients from a spreadsheet.
        ClientsImport = "clients:import",
        /// Reassign a client to another member of the caller's teams.
        ClientsReassign = "clients:reassign",
        /// Read plans, visits, daily logs and spot-checks in scope.
        PlansRead = "plans:read",
        /// Write one's own plans, visits and daily logs.
        PlansWrite = "plans:write",
        /// The team's week at a glance, and spot-checks of team members' visits.
        PlansSupervise = "plans:supervise",
        /// Read weekly and monthly reports in scope.
        ReportsRead = "reports:read",
        /// Write and submit one's own weekly report.
        ReportsWrite = "reports:write",
        /// Write and submit one's own monthly report (managers, SPEC §5).
        MonthlyReportsWrite = "monthly_reports:write",
        /// Who has and has not filed their report.
        ReportsSupervise = "reports:supervise",
        /// List users (admin and HR all, a manager their teams' members).
        UsersRead = "users:read",
        /// Create, disable and enable users (HR: salespeople and managers only).
        UsersManage = "users:manage",
        /// Change a user's details, roles and team.
        UsersEdit = "users:edit",
        /// Read the team tree.
        TeamsRead = "teams:read",
        /// Create and change teams.
        TeamsManage = "teams:manage",
        /// Create, list and revoke API keys (admin). Never granted through a key.
        ApiKeysManage = "api_keys:manage",
        /// Hand a leaver's work to a successor (离职交接).
        HandoversManage = "handovers:manage",
        /// Read the audit trail.
        AuditRead = "audit:read",
        /// Read expense standards (everyone who claims or approves).
        StandardsRead = "standards:read",
        /// Set expense standards.
        StandardsManage = "standards:manage",
        /// Write one's own claims, advances, supplements and receipts.
        ExpensesWrite = "expenses:write",
        /// Read claims, advances, supplements and budgets in scope (finance: everyone's).
        ExpensesRead = "expenses:read",
        /// Set the monthly budgets of the members of one's teams.
        BudgetsManage = "budgets:manage",
        /// Finance's reports: expenses, budget against actual, advances.
        FinanceRead = "finance:read",
        /// Read projects, contracts, payments, receivables and the collection rate in scope
        /// (finance: everyone's).
        DealsRead = "deals:read",
        /// Create and move projects, write, submit and sign contracts.
        DealsWrite = "deals:write",
        /// Record payments received against contracts (finance).
        PaymentsWrite = "payments:write",
        /// Read attendance records and summaries in scope (one's own; a manager's teams;
        /// HR and admin everyone's).
        AttendanceRead = "attendance:read",
        /// Record and remove absences of others (HR and admin anyone, a manager the members
        /// of their teams; nobody their own).
        AttendanceManage = "attendance:manage",
        /// Read trainings, assessments and the retraining list in scope.
        TrainingsRead = "trainings:read",
        /// Record trainings and assess their attendees (a manager for their teams, HR all).
        TrainingsManage = "trainings:manage",
        /// Read scores in scope (one's own; a manager's teams; HR and admin everyone's).
        ScoresRead = "scores:read",
        /// Compute, adjust and finalize scores; acknowledge or dispute one's own (who may
        /// take which step is the score's workflow).
        ScoresWrite = "scores:write",
        /// Who is not scored, the alerts, the scores report (HR, managers for their teams).
        ScoresSupervise = "scores:supervise",
        /// Add rubric versions (admin).
        RubricsManage = "rubrics:manage",
        /// Open and close improvement plans (HR).
        ImprovementPlansManage = "improvement_plans:manage",
        /// Read pay grades, commission rules, pay items and the payroll sheet.
        PayRead = "pay:read",
        /// Set pay grades, the pay settings and commission rules (admin).
        PayManage = "pay:manage",
        /// Enter incentives and deductions (finance, HR) and branch profits (finance).
        PayItemsWrite = "pay_items:write",
        /// File one's own leaving (离职); HR files anyone's.
        LeavingsWrite = "leavings:write",
        /// Work a leaving's checklist and close it (HR).
        LeavingsManage = "leavings:manage",
        /// See background jobs that failed and retry them (admin).
        JobsManage = "jobs:manage",
        /// Subscribe webhooks to the events one may read (admin every webhook, finance and
        /// HR their own).
        WebhooksManage = "webhooks:manage",
    }
}

impl Capability {
    /// The roles holding this capability.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Capability::ClientsRead | Capability::ClientsWrite => &[Salesperson, Manager, Admin],
            Capability::ClientsImport => &[Salesperson, Admin],
            Capability::ClientsReassign => &[Manager, Admin],
            Capability::PlansRead => &[Salesperson, Manager, Admin],
            Capability::PlansWrite => &[Salesperson, Manager],
            Capability::PlansSupervise => &[Manager, Admin],
            Capability::ReportsRead => &[Salesperson, Manager, Admin],
            Capability::ReportsWrite => &[Salesperson, Manager],
            Capability::MonthlyReportsWrite => &[Manager],
            Capability::ReportsSupervise => &[Manager, Admin],
            Capability::UsersRead => &[Manager, Hr, Admin],
            Capability::UsersManage => &[Hr, Admin],
            Capability::UsersEdit => &[Admin],
            Capability::TeamsRead => &[Manager, Finance, Hr, Admin],
            Capability::TeamsManage => &[Admin],
            Capability::HandoversManage => &[Hr, Admin],
            Capability::ApiKeysManage => &[Admin],
            Capability::AuditRead => &[Admin],
            Capability::StandardsRead => &[Salesperson, Manager, Finance, Hr, Admin],
            Capability::StandardsManage => &[Admin],
            Capability::ExpensesWrite => &[Salesperson, Manager],
            Capability::ExpensesRead => &[Salesperson, Manager, Finance, Admin],
            Capability::BudgetsManage => &[Manager, Admin],
            Capability::FinanceRead => &[Manager, Finance, Admin],
            Capability::DealsRead => &[Salesperson, Manager, Finance, Admin],
            Capability::DealsWrite => &[Salesperson, Manager, Admin],
            Capability::PaymentsWrite => &[Finance],
            Capability::AttendanceRead | Capability::TrainingsRead => {
                &[Salesperson, Manager, Hr, Admin]
            }
            Capability::AttendanceManage | Capability::TrainingsManage => &[Manager, Hr, Admin],
            Capability::ScoresRead | Capability::ScoresWrite => &[Salesperson, Manager, Hr, Admin],
            Capability::ScoresSupervise => &[Manager, Hr, Admin],
            Capability::RubricsManage | Capability::PayManage => &[Admin],
            Capability::ImprovementPlansManage => &[Hr, Admin],
            Capability::PayRead => &[Finance, Hr, Admin],
            Capability::PayItemsWrite => &[Finance, Hr],
            Capability::LeavingsWrite => &[Salesperson, Manager, Finance, Hr, Admin],
            Capability::LeavingsManage => &[Hr, Admin],
            Capability::JobsManage => &[Admin],
            Capability::WebhooksManage => &[Finance, Hr, Admin],
        }
    }

    /// Whether someone holding `roles` has this capability.
    pub fn allows(self, roles: &[Role]) -> bool {
        self.roles().iter().any(|r| roles.contains(r))
    }

    /// Every capability someone holding `roles` has.
    pub fn of(roles: &[Role]) -> Vec<Capability> {
        Capability::ALL
            .iter()
            .copied()
            .filter(|c| c.allows(roles))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_capability_has_a_holder_and_a_scope_name() {
        for c in Capability::ALL {
            assert!(!c.roles().is_empty(), "{c}");
            assert!(c.as_str().contains(':'), "{c}");
            assert_eq!(c.as_str().parse::<Capability>(), Ok(*c));
        }
    }

    #[test]
    fn finance_reads_teams_but_not_clients() {
        let finance = [Role::Finance];
        assert!(Capability::TeamsRead.allows(&finance));
        assert!(!Capability::ClientsRead.allows(&finance));
        assert!(Capability::of(&[Role::Admin]).contains(&Capability::AuditRead));
        assert!(!Capability::of(&[Role::Hr]).contains(&Capability::AuditRead));
    }
}
