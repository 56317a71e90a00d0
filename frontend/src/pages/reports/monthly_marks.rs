//! The reviewer's marks of a monthly report (月报评分): 0 to 20 points for each of the summary,
//! the next month's plan and the proposals. They are the manager's monthly-report items in the
//! score, so the review asks for all three; a section left empty is sent without a mark and the
//! score counts it as 0 (SPEC §6).

use leptos::prelude::*;
use salesops_domain::reports::{MONTHLY_MARK_MAX, MonthlyMark, MonthlySection};

use salesops_domain::FieldError;

use crate::components::{FieldErrors, FormErrors, local_error};
use crate::i18n::reports::R;
use crate::i18n::{I18n, use_i18n};

/// The label of a monthly report's section.
pub fn monthly_section_msg(s: MonthlySection) -> R {
    match s {
        MonthlySection::Summary => R::MSummary,
        MonthlySection::Plan => R::MNextPlan,
        MonthlySection::Proposals => R::MProposals,
    }
}

/// One section's row: the points as typed and the note.
type MarkRow = (MonthlySection, RwSignal<String>, RwSignal<String>);

/// What the reviewer is typing: the points as typed (validated by the server, which names the
/// field) and the note, per section.
#[derive(Clone, Copy)]
pub struct MarksDraft(StoredValue<Vec<MarkRow>>);

impl MarksDraft {
    pub fn empty() -> Self {
        Self(StoredValue::new(
            MonthlySection::ALL
                .iter()
                .map(|s| {
                    (
                        *s,
                        RwSignal::new(String::new()),
                        RwSignal::new(String::new()),
                    )
                })
                .collect(),
        ))
    }

    /// The marks to send: all three or none. The API would take some (an unmarked section
    /// scores 0), but on this screen a forgotten mark must not silently cost the manager 20
    /// points, so once one is given each empty one is an error beside its row. A typed value
    /// that is no whole number goes as -1 for the range check to name the row.
    pub fn marks(&self, i18n: I18n) -> Result<Vec<MonthlyMark>, Vec<FieldError>> {
        self.0.with_value(|rows| {
            let typed: Vec<String> = rows
                .iter()
                .map(|(_, points, _)| points.get_untracked().trim().to_owned())
                .collect();
            if typed.iter().all(String::is_empty) {
                return Ok(Vec::new());
            }
            let missing: Vec<FieldError> = typed
                .iter()
                .enumerate()
                .filter(|(_, t)| t.is_empty())
                .map(|(i, _)| local_error(i18n, &format!("marks[{i}].points"), R::MarkRequired))
                .collect();
            if !missing.is_empty() {
                return Err(missing);
            }
            Ok(rows
                .iter()
                .zip(typed)
                .map(|((section, _, note), typed)| MonthlyMark {
                    section: *section,
                    points: typed.parse().unwrap_or(-1),
                    note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
                })
                .collect())
        })
    }
}

/// One row per section: the points (0–20) and a note.
#[component]
pub fn MarksInput(draft: MarksDraft, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let rows = draft.0.with_value(|r| r.clone());
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, (section, points, note))| {
            view! {
                <div class="field monthly-mark" data-testid="monthly-mark" data-section=section.as_str()>
                    <label>{move || i18n.t(monthly_section_msg(section))} " (0–" {MONTHLY_MARK_MAX} ")"</label>
                    <input
                        type="number"
                        min="0"
                        max=MONTHLY_MARK_MAX
                        step="1"
                        data-testid="monthly-mark-points"
                        data-field=format!("marks[{i}].points")
                        prop:value=move || points.get()
                        on:input=move |ev| points.set(event_target_value(&ev))
                    />
                    <input
                        type="text"
                        data-testid="monthly-mark-note"
                        placeholder=move || i18n.t(R::MarkNote)
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    />
                    <FieldErrors name=format!("marks[{i}]") errors=errors />
                </div>
            }
        })
        .collect_view();
    view! { <fieldset class="monthly-marks"><legend>{move || i18n.t(R::MonthlyMarks)}</legend>{rows}</fieldset> }
}

/// The marks a reviewed monthly report was given.
#[component]
pub fn MarksGiven(marks: Vec<MonthlyMark>) -> impl IntoView {
    let i18n = use_i18n();
    if marks.is_empty() {
        return None;
    }
    let total: i64 = marks.iter().map(|m| m.points).sum();
    let rows = marks
        .into_iter()
        .map(|m| {
            let section = m.section;
            view! {
                <li data-testid="monthly-mark-given" data-section=section.as_str()>
                    {move || i18n.t(monthly_section_msg(section))} "：" <strong>{m.points}</strong>
                    {m.note.map(|n| view! { <span class="muted">" " {n}</span> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="monthly-marks-given">
            <h4>{move || i18n.t(R::MonthlyMarks)} " " <span data-testid="monthly-marks-total">{total}</span></h4>
            <ul>{rows}</ul>
        </div>
    })
}
