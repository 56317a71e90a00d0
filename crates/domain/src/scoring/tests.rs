use super::*;
use crate::period::Month;

fn m(y: i32, n: u32) -> Month {
    Month { year: y, month: n }
}

#[test]
fn attendance_costs_four_points_a_day_and_stops_at_zero() {
    assert_eq!(attendance(0, 0), 1_000);
    assert_eq!(attendance(1, 1), 920, "a half day counts as a day");
    assert_eq!(attendance(24, 0), 40);
    assert_eq!(attendance(25, 0), 0);
    assert_eq!(attendance(30, 2), 0);
}

#[test]
fn the_total_rounds_half_up_at_the_twentieth() {
    // 88.5 × 0.7 + 96 × 0.3 = 61.95 + 28.8 = 90.75 → 90.8
    assert_eq!(monthly_total(885, 960), 908);
    // 88.4 × 0.7 + 96 × 0.3 = 90.68 → 90.7
    assert_eq!(monthly_total(884, 960), 907);
    // 80.5 × 0.7 + 100 × 0.3 = 86.35 → 86.4; 80.3 × 0.7 + 100 × 0.3 = 86.21 → 86.2
    assert_eq!(monthly_total(805, 1_000), 864);
    assert_eq!(monthly_total(803, 1_000), 862);
    assert_eq!(monthly_total(1_000, 1_000), 1_000);
    assert_eq!(monthly_total(0, 0), 0);
    assert_eq!(show(908), "90.8");
    assert_eq!(show(5), "0.5");
}

#[test]
fn the_coefficient_is_the_score_over_eighty_with_an_optional_cap() {
    assert_eq!(coefficient(800, None), 10_000);
    assert_eq!(coefficient(883, None), 11_038);
    assert_eq!(coefficient(1_000, Some(12_000)), 12_000);
    assert_eq!(coefficient(600, Some(12_000)), 7_500);
    // Performance ¥4,000.00 at 88.3 points: 400000 × 883 / 800 = 441,500 分 exactly.
    assert_eq!(performance_pay(400_000, 883, None), Some(441_500));
    // At 88.1: 440,500 × ... = 400000 × 881 / 800 = 440,500.
    assert_eq!(performance_pay(400_000, 881, None), Some(440_500));
    // ¥3,333.33 at 77.7: 333333 × 777 / 800 = 323,749.67… → 323,750.
    assert_eq!(performance_pay(333_333, 777, None), Some(323_750));
    // Capped at 1.2: 100 points would be 1.25.
    assert_eq!(performance_pay(400_000, 1_000, Some(12_000)), Some(480_000));
    assert_eq!(performance_pay(400_000, 900, Some(12_000)), Some(450_000));
}

#[test]
fn commission_within_and_above_target_settled_by_collection() {
    let rule = CommissionRule {
        within_target_permille: 5,
        above_target_permille: 10,
        settle_by_collection: true,
    };
    // Target ¥100,000, signed ¥150,000: 5‰ × 100,000 + 10‰ × 50,000 = 500 + 500 = ¥1,000.
    assert_eq!(
        commission(&rule, 15_000_000, 10_000_000, None),
        Some(100_000)
    );
    // Collected 3/4 of what fell due: ¥750.
    assert_eq!(
        commission(&rule, 15_000_000, 10_000_000, Some((300, 400))),
        Some(75_000)
    );
    // Below target: all at 5‰; nothing due: paid whole.
    assert_eq!(
        commission(&rule, 8_000_000, 10_000_000, Some((0, 0))),
        Some(40_000)
    );
    let whole = CommissionRule {
        settle_by_collection: false,
        ..rule
    };
    assert_eq!(
        commission(&whole, 15_000_000, 10_000_000, Some((1, 4))),
        Some(100_000)
    );
    assert_eq!(profit_share(1_000_000, 500), Some((100_000, 100_000)));
    assert_eq!(
        profit_share(1_000_000, 300),
        Some((100_000, 100_000)),
        "at least half"
    );
    assert_eq!(profit_share(1_000_001, 700), Some((140_000, 60_000)));
}

#[test]
fn alerts_at_sixty_and_seventy_and_across_the_year_end() {
    assert!(alerts(m(2026, 3), &[(m(2026, 3), 600)]).is_empty());
    assert_eq!(
        alerts(m(2026, 3), &[(m(2026, 3), 599)])[0].kind,
        AlertKind::Below60
    );
    let run = [(m(2025, 11), 699), (m(2025, 12), 650), (m(2026, 1), 699)];
    let a = alerts(m(2026, 1), &run);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].kind, AlertKind::Below70ThreeMonths);
    assert_eq!(a[0].months, ["2025-11", "2025-12", "2026-01"]);
    let broken = [(m(2025, 11), 699), (m(2025, 12), 700), (m(2026, 1), 699)];
    assert!(alerts(m(2026, 1), &broken).is_empty());
    let gap = [(m(2025, 10), 600), (m(2025, 12), 650), (m(2026, 1), 699)];
    assert!(
        alerts(m(2026, 1), &gap).is_empty(),
        "a month not scored breaks the run"
    );
}

#[test]
fn the_annual_score_never_counts_a_missing_month_as_zero() {
    let full: Vec<(Month, Tenths)> = (1..=12).map(|n| (m(2026, n), 800 + i64::from(n))).collect();
    let (avg, missing) = annual(2026, &full);
    // (800 × 12 + 78) / 12 = 806.5 → 807
    assert_eq!(avg, Some(807));
    assert!(missing.is_empty());
    let (avg, missing) = annual(2026, &full[..11]);
    assert_eq!(missing, [m(2026, 12)]);
    assert_eq!(avg, Some(806), "(8800 + 66) / 11 = 806");
    assert_eq!(
        annual(2027, &full),
        (None, (1..=12).map(|n| m(2027, n)).collect())
    );
}

#[test]
fn alert_kinds_serialize_as_they_are_stored() {
    for kind in super::AlertKind::ALL {
        assert_eq!(
            serde_json::to_value(kind).ok(),
            Some(serde_json::Value::String(kind.as_str().to_owned()))
        );
    }
}
