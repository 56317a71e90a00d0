//! Background jobs (admin): those that failed on every try, by default, and a retry for each.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::jobs::{JobDto, JobState};

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice};
use crate::i18n::notifications::{NMsg, job_state_msg};
use crate::i18n::{AnyText, use_i18n};

const STATES: [JobState; 4] = [
    JobState::Failed,
    JobState::Pending,
    JobState::Running,
    JobState::Done,
];

#[component]
pub fn JobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let state = RwSignal::new(JobState::Failed);
    let jobs = LocalResource::new(move || {
        let s = state.get();
        async move { api.jobs(s).await }
    });
    let notice = RwSignal::new(None::<AnyText>);
    let errors = FormErrors::new();
    let retry = move |id: i64| {
        spawn_local(async move {
            errors.clear();
            match api.retry_job(id).await {
                Ok(_) => {
                    notice.set(Some(NMsg::Retried.into()));
                    jobs.refetch();
                }
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    let row = move |j: JobDto| {
        let id = j.id;
        let failed = j.state == JobState::Failed;
        let kind = j.kind.clone();
        view! {
            <tr data-testid="job-row" data-job-id=id data-kind=kind data-state=j.state.as_str()>
                <td>{j.kind}</td>
                <td>{j.run_key}</td>
                <td>{move || i18n.t(job_state_msg(j.state))}</td>
                <td>{format!("{}/{}", j.attempts, j.max_attempts)}</td>
                <td class="muted">{j.last_error.unwrap_or_default()}</td>
                <td>{local_time(j.updated_at)}</td>
                <td>
                    <Show when=move || failed>
                        <button type="button" data-testid="job-retry" on:click=move |_| retry(id)>
                            {move || i18n.t(NMsg::Retry)}
                        </button>
                    </Show>
                </td>
            </tr>
        }
    };
    let rows = move || {
        let result = jobs.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.items.is_empty() => {
                view! { <p class="muted" data-testid="jobs-empty">{move || i18n.t(NMsg::JobsEmpty)}</p> }
                    .into_any()
            }
            Ok(l) => view! {
                <table class="table" data-testid="jobs">
                    <thead>
                        <tr>
                            <th>{move || i18n.t(NMsg::Kind)}</th>
                            <th>{move || i18n.t(NMsg::RunKey)}</th>
                            <th>{move || i18n.t(NMsg::JobsState)}</th>
                            <th>{move || i18n.t(NMsg::Attempts)}</th>
                            <th>{move || i18n.t(NMsg::LastError)}</th>
                            <th>{move || i18n.t(NMsg::Updated)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{l.items.into_iter().map(row).collect_view()}</tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(NMsg::JobsTitle)}</h1>
            <p class="muted">{move || i18n.t(NMsg::JobsIntro)}</p>
            <Notice notice=notice />
            <ErrorBanner errors=errors />
            <label>
                {move || i18n.t(NMsg::JobsState)}
                <select
                    data-testid="jobs-state"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Ok(s) = v.parse::<JobState>() {
                            state.set(s);
                        }
                    }
                >
                    {STATES
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! { <option value=s.as_str()>{move || i18n.t(job_state_msg(s))}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <Transition>{rows}</Transition>
        </section>
    }
}
