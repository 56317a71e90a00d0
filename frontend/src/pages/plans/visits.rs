//! One planned visit in "my week": what it is, its status, and the forms to record it done
//! (with the follow-up and, when allowed, the location), missed (with a reason) or moved.

use chrono::Duration;
use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::period::IsoWeek;
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, RescheduleVisitRequest, VisitDto, VisitStatus,
};

use crate::api::use_api;
use crate::app::is_signed_out;
use crate::components::{ErrorBanner, FieldErrors, FormErrors};
use crate::i18n::plans::P;
use crate::i18n::{Msg, use_i18n};
use crate::pages::plans::{PField, VisitBadges, current_position, day_label, time_window};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Closed,
    Complete,
    Miss,
    Move,
}

#[component]
pub fn VisitCard(
    visit: VisitDto,
    week: IsoWeek,
    /// The plan may be changed: a planned visit can be removed.
    editable: bool,
    /// The plan has an approved revision: outcomes can be recorded.
    executable: bool,
    on_change: Callback<P>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = visit.id;
    let planned = visit.status == VisitStatus::Planned;
    let mode = RwSignal::new(Mode::Closed);
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);

    let summary = RwSignal::new(String::new());
    let needs = RwSignal::new(String::new());
    let next_step = RwSignal::new(String::new());
    let use_location = RwSignal::new(true);
    let locating = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let date = visit.planned_date;
    let other_days: Vec<chrono::NaiveDate> = (0..7)
        .map(|i| week.monday() + Duration::days(i))
        .filter(|d| *d != date)
        .collect();
    let new_day = RwSignal::new(
        other_days
            .first()
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );

    let finish = move |result: Result<P, crate::api::ApiError>, known: &'static [&'static str]| {
        busy.set(false);
        locating.set(false);
        match result {
            Ok(msg) => {
                mode.set(Mode::Closed);
                on_change.run(msg);
            }
            Err(e) if is_signed_out(&e) => {}
            Err(e) => errors.show(&e, known),
        }
    };

    let complete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        busy.set(true);
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let summary_v = summary.get_untracked().trim().to_owned();
        let needs_v = text(needs);
        let next_v = text(next_step);
        let want_location = use_location.get_untracked();
        spawn_local(async move {
            let at = if want_location {
                locating.set(true);
                let at = current_position().await;
                locating.set(false);
                at
            } else {
                None
            };
            let request = CompleteVisitRequest {
                summary: summary_v,
                needs: needs_v,
                next_step: next_v,
                next_follow_up_date: None,
                occurred_at: None,
                latitude: at.map(|a| a.0),
                longitude: at.map(|a| a.1),
            };
            let r = api
                .complete_visit(id, &request)
                .await
                .map(|_| P::VisitCompleted);
            finish(r, &["summary", "needs", "next_step"]);
        });
    };

    let miss = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        busy.set(true);
        let request = MissVisitRequest {
            reason: reason.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            let r = api
                .miss_visit(id, &request)
                .await
                .map(|_| P::VisitMissedSaved);
            finish(r, &["reason"]);
        });
    };

    let reschedule = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Ok(new_date) = new_day.get_untracked().parse() else {
            return;
        };
        errors.clear();
        busy.set(true);
        let request = RescheduleVisitRequest {
            new_date,
            reason: Some(reason.get_untracked().trim().to_owned()).filter(|t| !t.is_empty()),
        };
        spawn_local(async move {
            let r = api
                .reschedule_visit(id, &request)
                .await
                .map(|_| P::VisitMoved);
            finish(r, &["new_date", "reason"]);
        });
    };

    let remove = move |_| {
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            let r = api.remove_plan_visit(id).await.map(|_| P::VisitRemoved);
            finish(r, &[]);
        });
    };

    let open = move |m: Mode| {
        move |_| {
            errors.clear();
            mode.set(if mode.get_untracked() == m {
                Mode::Closed
            } else {
                m
            });
        }
    };

    let window = time_window(&visit);
    let purpose = visit.purpose.clone().unwrap_or_default();
    let place = visit.place.clone().unwrap_or_default();
    let miss_reason = visit.miss_reason.clone();
    let moved_from = visit.rescheduled_from;
    let client_name = visit.client_name.clone();
    let client_attr = client_name.clone();
    let badges = visit.clone();

    view! {
        <li class="visit" data-testid="visit" data-visit-id=id data-client=client_attr data-status=visit.status.as_str()>
            <div class="visit-head">
                <div>
                    <strong class="visit-client">{client_name}</strong>
                    <div class="muted small">
                        {move || day_label(i18n, date)} " " {window.clone()}
                        {moved_from.map(|d| format!(" (← {})", d.format("%m-%d")))}
                    </div>
                </div>
                <div class="badges"><VisitBadges visit=badges /></div>
            </div>
            {(!purpose.is_empty()).then(|| view! { <p class="visit-line">{move || i18n.t(P::Purpose)} ": " {purpose.clone()}</p> })}
            {(!place.is_empty()).then(|| view! { <p class="visit-line">{move || i18n.t(P::Place)} ": " {place.clone()}</p> })}
            {miss_reason.map(|r| view! { <p class="visit-line muted">{move || i18n.t(P::MissReason)} {r.clone()}</p> })}
            <ErrorBanner errors=errors />
            {(planned && (executable || editable)).then(|| view! {
                <div class="visit-actions">
                    {executable.then(|| view! {
                        <button type="button" class="small primary" data-testid="visit-done" on:click=open(Mode::Complete)>
                            {move || i18n.t(P::MarkDone)}
                        </button>
                        <button type="button" class="small" data-testid="visit-missed" on:click=open(Mode::Miss)>
                            {move || i18n.t(P::MarkMissed)}
                        </button>
                        <button type="button" class="small" data-testid="visit-move" on:click=open(Mode::Move)>
                            {move || i18n.t(P::Move)}
                        </button>
                    })}
                    {(editable && !executable).then(|| view! {
                        <button type="button" class="small danger" data-testid="visit-remove" disabled=move || busy.get() on:click=remove>
                            {move || i18n.t(P::Remove)}
                        </button>
                    })}
                </div>
            })}
            <Show when=move || mode.get() == Mode::Complete>
                <form class="card" on:submit=complete data-testid="visit-complete-form" novalidate>
                    <PField label=P::Summary name="summary" testid="visit-summary" value=summary errors=errors kind="textarea" />
                    <PField label=P::Needs name="needs" testid="visit-needs" value=needs errors=errors kind="textarea" />
                    <PField label=P::NextStep name="next_step" testid="visit-next-step" value=next_step errors=errors />
                    <label class="check">
                        <input type="checkbox" data-testid="visit-use-location" bind:checked=use_location />
                        {move || i18n.t(P::UseLocation)}
                    </label>
                    <div class="form-actions">
                        <button type="submit" class="primary" data-testid="visit-complete-submit" disabled=move || busy.get()>
                            {move || if locating.get() { i18n.t(P::Locating) } else { i18n.t(P::CompleteVisit) }}
                        </button>
                        <button type="button" on:click=move |_| mode.set(Mode::Closed)>{move || i18n.t(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || mode.get() == Mode::Miss>
                <form class="card" on:submit=miss data-testid="visit-miss-form" novalidate>
                    <PField label=P::Reason name="reason" testid="visit-miss-reason" value=reason errors=errors kind="textarea" />
                    <div class="form-actions">
                        <button type="submit" class="primary" data-testid="visit-miss-submit" disabled=move || busy.get()>
                            {move || i18n.t(P::ConfirmMissed)}
                        </button>
                        <button type="button" on:click=move |_| mode.set(Mode::Closed)>{move || i18n.t(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || mode.get() == Mode::Move>
                <form class="card" on:submit=reschedule data-testid="visit-move-form" novalidate>
                    <div class="field">
                        <label for=format!("f-move-{id}")>{move || i18n.t(P::NewDay)}</label>
                        <select id=format!("f-move-{id}") data-testid="visit-move-day" on:change=move |ev| new_day.set(event_target_value(&ev))>
                            {other_days
                                .iter()
                                .map(|d| {
                                    let value = d.to_string();
                                    let v2 = value.clone();
                                    let d = *d;
                                    view! {
                                        <option value=value prop:selected=move || new_day.get() == v2>
                                            {move || day_label(i18n, d)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        <FieldErrors name="new_date" errors=errors />
                    </div>
                    <PField label=P::Reason name="reason" testid="visit-move-reason" value=reason errors=errors />
                    <div class="form-actions">
                        <button type="submit" class="primary" data-testid="visit-move-submit" disabled=move || busy.get()>
                            {move || i18n.t(P::ConfirmMove)}
                        </button>
                        <button type="button" on:click=move |_| mode.set(Mode::Closed)>{move || i18n.t(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
