//! The daily log (工作日志) card of "my week": calls made, visits and notes for a day; one per
//! day, so saving a day that has a log changes it.

use chrono::Duration;
use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::daily_logs::{CreateDailyLogRequest, DailyLogDto, UpdateDailyLogRequest};
use salesops_domain::period::IsoWeek;

use crate::api::use_api;
use crate::app::is_signed_out;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, InlineError};
use crate::i18n::plans::P;
use crate::i18n::use_i18n;
use crate::pages::plans::{PField, PNotice, day_label, local_error, today};

#[component]
pub fn DailyLogCard(week: IsoWeek) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let tick = RwSignal::new(0_u32);
    let logs = LocalResource::new(move || {
        tick.get();
        async move { api.my_daily_logs(me, week.monday(), week.sunday()).await }
    });
    let today = today();
    let days: Vec<chrono::NaiveDate> = (0..7).map(|i| week.monday() + Duration::days(i)).collect();
    let day = RwSignal::new(
        if week.contains(today) {
            today
        } else {
            week.monday()
        }
        .to_string(),
    );
    let calls = RwSignal::new(String::new());
    let visits = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<P>);
    let busy = RwSignal::new(false);

    let existing = move || -> Option<DailyLogDto> {
        let d = day.get();
        logs.get()
            .and_then(|r| r.ok())
            .and_then(|ls| ls.into_iter().find(|l| l.log_date.to_string() == d))
    };
    // Choosing a day (or loading the logs) fills the form with that day's log.
    Effect::new(move |_| {
        let found = existing();
        calls.set(
            found
                .as_ref()
                .map(|l| l.calls_made.to_string())
                .unwrap_or_default(),
        );
        visits.set(
            found
                .as_ref()
                .map(|l| l.visits.to_string())
                .unwrap_or_default(),
        );
        notes.set(found.and_then(|l| l.notes).unwrap_or_default());
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        notice.set(None);
        let num = |s: RwSignal<String>| {
            let t = s.get_untracked();
            let t = t.trim();
            if t.is_empty() {
                Some(0)
            } else {
                t.parse::<i32>().ok().filter(|n| *n >= 0)
            }
        };
        let mut bad = Vec::new();
        let calls_v = num(calls).unwrap_or_else(|| {
            bad.push(local_error(i18n, "calls_made", P::BadNumber));
            0
        });
        let visits_v = num(visits).unwrap_or_else(|| {
            bad.push(local_error(i18n, "visits", P::BadNumber));
            0
        });
        if !bad.is_empty() {
            errors.fields.set(bad);
            return;
        }
        let Ok(log_date) = day.get_untracked().parse() else {
            return;
        };
        let notes_v = Some(notes.get_untracked().trim().to_owned()).filter(|t| !t.is_empty());
        let id = existing().map(|l| l.id);
        busy.set(true);
        spawn_local(async move {
            let result = match id {
                Some(id) => {
                    let request = UpdateDailyLogRequest {
                        calls_made: Some(calls_v),
                        visits: Some(visits_v),
                        notes: Some(notes_v.unwrap_or_default()),
                    };
                    api.update_daily_log(id, &request).await
                }
                None => {
                    let request = CreateDailyLogRequest {
                        log_date,
                        calls_made: calls_v,
                        visits: visits_v,
                        notes: notes_v,
                    };
                    api.create_daily_log(&request).await
                }
            };
            busy.set(false);
            match result {
                Ok(_) => {
                    notice.set(Some(P::LogSaved));
                    tick.update(|t| *t += 1);
                }
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &["log_date", "calls_made", "visits", "notes"]),
            }
        });
    };

    let logged = move || {
        logs.get().map(|r| match r {
            Err(e) if is_signed_out(&e) => ().into_any(),
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(mut list) => {
                list.sort_by_key(|l| l.log_date);
                (!list.is_empty())
                    .then(|| {
                        view! {
                            <h3>{move || i18n.t(P::LoggedDays)}</h3>
                            <ul class="log-list" data-testid="daily-logs">
                                {list
                                    .into_iter()
                                    .map(|l| {
                                        let d = l.log_date;
                                        view! {
                                            <li data-testid="daily-log" data-date=d.to_string()>
                                                <strong>{move || day_label(i18n, d)}</strong>
                                                " · " {move || i18n.t(P::CallsMade)} " " {l.calls_made}
                                                " · " {move || i18n.t(P::VisitsMade)} " " {l.visits}
                                                {l.notes.clone().map(|n| view! { <div class="muted small">{n}</div> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
                    .into_any()
            }
        })
    };

    view! {
        <section class="panel" data-testid="daily-log-card">
            <h2>{move || i18n.t(P::DailyLog)}</h2>
            <PNotice notice=notice />
            <form on:submit=submit data-testid="daily-log-form" novalidate>
                <ErrorBanner errors=errors />
                <div class="field">
                    <label for="f-log-day">{move || i18n.t(P::LogDate)}</label>
                    <select id="f-log-day" data-testid="log-day" on:change=move |ev| day.set(event_target_value(&ev))>
                        {days
                            .iter()
                            .map(|d| {
                                let value = d.to_string();
                                let v2 = value.clone();
                                let d = *d;
                                view! {
                                    <option value=value prop:selected=move || day.get() == v2>
                                        {move || day_label(i18n, d)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldErrors name="log_date" errors=errors />
                </div>
                <div class="plan-grid two">
                    <PField label=P::CallsMade name="calls_made" testid="log-calls" value=calls errors=errors kind="number" />
                    <PField label=P::VisitsMade name="visits" testid="log-visits" value=visits errors=errors kind="number" />
                </div>
                <PField label=P::Notes name="notes" testid="log-notes" value=notes errors=errors kind="textarea" />
                <button type="submit" class="primary" data-testid="log-save" disabled=move || busy.get()>
                    {move || i18n.t(P::SaveLog)}
                </button>
            </form>
            <Transition fallback=|| ()>{logged}</Transition>
        </section>
    }
}
