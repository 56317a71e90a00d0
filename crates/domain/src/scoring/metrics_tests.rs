use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::reports::{MonthlyMark, MonthlySection, ReportState};

fn month(s: &str) -> Month {
    s.parse().unwrap_or(Month {
        year: 2000,
        month: 1,
    })
}

fn week(s: &str) -> IsoWeek {
    s.parse().unwrap_or(IsoWeek {
        year: 2000,
        week: 1,
    })
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
}

#[test]
fn weeks_of_a_month_by_their_thursday() {
    let cases: &[(&str, &[&str])] = &[
        // 2026-11: Thursdays 5, 12, 19, 26 → four weeks; W49 (Mon 30 Nov) has its Thursday in
        // December.
        ("2026-11", &["2026-W45", "2026-W46", "2026-W47", "2026-W48"]),
        // 2026-12: Thursdays 3, 10, 17, 24, 31 → five, W49 starting in November.
        (
            "2026-12",
            &["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"],
        ),
        // 2027-01: 2027-W01 begins on 4 January; 2026-W53's Thursday is 31 December.
        ("2027-01", &["2027-W01", "2027-W02", "2027-W03", "2027-W04"]),
        // 2026-10: Thursday 1 October → W40 though it starts on 28 September.
        (
            "2026-10",
            &["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"],
        ),
    ];
    for (m, expected) in cases {
        let got: Vec<String> = month_weeks(month(m))
            .iter()
            .map(|w| w.to_string())
            .collect();
        assert_eq!(&got, expected, "{m}");
    }
}

#[test]
fn working_days_of_weeks_crossing_the_month() {
    let nov = month("2026-11");
    // W44: Mon 26 Oct – Sun 1 Nov: no working day in November.
    assert_eq!(working_days_in(week("2026-W44"), nov), 0);
    assert_eq!(working_days_in(week("2026-W45"), nov), 5);
    // W49: Mon 30 Nov only.
    assert_eq!(working_days_in(week("2026-W49"), nov), 1);
    let touching: i64 = weeks_touching(nov)
        .iter()
        .map(|w| working_days_in(*w, nov))
        .sum();
    assert_eq!(touching, 21, "November 2026 has 21 working days");
    assert_eq!(weeks_touching(nov).len(), 6);
}

fn report(id: i64, state: ReportState, late: bool, untrue: bool) -> Option<WeekReport> {
    Some(WeekReport {
        id,
        state,
        late,
        untrue,
    })
}

/// (weeks, occurrences, points in tenths, evidence labels)
type WeekCase = (Vec<Option<WeekReport>>, i64, i64, Vec<&'static str>);

#[test]
fn weekly_reports_equal_shares_doubling_and_floor() {
    use ReportState::{Draft, Reviewed, Submitted};
    let ok = |id| report(id, Submitted, false, false);
    let late = |id| report(id, Reviewed, true, false);
    let untrue = |id| report(id, Reviewed, false, true);
    let draft = |id| report(id, Draft, false, false);
    // (weeks, expected occurrences, points in tenths, labels)
    let cases: Vec<WeekCase> = vec![
        (vec![ok(1), ok(2), ok(3), ok(4)], 0, 400, vec![]),
        // 4 weeks: one late → 40 × 3/4 = 30.0
        (vec![ok(1), late(2), ok(3), ok(4)], 1, 300, vec!["W2 late"]),
        // 5 weeks: one missing → 40 × 4/5 = 32.0
        (
            vec![ok(1), ok(2), None, ok(4), ok(5)],
            1,
            320,
            vec!["W3 missing"],
        ),
        // Two missing apart: 2 shares; in a row: the second costs two (3 shares).
        (
            vec![None, ok(2), None, ok(4)],
            2,
            200,
            vec!["W1 missing", "W3 missing"],
        ),
        (
            vec![None, None, ok(3), ok(4)],
            2,
            100,
            vec!["W1 missing", "W2 missing again (double deduction)"],
        ),
        // A draft is not submitted; untrue content zeroes its week.
        (
            vec![draft(1), ok(2), untrue(3), ok(4), ok(5)],
            2,
            240,
            vec!["W1 missing", "W3 untrue content (spot-check)"],
        ),
        // Late and untrue: one week, one share.
        (
            vec![report(1, Reviewed, true, true), ok(2), ok(3), ok(4)],
            1,
            300,
            vec!["W1 late, untrue content (spot-check)"],
        ),
        // All missing in a row: 1 + 2 + 2 + 2 shares > 4 → 0, never below.
        (vec![None, None, None, None], 4, 0, vec![]),
        // Rounding: 5 weeks, 3 good → 40 × 3/5 = 24.0; 40 × 2/3 would be 26.7 (half up).
        (vec![ok(1), late(2), late(3), ok(4), ok(5)], 2, 240, vec![]),
    ];
    for (i, (reports, occ, points, labels)) in cases.into_iter().enumerate() {
        let weeks: Vec<WeekFacts> = reports
            .into_iter()
            .enumerate()
            .map(|(n, report)| WeekFacts {
                week: IsoWeek {
                    year: 2026,
                    week: 10 + n as u32,
                },
                report,
            })
            .collect();
        let got = weekly_reports(40, &weeks);
        assert_eq!(got.occurrences, occ, "case {i}");
        assert_eq!(got.points, points, "case {i}");
        for label in labels {
            let (w, rest) = label.split_once(' ').unwrap_or_default();
            let n: u32 = w.trim_start_matches('W').parse().unwrap_or(0);
            let full = format!("2026-W{:02} {rest}", 9 + n);
            assert!(
                got.evidence.iter().any(|e| e.label == full),
                "case {i}: {full} in {:?}",
                got.evidence
            );
        }
        assert_eq!(got.evidence.len() as i64, got.occurrences, "case {i}");
    }
    // Three weeks is not a real month, but pins the one rounding: 40 × 2/3 = 26.666… → 26.7.
    let three: Vec<WeekFacts> = [ok(1), ok(2), None]
        .into_iter()
        .enumerate()
        .map(|(n, report)| WeekFacts {
            week: IsoWeek {
                year: 2026,
                week: 10 + n as u32,
            },
            report,
        })
        .collect();
    assert_eq!(weekly_reports(40, &three).points, 267);
    let missing = weekly_reports(40, &three[2..]);
    assert_eq!(missing.evidence[0].entity_type, "week");
    assert_eq!(missing.evidence[0].entity_id, 0);
}

fn plan_facts() -> PlanFacts {
    PlanFacts {
        month: month("2026-11"),
        planned: 20,
        planned_done: 18,
        done: 19,
        calls: 630,
        plans: vec![],
        false_visits: vec![],
    }
}

#[test]
fn plan_execution_halves_caps_and_spot_checks() {
    let nov = month("2026-11");
    let wp = |w: &str, calls, visits| WeekPlan {
        week: week(w),
        calls_per_day: calls,
        visits_per_week: visits,
    };
    let false_visit = |id| FalseVisit {
        spot_check_id: id,
        client: "华润".into(),
        date: date("2026-11-24"),
    };
    // (facts, occurrences, points)
    let cases: Vec<(PlanFacts, i64, i64)> = vec![
        // 18/20 visits and 630 of 21 × 30 calls: 15 × 0.9 + 15 × 1 = 28.5
        (plan_facts(), 0, 285),
        // Calls over target are capped: still 28.5.
        (
            PlanFacts {
                calls: 5000,
                ..plan_facts()
            },
            0,
            285,
        ),
        // 10/20 and 315/630: 7.5 + 7.5 = 15.0
        (
            PlanFacts {
                planned_done: 10,
                calls: 315,
                ..plan_facts()
            },
            0,
            150,
        ),
        // One false visit: 28.5 − 10 = 18.5; three: not below 0.
        (
            PlanFacts {
                false_visits: vec![false_visit(7)],
                ..plan_facts()
            },
            1,
            185,
        ),
        (
            PlanFacts {
                false_visits: vec![false_visit(7), false_visit(8), false_visit(9)],
                ..plan_facts()
            },
            3,
            0,
        ),
        // Plans raise the calls target: W45–W48 at 40 a day (20 days × 40 = 800), the other
        // weeks 30 (W49's Monday: 30) → 830; 630/830 → 15 × 0.759… = 11.385…; with 18/20 →
        // 13.5 + 11.3855 = 24.9 (rounded once).
        (
            PlanFacts {
                plans: ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
                    .iter()
                    .map(|w| wp(w, 40, 20))
                    .collect(),
                ..plan_facts()
            },
            0,
            249,
        ),
        // Nothing planned, no plan: completion full → 15 + 15 = 30.
        (
            PlanFacts {
                planned: 0,
                planned_done: 0,
                ..plan_facts()
            },
            0,
            300,
        ),
        // Nothing planned but approved plans for W45 and W49 (10 a week): targets 10 + 10 × 1/5
        // = 12; 6 done → 15 × 6/12 = 7.5, calls 630 of (5 × 30 + … ) full → 22.5.
        (
            PlanFacts {
                planned: 0,
                planned_done: 0,
                done: 6,
                calls: 10_000,
                plans: vec![wp("2026-W45", 30, 10), wp("2026-W49", 30, 10)],
                ..plan_facts()
            },
            0,
            225,
        ),
        // No calls at all, every visit done: 15.0.
        (
            PlanFacts {
                planned_done: 20,
                calls: 0,
                ..plan_facts()
            },
            0,
            150,
        ),
        // 1/6 visits, no calls: 15 × 1/6 = 2.5.
        (
            PlanFacts {
                planned: 6,
                planned_done: 1,
                calls: 0,
                ..plan_facts()
            },
            0,
            25,
        ),
    ];
    for (i, (facts, occ, points)) in cases.into_iter().enumerate() {
        assert_eq!(facts.month, nov);
        let got = plan_execution(30, 10, &facts);
        assert_eq!(
            (got.occurrences, got.points),
            (occ, points),
            "case {i}: {got:?}"
        );
        let spot: Vec<_> = got
            .evidence
            .iter()
            .filter(|e| e.entity_type == "spot_check")
            .collect();
        assert_eq!(spot.len() as i64, occ, "case {i}");
    }
    let got = plan_execution(
        30,
        10,
        &PlanFacts {
            false_visits: vec![false_visit(7)],
            ..plan_facts()
        },
    );
    let labels: Vec<&str> = got.evidence.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "visit completion 18/20",
            "calls 630/630",
            "not confirmed: 华润 2026-11-24"
        ]
    );
}

fn monthly(
    id: i64,
    state: ReportState,
    late: bool,
    marks: &[(MonthlySection, i64)],
) -> MonthlyReportFacts {
    MonthlyReportFacts {
        id,
        state,
        late,
        marks: marks
            .iter()
            .map(|(section, points)| MonthlyMark {
                section: *section,
                points: *points,
                note: None,
            })
            .collect(),
    }
}

/// (rubric max, section, report, occurrences, points, evidence label)
type MarkCase = (
    i64,
    MonthlySection,
    Option<MonthlyReportFacts>,
    i64,
    i64,
    &'static str,
);

#[test]
fn monthly_report_marks_by_section() {
    use MonthlySection::{Plan, Proposals, Summary};
    use ReportState::{Draft, Reviewed, Submitted};
    let nov = month("2026-11");
    let reviewed = monthly(5, Reviewed, true, &[(Summary, 17), (Plan, 0)]);
    // (rubric max, section, report, occurrences, points, evidence label)
    let cases: Vec<MarkCase> = vec![
        (
            20,
            Summary,
            Some(reviewed.clone()),
            0,
            170,
            "monthly report 2026-11: summary marked 17/20",
        ),
        (
            20,
            Plan,
            Some(reviewed.clone()),
            0,
            0,
            "monthly report 2026-11: plan marked 0/20",
        ),
        (
            20,
            Proposals,
            Some(reviewed.clone()),
            1,
            0,
            "monthly report 2026-11: proposals not marked",
        ),
        // Another maximum scales: 17 × 25 ÷ 20 = 21.25 → 21.3; 17 × 15 ÷ 20 = 12.75 → 12.8.
        (
            25,
            Summary,
            Some(reviewed.clone()),
            0,
            213,
            "monthly report 2026-11: summary marked 17/20",
        ),
        (
            15,
            Summary,
            Some(reviewed.clone()),
            0,
            128,
            "monthly report 2026-11: summary marked 17/20",
        ),
        (
            20,
            Summary,
            Some(monthly(5, Submitted, false, &[])),
            1,
            0,
            "monthly report 2026-11 not reviewed yet",
        ),
        (
            20,
            Summary,
            Some(monthly(5, Draft, false, &[])),
            1,
            0,
            "no monthly report submitted for 2026-11",
        ),
        (
            20,
            Summary,
            None,
            1,
            0,
            "no monthly report submitted for 2026-11",
        ),
    ];
    for (i, (max, section, report, occ, points, label)) in cases.into_iter().enumerate() {
        let got = monthly_report_mark(max, section, nov, report.as_ref());
        assert_eq!((got.occurrences, got.points), (occ, points), "case {i}");
        assert_eq!(got.evidence.len(), 1);
        assert_eq!(got.evidence[0].label, label, "case {i}");
    }
}

#[test]
fn monthly_report_on_time_late_missing_and_again() {
    use ReportState::{Draft, Reviewed, Submitted};
    let (nov, oct) = (month("2026-11"), month("2026-10"));
    let on_time = monthly(5, Submitted, false, &[]);
    let late = monthly(5, Reviewed, true, &[]);
    let draft = monthly(5, Draft, false, &[]);
    let prev = monthly(4, Reviewed, true, &[]);
    // (report, previous, occurrences, points)
    let cases: Vec<(
        Option<&MonthlyReportFacts>,
        Option<&MonthlyReportFacts>,
        i64,
        i64,
    )> = vec![
        (Some(&on_time), None, 0, 100),
        (Some(&late), None, 1, 0),
        (None, Some(&prev), 1, 0),
        (Some(&draft), Some(&prev), 1, 0),
        // Missing twice running: two occurrences, still 0 points (never below).
        (None, None, 2, 0),
        (Some(&draft), Some(&draft), 2, 0),
    ];
    for (i, (report, previous, occ, points)) in cases.into_iter().enumerate() {
        let got = monthly_report_on_time(10, nov, report, previous, oct);
        assert_eq!((got.occurrences, got.points), (occ, points), "case {i}");
    }
    let again = monthly_report_on_time(10, nov, None, None, oct);
    assert_eq!(
        again.evidence[0].label,
        "monthly report 2026-11 missing, as was 2026-10's (double deduction)"
    );
}

#[test]
fn weekly_reviews_within_two_days() {
    let now = at("2026-12-10 08:00");
    let r = |id, submitted: &str, reviewed: Option<&str>| TeamReport {
        id,
        owner: "王芳".into(),
        week: week("2026-W46"),
        submitted_at: at(submitted),
        reviewed_at: reviewed.map(at),
    };
    // (reports, occurrences, points)
    let cases: Vec<(Vec<TeamReport>, i64, i64)> = vec![
        (vec![], 0, 100),
        // Exactly 48 h is within.
        (
            vec![r(1, "2026-11-16 10:00", Some("2026-11-18 10:00"))],
            0,
            100,
        ),
        (
            vec![r(1, "2026-11-16 10:00", Some("2026-11-18 10:01"))],
            1,
            80,
        ),
        // Unreviewed: late only once 48 h have passed by now.
        (vec![r(1, "2026-12-08 08:00", None)], 0, 100),
        (vec![r(1, "2026-12-08 07:59", None)], 1, 80),
        // Six late: −12 → 0, never below.
        (
            (1..=6).map(|i| r(i, "2026-11-16 10:00", None)).collect(),
            6,
            0,
        ),
    ];
    for (i, (reports, occ, points)) in cases.into_iter().enumerate() {
        let got = weekly_reviews(10, 2, &reports, now);
        assert_eq!((got.occurrences, got.points), (occ, points), "case {i}");
        assert_eq!(got.evidence.len() as i64, occ);
    }
    let got = weekly_reviews(
        10,
        2,
        &[r(9, "2026-11-16 10:00", Some("2026-11-19 11:00"))],
        now,
    );
    assert_eq!(
        got.evidence[0].label,
        "王芳 2026-W46 reviewed 73 h after submission"
    );
    assert_eq!(got.evidence[0].entity_id, 9);
}

#[test]
fn trainings_and_team_discipline() {
    let nov = month("2026-11");
    let none = trainings(10, nov, &[]);
    assert_eq!((none.occurrences, none.points), (1, 0));
    assert_eq!(none.evidence[0].label, "no training recorded in 2026-11");
    let held = [TrainingHeld {
        id: 3,
        date: date("2026-11-12"),
        topic: "产品知识".into(),
        attendees: 2,
    }];
    let got = trainings(10, nov, &held);
    assert_eq!((got.occurrences, got.points), (0, 100));
    assert_eq!(got.evidence[0].entity_id, 3);

    let m = |id, name: &str, daily_work| MemberScore {
        score_id: id,
        name: name.into(),
        daily_work,
    };
    // (members, points)
    let cases: Vec<(Vec<MemberScore>, i64)> = vec![
        (vec![], 100),
        (vec![m(1, "王芳", 1000)], 100),
        // (72.0 + 85.5) ÷ 2 = 78.75 → 10 × 0.7875 = 7.875 → 7.9
        (vec![m(1, "王芳", 720), m(2, "李雷", 855)], 79),
        // (72.0 + 85.0) ÷ 2 = 78.5 → 7.85 → 7.9 (half up)
        (vec![m(1, "王芳", 720), m(2, "李雷", 850)], 79),
        // (72.0 + 84.0 + 0.0) ÷ 3 = 52.0 → 5.2
        (
            vec![m(1, "王芳", 720), m(2, "李雷", 840), m(3, "张三", 0)],
            52,
        ),
    ];
    for (i, (members, points)) in cases.into_iter().enumerate() {
        let got = team_discipline(10, &members);
        assert_eq!((got.occurrences, got.points), (0, points), "case {i}");
    }
    let got = team_discipline(10, &[m(1, "王芳", 720)]);
    assert_eq!(got.evidence[0].label, "王芳 72.0");
    assert_eq!(
        team_discipline(10, &[]).evidence[0].label,
        "no member scored yet"
    );
}
