//! A score's items as a table: title, maximum, points, occurrences and deduction, the records
//! behind each deduction as links, and the manager's adjustment with its note. Read-only; the
//! manager's sheet puts its inputs beside it (`edit.rs`).

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::scoring::score::{Evidence, ScoreDto, ScoreItemDto};

use crate::clock::local_time;
use crate::i18n::scores::S;
use crate::i18n::{Lang, use_i18n};
use crate::pages::scores::parts::pts;

/// Where an evidence record is shown in the app; `None` for a record without a page (id 0: a
/// period without a record, such as a missing week).
pub fn evidence_href(e: &Evidence) -> Option<String> {
    if e.entity_id <= 0 {
        return None;
    }
    let id = e.entity_id;
    Some(match e.entity_type.as_str() {
        "weekly_report" => format!("/reports/weekly/{id}"),
        // A spot-check is the visit seen from its check: the same id.
        "visit" | "spot_check" => format!("/scores/visit/{id}"),
        "monthly_report" => "/reports/monthly".to_owned(),
        "training" => format!("/trainings?id={id}"),
        "score" => format!("/scores/{id}"),
        _ => return None,
    })
}

/// The item's title in the current language.
pub fn item_title(item: &ScoreItemDto, lang: Lang) -> String {
    match lang {
        Lang::Zh => item.title.clone(),
        Lang::En => item.title_en.clone(),
    }
}

#[component]
pub fn EvidenceList(evidence: Vec<Evidence>) -> impl IntoView {
    (!evidence.is_empty()).then(|| {
        view! {
            <ul class="evidence" data-testid="evidence">
                {evidence.into_iter().map(|e| {
                    let href = evidence_href(&e);
                    let kind = e.entity_type.clone();
                    let label = e.label.clone();
                    view! {
                        <li data-testid="evidence-item" data-type=kind data-id=e.entity_id>
                            {match href {
                                Some(h) => view! { <A href=h attr:data-testid="evidence-link">{label}</A> }.into_any(),
                                None => view! { <span>{label}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// The totals line: daily work, attendance and the total.
#[component]
pub fn ScoreTotals(score: ScoreDto) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="figures" data-testid="score-totals">
            <span class="figure">{move || i18n.t(S::DailyWork)} " " <strong data-testid="score-daily">{pts(score.daily_work)}</strong></span>
            <span class="figure">{move || i18n.t(S::AttendanceScore)} " " <strong data-testid="score-attendance">{pts(score.attendance)}</strong></span>
            <span class="figure">{move || i18n.t(S::Total)} " " <strong data-testid="score-total">{pts(score.total)}</strong></span>
            <span class="muted small">{move || i18n.t(S::TotalFormula)}</span>
        </div>
    }
}

/// One row of the items table; `extra` is the manager's inputs (nothing when read-only).
#[component]
pub fn ItemRow(item: ScoreItemDto, #[prop(optional)] extra: Option<AnyView>) -> impl IntoView {
    let i18n = use_i18n();
    let title = item.clone();
    let manual = item.source.metric().is_none();
    let deducted = item.deduction > 0.0;
    view! {
        <tr data-testid="score-item" data-code=item.code.clone() data-points=item.points.to_string()>
            <td data-label=move || i18n.t(S::Item)>
                <strong>{move || item_title(&title, i18n.lang())}</strong>
                <div class="muted small">{move || i18n.t(if manual { S::Manual } else { S::Computed })}</div>
            </td>
            <td data-label=move || i18n.t(S::MaxPoints)>{pts(item.max_points)}</td>
            <td data-label=move || i18n.t(S::Points) data-testid="item-points"><strong>{pts(item.points)}</strong></td>
            <td data-label=move || i18n.t(S::Occurrences) data-testid="item-occurrences">{item.occurrences}</td>
            <td data-label=move || i18n.t(S::Deduction) data-testid="item-deduction" class:neg=deducted>
                {if deducted { format!("−{}", pts(item.deduction)) } else { String::new() }}
            </td>
            <td data-label=move || i18n.t(S::Evidence)>
                <EvidenceList evidence=item.evidence.clone() />
                {item.adjustment.clone().map(|a| view! {
                    <div class="adjustment" data-testid="item-adjustment">
                        <span class="badge">{move || i18n.t(S::Adjusted)}</span> " "
                        <span data-testid="adjustment-note">{a.note.clone()}</span>
                        " · " <span class="muted small">{local_time(a.at)}</span>
                    </div>
                })}
                {extra}
            </td>
        </tr>
    }
}

/// The table head.
#[component]
pub fn ItemsHead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <thead>
            <tr>
                <th>{move || i18n.t(S::Item)}</th>
                <th>{move || i18n.t(S::MaxPoints)}</th>
                <th>{move || i18n.t(S::Points)}</th>
                <th>{move || i18n.t(S::Occurrences)}</th>
                <th>{move || i18n.t(S::Deduction)}</th>
                <th>{move || i18n.t(S::Evidence)}</th>
            </tr>
        </thead>
    }
}

/// Every item, read-only.
#[component]
pub fn ScoreItems(items: Vec<ScoreItemDto>) -> impl IntoView {
    view! {
        <table class="list" data-testid="score-items">
            <ItemsHead />
            <tbody>
                {items.into_iter().map(|item| view! { <ItemRow item=item /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: &str, id: i64) -> Evidence {
        Evidence {
            entity_type: kind.to_owned(),
            entity_id: id,
            label: "x".to_owned(),
        }
    }

    #[test]
    fn evidence_links_to_its_record() {
        assert_eq!(
            evidence_href(&ev("weekly_report", 7)).as_deref(),
            Some("/reports/weekly/7")
        );
        assert_eq!(
            evidence_href(&ev("visit", 3)).as_deref(),
            Some("/scores/visit/3")
        );
        assert_eq!(
            evidence_href(&ev("spot_check", 3)).as_deref(),
            Some("/scores/visit/3")
        );
        assert_eq!(
            evidence_href(&ev("monthly_report", 2)).as_deref(),
            Some("/reports/monthly")
        );
        assert_eq!(
            evidence_href(&ev("training", 4)).as_deref(),
            Some("/trainings?id=4")
        );
        assert_eq!(evidence_href(&ev("score", 9)).as_deref(), Some("/scores/9"));
        assert_eq!(evidence_href(&ev("weekly_report", 0)), None);
        assert_eq!(evidence_href(&ev("week", 5)), None);
    }
}
