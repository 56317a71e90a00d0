//! The claim rules' table-driven tests.

use std::collections::BTreeMap;

use super::*;
use crate::Role;
use crate::period::Month;
use crate::workflow::{Refusal, Standing};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

fn std(id: i64, tier: Option<i32>, role: Option<StandardRole>, from: &str, fen: i64) -> Standard {
    Standard {
        id,
        category: ExpenseCategory::Travel,
        amount_fen: fen,
        unit: StandardUnit::PerNight,
        city_tier: tier,
        role,
        effective_from: d(from),
    }
}

#[test]
fn the_most_specific_standard_in_force_wins() {
    let all = [
        std(1, None, None, "2026-01-01", 30_000),
        std(2, Some(1), None, "2026-01-01", 50_000),
        std(
            3,
            Some(1),
            Some(StandardRole::Manager),
            "2026-01-01",
            60_000,
        ),
        std(4, None, None, "2026-12-01", 35_000),
        std(5, Some(2), None, "2027-01-01", 45_000),
    ];
    let pick = |date, tier, role| {
        standard_for(&all, ExpenseCategory::Travel, d(date), tier, role).map(|s| s.id)
    };
    assert_eq!(pick("2026-06-01", None, StandardRole::Salesperson), Some(1));
    assert_eq!(pick("2026-12-05", None, StandardRole::Salesperson), Some(4));
    assert_eq!(
        pick("2026-12-05", Some(1), StandardRole::Salesperson),
        Some(2)
    );
    assert_eq!(pick("2026-12-05", Some(1), StandardRole::Manager), Some(3));
    // Tier 2's own standard only from 2027; before, the general one.
    assert_eq!(
        pick("2026-12-05", Some(2), StandardRole::Salesperson),
        Some(4)
    );
    assert_eq!(
        pick("2027-02-01", Some(2), StandardRole::Salesperson),
        Some(5)
    );
    assert_eq!(pick("2025-12-31", None, StandardRole::Salesperson), None);
    assert_eq!(
        standard_for(
            &all,
            ExpenseCategory::PerDiem,
            d("2026-12-05"),
            None,
            StandardRole::Salesperson
        ),
        None
    );
}

#[test]
fn allowances_per_unit_and_per_month() {
    let night = std(1, None, None, "2026-01-01", 30_000);
    assert_eq!(allowance(&night, 3, 0), Some(90_000));
    let month = Standard {
        unit: StandardUnit::PerMonth,
        ..night
    };
    assert_eq!(allowance(&month, 1, 10_000), Some(20_000));
    assert_eq!(allowance(&month, 1, 40_000), Some(0));
}

#[test]
fn two_people_approve_and_nobody_their_own() {
    let manager = Standing {
        is_owner: false,
        manages_owner: true,
        roles: &[Role::Manager],
    };
    let finance = Standing {
        is_owner: false,
        manages_owner: false,
        roles: &[Role::Finance],
    };
    let own = Standing {
        is_owner: true,
        manages_owner: false,
        roles: &[Role::Manager, Role::Finance],
    };
    use ClaimAction as A;
    use ClaimState as S;
    assert_eq!(
        CLAIM_FLOW.decide(S::Submitted, A::Approve, &manager),
        Ok(S::ManagerApproved)
    );
    assert!(matches!(
        CLAIM_FLOW.decide(S::Submitted, A::Approve, &finance),
        Err(Refusal::InvalidState { .. })
    ));
    assert_eq!(
        CLAIM_FLOW.decide(S::ManagerApproved, A::Approve, &finance),
        Ok(S::FinanceApproved)
    );
    assert!(matches!(
        CLAIM_FLOW.decide(S::ManagerApproved, A::Approve, &own),
        Err(Refusal::Forbidden(_))
    ));
    assert_eq!(
        CLAIM_FLOW.decide(S::FinanceApproved, A::Pay, &finance),
        Ok(S::Paid)
    );
    assert_eq!(
        CLAIM_FLOW.decide(S::Submitted, A::Cancel, &own),
        Ok(S::Cancelled)
    );
    assert!(
        CLAIM_FLOW
            .decide(S::ManagerApproved, A::Cancel, &own)
            .is_err()
    );
    assert!(S::Paid.counts() && !S::Rejected.counts() && !S::Draft.counts());
}

#[test]
fn a_monthly_cap_is_shared_and_a_cut_stops_at_the_standard() {
    let cap = Standard {
        unit: StandardUnit::PerMonth,
        category: ExpenseCategory::Communication,
        ..std(1, None, None, "2026-01-01", 30_000)
    };
    let line = |date: &str, fen| LineBasics {
        date: d(date),
        category: ExpenseCategory::Communication,
        amount_fen: fen,
        quantity: 1,
        city_tier: None,
    };
    let mut used = BTreeMap::new();
    used.insert(
        (Month::of(d("2026-12-01")), ExpenseCategory::Communication),
        10_000,
    );
    let got = allowances(
        &[cap],
        &[
            line("2026-12-02", 15_000),
            line("2026-12-20", 15_000),
            line("2027-01-02", 1),
        ],
        StandardRole::Salesperson,
        &used,
    );
    assert_eq!(got, vec![Some(20_000), Some(5_000), Some(30_000)]);
    assert_eq!(over_standard(15_000, Some(5_000)), 10_000);
    assert_eq!(over_standard(15_000, None), 0);
    assert_eq!(approved_amount(15_000, Some(5_000), None, false), Ok(5_000));
    assert_eq!(approved_amount(15_000, Some(5_000), None, true), Ok(15_000));
    assert_eq!(
        approved_amount(15_000, Some(5_000), Some(3_000), false),
        Ok(3_000)
    );
    assert!(approved_amount(15_000, None, Some(15_001), false).is_err());
    assert_eq!(
        line_flags(60_000, Some(50_000), true, true, 0, 50_000),
        vec![
            LineFlag::OverStandard,
            LineFlag::OverBudget,
            LineFlag::FalseVisit,
            LineFlag::NoReceipt
        ]
    );
    assert!(line_flags(50_000, Some(50_000), false, false, 0, 50_000).is_empty());
}
