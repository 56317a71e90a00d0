//! Pieces of the plan screens: days and time windows, state and visit badges.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use salesops_domain::plans::PlanState;
use salesops_domain::visits::VisitDto;

use crate::i18n::plans::{P, plan_state_msg, visit_status_msg, weekday_msg};
use crate::i18n::{I18n, use_i18n};

/// `周二 11-24`.
pub fn day_label(i18n: I18n, date: NaiveDate) -> String {
    format!(
        "{} {}",
        i18n.t(weekday_msg(date.weekday().num_days_from_monday())),
        date.format("%m-%d")
    )
}

/// A time window `09:30–11:00`, or what there is of it.
pub fn time_window(v: &VisitDto) -> String {
    match (&v.time_from, &v.time_to) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => a.clone(),
        (None, Some(b)) => format!("–{b}"),
        (None, None) => String::new(),
    }
}

/// A plan's state as a coloured badge.
#[component]
pub fn StateBadge(state: PlanState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge state-{}", state.as_str()) data-testid="plan-state" data-state=state.as_str()>
            {move || i18n.t(plan_state_msg(state))}
        </span>
    }
}

#[component]
pub fn LateBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge badge-late" data-testid="late-mark">{move || i18n.t(P::Late)}</span> }
}

/// A visit's status and flags as badges.
#[component]
pub fn VisitBadges(visit: VisitDto) -> impl IntoView {
    let i18n = use_i18n();
    let status = visit.status;
    let flag = move |on: bool, msg: P, class: &'static str| {
        on.then(|| view! { <span class=format!("badge {class}")>{move || i18n.t(msg)}</span> })
    };
    view! {
        <span class=format!("badge visit-{}", status.as_str()) data-testid="visit-status" data-status=status.as_str()>
            {move || i18n.t(visit_status_msg(status))}
        </span>
        {flag(visit.unplanned, P::Unplanned, "badge-warn")}
        {flag(visit.rescheduled, P::Rescheduled, "badge-info")}
        {flag(visit.off_site, P::OffSite, "badge-late")}
        {flag(visit.no_location, P::NoLocation, "badge-warn")}
        {flag(visit.false_report, P::FalseReport, "badge-late")}
    }
}

/// The seven days of `week` (Monday first), and the one to preselect: today when it is in
/// that week, else Monday.
pub fn week_days(week: salesops_domain::period::IsoWeek) -> (Vec<NaiveDate>, NaiveDate) {
    let today = crate::clock::today();
    let days = (0..7)
        .map(|i| week.monday() + chrono::Duration::days(i))
        .collect();
    let first = if week.contains(today) {
        today
    } else {
        week.monday()
    };
    (days, first)
}

/// A select of days (`value` holds `2026-11-24`), with the errors reported for `name`.
#[component]
pub fn DaySelect(
    #[prop(into)] label: crate::i18n::AnyText,
    name: &'static str,
    testid: &'static str,
    /// The element id (unique on the page).
    #[prop(into)]
    id: String,
    days: Vec<NaiveDate>,
    value: RwSignal<String>,
    errors: crate::components::FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let today = crate::clock::today();
    let options = days
        .into_iter()
        .map(|d| {
            let v = d.to_string();
            let v2 = v.clone();
            view! {
                <option value=v prop:selected=move || value.get() == v2>
                    {move || day_label(i18n, d)}
                    {(d == today).then_some(" ·")}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select id=id data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {options}
            </select>
            <crate::components::FieldErrors name=name errors=errors />
        </div>
    }
}
