//! The reports' rules: transitions, due dates, marks, required sections.

use super::*;
use crate::period::Month;

#[test]
fn report_transitions() {
    assert_eq!(
        ReportState::Draft.apply(ReportAction::Submit),
        Ok(ReportState::Submitted)
    );
    assert_eq!(
        ReportState::Submitted.apply(ReportAction::Review),
        Ok(ReportState::Reviewed)
    );
    assert!(ReportState::Submitted.apply(ReportAction::Edit).is_err());
    assert!(ReportState::Reviewed.apply(ReportAction::Edit).is_err());
    assert!(ReportState::Draft.apply(ReportAction::Review).is_err());
    assert!(ReportState::Reviewed.apply(ReportAction::Submit).is_err());
}

#[test]
fn monthly_due_dates() {
    let m = |s: &str| s.parse::<Month>().unwrap_or(Month { year: 0, month: 1 });
    assert_eq!(monthly_report_due(m("2026-02")).to_string(), "2026-02-28");
    assert_eq!(monthly_report_due(m("2028-02")).to_string(), "2028-02-29");
    assert_eq!(monthly_report_due(m("2026-01")).to_string(), "2026-01-30");
    assert_eq!(monthly_report_due(m("2026-11")).to_string(), "2026-11-30");
    let tz = chrono_tz::Asia::Shanghai;
    let at =
        |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default();
    // 2026-02-28 23:59 Beijing is 15:59 UTC: on time; a minute past midnight is late.
    assert!(!monthly_report_late(
        m("2026-02"),
        at("2026-02-28 15:59"),
        tz
    ));
    assert!(monthly_report_late(
        m("2026-02"),
        at("2026-02-28 16:01"),
        tz
    ));
    // In a 31-day month the 30th is the last day on time, not the 31st.
    assert!(!monthly_report_late(
        m("2026-10"),
        at("2026-10-30 15:59"),
        tz
    ));
    assert!(monthly_report_late(
        m("2026-10"),
        at("2026-10-30 16:00"),
        tz
    ));
}

#[test]
fn monthly_marks_in_range_and_once_per_section() {
    let review = |marks: serde_json::Value| {
        serde_json::from_value::<ReviewMonthlyRequest>(
            serde_json::json!({"version": 1, "marks": marks}),
        )
        .map(|r| r.validate().is_ok())
    };
    let ok = serde_json::json!([{"section": "summary", "points": 20}, {"section": "plan", "points": 0, "note": "空"}]);
    assert_eq!(review(ok).ok(), Some(true));
    let over = serde_json::json!([{"section": "summary", "points": 21}]);
    assert_eq!(review(over).ok(), Some(false));
    let twice =
        serde_json::json!([{"section": "plan", "points": 1}, {"section": "plan", "points": 2}]);
    assert_eq!(review(twice).ok(), Some(false));
    let unknown = serde_json::json!([{"section": "weather", "points": 1}]);
    assert!(review(unknown).is_err());
    // Without marks (the earlier body) the review still reads.
    let bare = serde_json::from_value::<ReviewMonthlyRequest>(serde_json::json!({"version": 1}));
    assert!(bare.is_ok_and(|r| r.marks.is_empty()));
}

#[test]
fn required_sections() {
    let mut s = Sections::default();
    assert_eq!(s.missing_required().len(), 5);
    s.merge(&Sections {
        sales_volume: Some("10万".into()),
        collections: Some("  ".into()),
        ..Default::default()
    });
    let missing = s.missing_required();
    assert!(!missing.contains(&Section::SalesVolume));
    assert!(missing.contains(&Section::Collections));
}
