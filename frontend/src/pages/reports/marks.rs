//! The marks of a reviewed weekly report: the full / partial / zero choice, a given mark with
//! its note, the review's comment.

use leptos::prelude::*;
use salesops_domain::reports::{Mark, SectionMark, WeeklyReportDto};

use crate::clock::local_time;
use crate::i18n::reports::{R, mark_msg, section_msg};
use crate::i18n::use_i18n;

/// The full / partial / zero choice of one section.
pub fn mark_chips(name: &'static str, mark: RwSignal<Mark>) -> impl IntoView {
    let i18n = use_i18n();
    Mark::ALL
        .iter()
        .map(|m| {
            let m = *m;
            view! {
                <label class="chip" class:chip-on=move || mark.get() == m>
                    <input
                        type="radio"
                        name=format!("mark-{name}")
                        value=m.as_str()
                        data-testid=format!("mark-{name}-{}", m.as_str())
                        prop:checked=move || mark.get() == m
                        on:change=move |_| mark.set(m)
                    />
                    <span>{move || i18n.t(mark_msg(m))}</span>
                </label>
            }
        })
        .collect_view()
}

/// A given mark: its badge, "forced" when the system set it, and the note.
#[component]
pub fn MarkLine(mark: SectionMark) -> impl IntoView {
    let i18n = use_i18n();
    let m = mark.mark;
    view! {
        <p class="mark-line" data-testid=format!("mark-given-{}", mark.section.as_str()) data-mark=m.as_str() data-forced=mark.forced.to_string()>
            <span class=format!("badge mark-{}", m.as_str())>{move || i18n.t(mark_msg(m))}</span>
            {mark.forced.then(|| view! { <span class="badge r-late" data-testid="mark-forced">{move || i18n.t(R::Forced)}</span> })}
            {mark.note.map(|n| view! { <span class="mark-note-text">{n}</span> })}
        </p>
    }
}

/// The review's comment and time.
#[component]
pub fn ReviewSummary(report: WeeklyReportDto) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" data-testid="review-result">
            <h2>{move || i18n.t(R::ReviewResult)}</h2>
            {report.reviewed_at.map(|at| view! { <p class="muted">{move || i18n.t(R::ReviewedAt)} " " {local_time(at)}</p> })}
            {report.review_comment.map(|c| view! { <p data-testid="review-comment-text"><strong>{move || i18n.t(R::Comment)} "："</strong>{c}</p> })}
        </section>
    }
}

/// The marks of a reviewed report, for its author: each section's mark and note, the comment.
#[component]
pub fn MarksView(report: WeeklyReportDto) -> impl IntoView {
    let i18n = use_i18n();
    let marks = report
        .marks
        .iter()
        .cloned()
        .map(|m| {
            let s = m.section;
            view! {
                <div class="review-section">
                    <h3>{move || i18n.t(section_msg(s))}</h3>
                    <MarkLine mark=m />
                </div>
            }
        })
        .collect_view();
    view! {
        <ReviewSummary report=report />
        <section class="panel" data-testid="marks">{marks}</section>
    }
}
