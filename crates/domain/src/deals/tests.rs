use chrono::NaiveDate;

use super::*;
use crate::Role;
use crate::workflow::{Refusal, Standing};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

#[test]
fn capital_numerals_read_as_a_bank_writes_them() {
    for (fen, text) in [
        (0, "零元整"),
        (1, "壹分"),
        (10, "壹角"),
        (105, "壹元零伍分"),
        (150, "壹元伍角"),
        (1_000, "壹拾元整"),
        (123_456, "壹仟贰佰叁拾肆元伍角陆分"),
        (105_000, "壹仟零伍拾元整"),
        (10_000_000, "壹拾万元整"),
        (100_000_100, "壹佰万零壹元整"),
        (1_001_000_000, "壹仟零壹万元整"),
        (10_000_000_000, "壹亿元整"),
        (10_000_100_000, "壹亿零壹仟元整"),
        (10_100_000_000, "壹亿零壹佰万元整"),
        (-2_000, "负贰拾元整"),
    ] {
        assert_eq!(capital_numerals(fen), text, "{fen}");
    }
}

#[test]
fn projects_move_one_step_or_close() {
    assert_eq!(
        next_stages(ProjectStage::Design),
        [ProjectStage::Bidding, ProjectStage::Won, ProjectStage::Lost]
    );
    assert_eq!(
        next_stages(ProjectStage::Acceptance),
        [ProjectStage::Won, ProjectStage::Lost]
    );
    assert!(next_stages(ProjectStage::Won).is_empty());
    assert_eq!(ProjectMove::to(ProjectStage::Design), None);
    let roles = [Role::Salesperson];
    let owner = Standing {
        is_owner: true,
        manages_owner: false,
        roles: &roles,
    };
    match PROJECT_FLOW.decide(ProjectStage::Design, ProjectMove::Execution, &owner) {
        Err(Refusal::InvalidState { allowed, .. }) => assert_eq!(
            allowed,
            [ProjectMove::Bidding, ProjectMove::Won, ProjectMove::Lost]
        ),
        other => panic!("{other:?}"),
    }
    let stranger = Standing {
        is_owner: false,
        manages_owner: false,
        roles: &roles,
    };
    assert!(matches!(
        PROJECT_FLOW.decide(ProjectStage::Design, ProjectMove::Bidding, &stranger),
        Err(Refusal::Forbidden(_))
    ));
}

#[test]
fn nobody_reviews_their_own_contract() {
    let all = Role::ALL;
    let owner = Standing {
        is_owner: true,
        manages_owner: false,
        roles: &all,
    };
    assert!(matches!(
        CONTRACT_FLOW.decide(ContractState::InReview, ContractAction::Approve, &owner),
        Err(Refusal::Forbidden(_))
    ));
    let finance = [Role::Finance];
    let f = Standing {
        is_owner: false,
        manages_owner: false,
        roles: &finance,
    };
    assert_eq!(
        CONTRACT_FLOW.decide(ContractState::InReview, ContractAction::Approve, &f),
        Ok(ContractState::Approved)
    );
    assert!(matches!(
        CONTRACT_FLOW.decide(ContractState::Approved, ContractAction::Sign, &f),
        Err(Refusal::Forbidden(_))
    ));
    assert_eq!(
        CONTRACT_FLOW.decide(ContractState::Signed, ContractAction::Edit, &owner),
        Ok(ContractState::Drafted)
    );
}

fn item(due: &str, fen: i64) -> ScheduleItem {
    ScheduleItem {
        due_on: d(due),
        amount_fen: fen,
        label: "进度款".into(),
    }
}

#[test]
fn a_schedule_adds_up_to_the_contract() {
    let s = [item("2026-01-10", 30_000), item("2026-03-10", 70_000)];
    assert_eq!(check_schedule(100_000, &s), Ok(()));
    let e = check_schedule(90_000, &s).err().unwrap_or_default();
    assert!(e.contains("¥1,000.00") && e.contains("¥900.00"), "{e}");
    let big = [item("2026-01-10", i64::MAX), item("2026-01-11", 1)];
    assert!(check_schedule(1, &big).is_err());
}

#[test]
fn payments_fill_the_oldest_lines_first() {
    let lines = [
        OpenLine {
            line_id: 1,
            outstanding_fen: 0,
        },
        OpenLine {
            line_id: 2,
            outstanding_fen: 300,
        },
        OpenLine {
            line_id: 3,
            outstanding_fen: 700,
        },
    ];
    assert_eq!(allocate(&lines, 500), Ok(vec![(2, 300), (3, 200)]));
    assert_eq!(allocate(&lines, 1_000), Ok(vec![(2, 300), (3, 700)]));
    assert_eq!(allocate(&lines, 1_001), Err(1_000));
}

#[test]
fn aging_buckets_at_their_boundaries() {
    let as_of = d("2026-06-30");
    for (days, bucket) in [
        (-5, AgingBucket::Current),
        (0, AgingBucket::Current),
        (1, AgingBucket::D1To30),
        (30, AgingBucket::D1To30),
        (31, AgingBucket::D31To60),
        (60, AgingBucket::D31To60),
        (61, AgingBucket::D61To90),
        (90, AgingBucket::D61To90),
        (91, AgingBucket::D90Plus),
    ] {
        let due = as_of - chrono::Duration::days(days);
        assert_eq!(AgingBucket::of(days_overdue(due, as_of)), bucket, "{days}");
    }
}

#[test]
fn the_collection_rate_on_a_hand_computed_case() {
    // June: two lines fall due (¥600 + ¥400 = ¥1,000). The first was paid ¥200 in May (early
    // counts) and ¥300 on 30 June; the second ¥100 on 1 July (after the period: not counted).
    // A line due in July paid in June is not June's. Received ¥500 of ¥1,000: 0.5.
    let lines = [
        DueLine {
            due_on: d("2026-06-10"),
            amount_fen: 60_000,
            received: vec![(d("2026-05-20"), 20_000), (d("2026-06-30"), 30_000)],
        },
        DueLine {
            due_on: d("2026-06-30"),
            amount_fen: 40_000,
            received: vec![(d("2026-07-01"), 10_000)],
        },
        DueLine {
            due_on: d("2026-07-15"),
            amount_fen: 50_000,
            received: vec![(d("2026-06-15"), 50_000)],
        },
    ];
    let (due, received) = collection_totals(&lines, d("2026-06-01"), d("2026-06-30"));
    assert_eq!((due, received), (100_000, 50_000));
    assert_eq!(collection_rate(due, received), Some(0.5));
    assert_eq!(collection_rate(3, 2), Some(0.6667));
    assert_eq!(collection_rate(3, 1), Some(0.3333));
    assert_eq!(collection_rate(0, 0), None);
}
