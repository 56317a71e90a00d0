//! The daily log (工作日志) card of "my week": calls made, visits and notes for a day; one per
//! day, so saving a day that has a log changes it.

use leptos::prelude::*;
use salesops_domain::daily_logs::{CreateDailyLogRequest, DailyLogDto, UpdateDailyLogRequest};
use salesops_domain::period::IsoWeek;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, Notice, Submit, Write, local_error, non_empty,
};
use crate::i18n::plans::P;
use crate::i18n::{AnyText, use_i18n};
use crate::pages::plans::parts::{DaySelect, day_label, week_days};

const FIELDS: &[&str] = &["log_date", "calls_made", "visits", "notes"];

#[component]
pub fn DailyLogCard(week: IsoWeek) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let logs = LocalResource::new(move || async move {
        api.my_daily_logs(me, week.monday(), week.sunday()).await
    });
    let (days, first) = week_days(week);
    let day = RwSignal::new(first.to_string());
    let calls = RwSignal::new(String::new());
    let visits = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<AnyText>);

    let existing = move || -> Option<DailyLogDto> {
        let d = day.get();
        logs.get()
            .and_then(|r| r.ok())
            .and_then(|l| l.items.into_iter().find(|l| l.log_date.to_string() == d))
    };
    // Choosing a day (or loading the logs) fills the form with that day's log.
    Effect::new(move |_| {
        let found = existing();
        let number = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
        calls.set(number(found.as_ref().map(|l| l.calls_made)));
        visits.set(number(found.as_ref().map(|l| l.visits)));
        notes.set(found.and_then(|l| l.notes).unwrap_or_default());
    });

    let save = Submit::new(
        errors,
        FIELDS,
        move |write: Write<CreateDailyLogRequest, UpdateDailyLogRequest>| async move {
            match write {
                Write::Create(request) => api.create_daily_log(&request).await?,
                Write::Update(id, request) => api.update_daily_log(id, &request).await?,
            };
            notice.set(Some(P::LogSaved.into()));
            logs.refetch();
            Ok(())
        },
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        // Blank is none; anything else must be a whole number (the validators check the range).
        let mut bad = Vec::new();
        let mut num = |name: &str, s: RwSignal<String>| {
            let t = s.get_untracked();
            let t = t.trim();
            if t.is_empty() {
                return 0;
            }
            t.parse::<i32>().unwrap_or_else(|_| {
                bad.push(local_error(i18n, name, P::BadNumber));
                0
            })
        };
        let calls_v = num("calls_made", calls);
        let visits_v = num("visits", visits);
        if !bad.is_empty() {
            save.invalid(bad);
            return;
        }
        let Ok(log_date) = day.get_untracked().parse() else {
            return;
        };
        let notes_v = non_empty(&notes.get_untracked());
        let write = match existing().map(|l| l.id) {
            Some(id) => Write::Update(
                id,
                UpdateDailyLogRequest {
                    calls_made: Some(calls_v),
                    visits: Some(visits_v),
                    notes: Some(notes_v.unwrap_or_default()),
                },
            ),
            None => Write::Create(CreateDailyLogRequest {
                log_date,
                calls_made: calls_v,
                visits: visits_v,
                notes: notes_v,
            }),
        };
        save.submit(write);
    };

    let logged = move || {
        logs.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) => {
                let mut list = l.items;
                list.sort_by_key(|l| l.log_date);
                (!list.is_empty())
                    .then(|| {
                        let items = list
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
                            .collect_view();
                        view! {
                            <h3>{move || i18n.t(P::LoggedDays)}</h3>
                            <ul class="log-list" data-testid="daily-logs">{items}</ul>
                        }
                    })
                    .into_any()
            }
        })
    };

    view! {
        <section class="panel" data-testid="daily-log-card">
            <h2>{move || i18n.t(P::DailyLog)}</h2>
            <Notice notice=notice />
            <form on:submit=submit data-testid="daily-log-form" novalidate>
                <ErrorBanner errors=errors />
                <DaySelect label=P::LogDate name="log_date" testid="log-day" id="f-log-day" days=days value=day errors=errors />
                <div class="plan-grid two">
                    <Field label=P::CallsMade name="calls_made" testid="log-calls" value=calls errors=errors kind="number" />
                    <Field label=P::VisitsMade name="visits" testid="log-visits" value=visits errors=errors kind="number" />
                </div>
                <Field label=P::Notes name="notes" testid="log-notes" value=notes errors=errors kind="textarea" rows=2 />
                <button type="submit" class="primary" data-testid="log-save" disabled=move || save.pending().get()>
                    {move || i18n.t(P::SaveLog)}
                </button>
            </form>
            <Transition fallback=|| ()>{logged}</Transition>
        </section>
    }
}
