//! One planned visit in "my week": what it is, its status, and the forms to record it done
//! (with the follow-up and, when allowed, the location), missed (with a reason) or moved.

use leptos::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::visits::{
    CompleteVisitRequest, MissVisitRequest, RescheduleVisitRequest, VisitDto, VisitStatus,
};

use crate::api::{ApiError, use_api};
use crate::components::{ErrorBanner, Field, FormErrors, Submit, non_empty};
use crate::i18n::plans::P;
use crate::i18n::{Msg, use_i18n};
use crate::pages::plans::geo::current_position;
use crate::pages::plans::parts::{DaySelect, VisitBadges, day_label, time_window, week_days};

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
    let text = || RwSignal::new(String::new());
    let (summary, needs, next_step, reason) = (text(), text(), text(), text());
    let use_location = RwSignal::new(true);
    let locating = RwSignal::new(false);
    let date = visit.planned_date;
    let other_days: Vec<chrono::NaiveDate> = week_days(week)
        .0
        .into_iter()
        .filter(|d| *d != date)
        .collect();
    let new_day = RwSignal::new(
        other_days
            .first()
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );

    // Every outcome closes the form and tells the plan.
    let done = move |result: Result<VisitDto, ApiError>, msg: P| {
        result?;
        mode.set(Mode::Closed);
        on_change.run(msg);
        Ok(())
    };
    let complete = Submit::new(
        errors,
        &["summary", "needs", "next_step"],
        move |(mut request, want_location): (CompleteVisitRequest, bool)| async move {
            if want_location {
                locating.set(true);
                let at = current_position().await;
                locating.set(false);
                request.latitude = at.map(|a| a.0);
                request.longitude = at.map(|a| a.1);
            }
            done(api.complete_visit(id, &request).await, P::VisitCompleted)
        },
    );
    let miss = Submit::new(
        errors,
        &["reason"],
        move |request: MissVisitRequest| async move {
            done(api.miss_visit(id, &request).await, P::VisitMissedSaved)
        },
    );
    let reschedule = Submit::new(
        errors,
        &["new_date", "reason"],
        move |request: RescheduleVisitRequest| async move {
            done(api.reschedule_visit(id, &request).await, P::VisitMoved)
        },
    );
    let remove = Submit::new(errors, &[], move |()| async move {
        api.remove_plan_visit(id).await?;
        on_change.run(P::VisitRemoved);
        Ok(())
    });
    let busy = move || {
        complete.pending().get()
            || miss.pending().get()
            || reschedule.pending().get()
            || remove.pending().get()
    };

    let on_complete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = CompleteVisitRequest {
            summary: summary.get_untracked().trim().to_owned(),
            needs: non_empty(&needs.get_untracked()),
            next_step: non_empty(&next_step.get_untracked()),
            next_follow_up_date: None,
            occurred_at: None,
            latitude: None,
            longitude: None,
        };
        if complete.check(&request) {
            complete.send((request, use_location.get_untracked()));
        }
    };
    let on_miss = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        miss.submit(MissVisitRequest {
            reason: reason.get_untracked().trim().to_owned(),
        });
    };
    let on_move = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(new_date) = new_day.get_untracked().parse() {
            reschedule.submit(RescheduleVisitRequest {
                new_date,
                reason: non_empty(&reason.get_untracked()),
            });
        }
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
                        <button type="button" class="small danger" data-testid="visit-remove" disabled=busy on:click=move |_| remove.send(())>
                            {move || i18n.t(P::Remove)}
                        </button>
                    })}
                </div>
            })}
            <Show when=move || mode.get() == Mode::Complete>
                <form class="card" on:submit=on_complete data-testid="visit-complete-form" novalidate>
                    <Field label=P::Summary name="summary" testid="visit-summary" value=summary errors=errors kind="textarea" />
                    <Field label=P::Needs name="needs" testid="visit-needs" value=needs errors=errors kind="textarea" />
                    <Field label=P::NextStep name="next_step" testid="visit-next-step" value=next_step errors=errors />
                    <label class="check">
                        <input type="checkbox" data-testid="visit-use-location" bind:checked=use_location />
                        {move || i18n.t(P::UseLocation)}
                    </label>
                    <div class="form-actions">
                        <button type="submit" class="primary" data-testid="visit-complete-submit" disabled=busy>
                            {move || if locating.get() { i18n.t(P::Locating) } else { i18n.t(P::CompleteVisit) }}
                        </button>
                        <button type="button" on:click=move |_| mode.set(Mode::Closed)>{move || i18n.t(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || mode.get() == Mode::Miss>
                <form class="card" on:submit=on_miss data-testid="visit-miss-form" novalidate>
                    <Field label=P::Reason name="reason" testid="visit-miss-reason" value=reason errors=errors kind="textarea" />
                    <div class="form-actions">
                        <button type="submit" class="primary" data-testid="visit-miss-submit" disabled=busy>
                            {move || i18n.t(P::ConfirmMissed)}
                        </button>
                        <button type="button" on:click=move |_| mode.set(Mode::Closed)>{move || i18n.t(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || mode.get() == Mode::Move>
                <form class="card" on:submit=on_move data-testid="visit-move-form" novalidate>
                    <DaySelect label=P::NewDay name="new_date" testid="visit-move-day" id=format!("f-move-{id}") days=other_days.clone() value=new_day errors=errors />
                    <Field label=P::Reason name="reason" testid="visit-move-reason" value=reason errors=errors />
                    <div class="form-actions">
                        <button type="submit" class="primary" data-testid="visit-move-submit" disabled=busy>
                            {move || i18n.t(P::ConfirmMove)}
                        </button>
                        <button type="button" on:click=move |_| mode.set(Mode::Closed)>{move || i18n.t(Msg::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
