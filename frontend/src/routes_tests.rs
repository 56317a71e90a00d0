//! What each role sees in the navigation and who each guard lets in.

use super::*;

fn shown(roles: &[Role]) -> Vec<&'static str> {
    nav()
        .into_iter()
        .filter(|e| e.shown_to(roles))
        .map(|e| e.testid)
        .collect()
}

/// What each role saw before the table drove the navigation.
#[test]
fn each_role_sees_what_it_saw() {
    assert_eq!(
        shown(&[Role::Salesperson]),
        [
            "nav-home",
            "nav-today",
            "nav-clients",
            "nav-weekly-report",
            "nav-my-week",
            "nav-claims",
            "nav-advances",
            "nav-pipeline",
            "nav-contracts",
            "nav-receivables",
            "nav-my-score",
        ]
    );
    assert_eq!(
        shown(&[Role::Manager]),
        [
            "nav-home",
            "nav-clients",
            "nav-team-clients",
            "nav-leavings",
            "nav-reports-status",
            "nav-monthly-report",
            "nav-approvals",
            "nav-spot-checks",
            "nav-team-week",
            "nav-money-inbox",
            "nav-pipeline",
            "nav-contracts",
            "nav-contract-review",
            "nav-receivables",
            "nav-my-score",
            "nav-team-scores",
            "nav-trainings",
            "nav-attendance",
        ]
    );
    assert_eq!(
        shown(&[Role::Hr]),
        [
            "nav-home",
            "nav-handover",
            "nav-leavings",
            "nav-payroll",
            "nav-pay-items",
            "nav-trainings",
            "nav-attendance",
            "nav-hr-scores",
            "nav-score-alerts",
            "nav-users",
            "nav-webhooks",
        ]
    );
    assert_eq!(
        shown(&[Role::Finance]),
        [
            "nav-home",
            "nav-finance-queue",
            "nav-finance-reports",
            "nav-payroll",
            "nav-pay-items",
            "nav-branch-profits",
            "nav-contracts",
            "nav-contract-review",
            "nav-receivables",
            "nav-webhooks",
        ]
    );
    assert_eq!(
        shown(&[Role::Admin]),
        [
            "nav-home",
            "nav-today",
            "nav-clients",
            "nav-team-clients",
            "nav-handover",
            "nav-leavings",
            "nav-reports-status",
            "nav-monthly-report",
            "nav-approvals",
            "nav-spot-checks",
            "nav-team-week",
            "nav-money-inbox",
            "nav-finance-reports",
            "nav-payroll",
            "nav-branch-profits",
            "nav-pipeline",
            "nav-contracts",
            "nav-receivables",
            "nav-team-scores",
            "nav-trainings",
            "nav-attendance",
            "nav-hr-scores",
            "nav-score-alerts",
            "nav-standards",
            "nav-rubrics",
            "nav-pay-grades",
            "nav-pay-settings",
            "nav-users",
            "nav-teams",
            "nav-api-keys",
            "nav-jobs",
            "nav-webhooks",
        ]
    );
}

#[test]
fn guards_keep_their_roles() {
    use Role::*;
    let who = |a: Access| -> Vec<Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(|r| a.allows(&[*r]))
            .collect()
    };
    assert_eq!(who(USERS), [Hr, Admin]);
    assert_eq!(who(TEAMS), [Admin]);
    assert_eq!(who(API_KEYS), [Admin]);
    for a in [CLIENTS, NEW_CLIENT, CLIENT, TODAY, CASES, IMPORT, REPORT] {
        assert_eq!(who(a), [Salesperson, Manager, Admin]);
    }
    for a in [
        TEAM_CLIENTS,
        APPROVALS,
        SPOT_CHECKS,
        TEAM_WEEK,
        REPORTS_STATUS,
        MONTHLY,
    ] {
        assert_eq!(who(a), [Manager, Admin]);
    }
    for a in [MY_WEEK, WEEKLY_REPORT] {
        assert_eq!(who(a), [Salesperson, Manager]);
    }
    assert_eq!(who(HANDOVERS), [Hr, Admin]);
    assert_eq!(who(MY_CLAIMS), [Salesperson, Manager]);
    assert_eq!(who(MONEY_INBOX), [Manager, Admin]);
    assert_eq!(who(FINANCE_QUEUE), [Manager, Finance, Admin]);
    assert_eq!(who(STANDARDS), [Admin]);
    for a in [
        PIPELINE,
        PROJECT,
        CONTRACTS,
        CONTRACT,
        CONTRACT_REVIEW,
        RECEIVABLES,
    ] {
        assert_eq!(who(a), [Salesperson, Manager, Finance, Admin]);
    }
    assert_eq!(who(CONTRACT_FORM), [Salesperson, Manager, Admin]);
    for a in [PAYROLL, PAY_ITEMS, BRANCH_PROFITS, PAY_GRADES, PAY_SETTINGS] {
        assert_eq!(who(a), [Finance, Hr, Admin]);
    }
    assert_eq!(who(RUBRICS), [Admin]);
    for a in [LEAVINGS, LEAVING] {
        assert_eq!(who(a), [Salesperson, Manager, Finance, Hr, Admin]);
    }
    for a in [MY_SCORE, SCORE, TRAININGS] {
        assert_eq!(who(a), [Salesperson, Manager, Hr, Admin]);
    }
    for a in [
        TEAM_SCORES,
        SCORES_OVERVIEW,
        SCORE_ALERTS,
        TRAININGS_MANAGE,
        ATTENDANCE,
    ] {
        assert_eq!(who(a), [Manager, Hr, Admin]);
    }
}
