//! Trainings (培训记录) of a month: each with its topic, kind, trainer, attendees and their
//! assessments (passed, score, note) — recorded here by whoever manages trainings — the form of
//! a new training, and the retraining list (people whose latest assessment failed).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use salesops_domain::Capability;
use salesops_domain::trainings::{AssessmentRequest, TrainingDto};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice, Submit, non_empty};
use crate::i18n::scores::{S, training_kind_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::scores::parts::{MonthSwitcher, month_from_query, this_month, typed_count};
use crate::pages::scores::people::people;
use crate::pages::scores::training_form::TrainingForm;

#[component]
pub fn TrainingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let query = use_query_map();
    let month = Memo::new(move |_| month_from_query(query.with(|q| q.get("month")), this_month()));
    // `?id=` (a score's evidence): the training's own month, when the address names none.
    let shown = Memo::new(move |_| query.with(|q| q.get("id").and_then(|v| v.parse::<i64>().ok())));
    let navigate = use_navigate();
    Effect::new(move |_| {
        let (Some(id), None) = (shown.get(), query.with(|q| q.get("month"))) else {
            return;
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if let Ok(t) = api.training(id).await {
                let m = salesops_domain::period::Month::of(t.date);
                navigate(
                    &format!("/trainings?month={m}&id={id}"),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        });
    });
    let manages = auth.can(Capability::TrainingsManage);
    let notice = RwSignal::new(None::<AnyText>);
    let list = LocalResource::new(move || {
        let m = month.get().to_string();
        async move { api.trainings(Some(&m)).await }
    });
    let retraining = LocalResource::new(move || async move { api.retraining().await });
    let changed = Callback::new(move |msg: S| {
        notice.set(Some(msg.into()));
        list.refetch();
        retraining.refetch();
    });
    let members = people();
    view! {
        <section class="panel">
            <h1>{move || i18n.t(S::TrainingsTitle)}</h1>
            <MonthSwitcher month=month base="/trainings" />
            <Notice notice=notice />
            {manages.then(|| view! {
                <TrainingForm people=members on_created=Callback::new(move |_| changed.run(S::TrainingCreated)) />
            })}
        </section>
        <section class="panel" data-testid="trainings">
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{move || i18n.t(S::NoTrainings)}</p> }.into_any(),
                    Ok(l) => l.items.into_iter().map(|t| {
                        let picked = shown.get_untracked() == Some(t.id);
                        view! { <TrainingCard training=t manages=manages changed=changed picked=picked people=members /> }
                    }).collect_view().into_any(),
                })}
            </Transition>
        </section>
        <section class="panel" data-testid="retraining">
            <h2>{move || i18n.t(S::Retraining)}</h2>
            {move || retraining.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(l) if l.is_empty() => view! { <p class="muted">{move || i18n.t(S::NoRetraining)}</p> }.into_any(),
                Ok(l) => view! {
                    <ul class="plain-list">
                        {l.into_iter().map(|r| {
                            let kind = training_kind_msg(r.kind);
                            view! {
                                <li data-testid="retraining-row" data-user-id=r.user_id>
                                    <strong>{r.display_name.clone()}</strong> " · " {r.training_date.to_string()} " · "
                                    {r.topic.clone()} " (" {move || i18n.t(kind)} ")"
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </section>
    }
}

#[component]
fn TrainingCard(
    training: TrainingDto,
    manages: bool,
    changed: Callback<S>,
    /// The training a link named (`?id=`): marked.
    picked: bool,
    /// Who may attend (the editor's choices).
    people: LocalResource<Vec<(i64, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = training.clone();
    let editing = RwSignal::new(false);
    let edit = manages.then(|| {
        let t = training.clone();
        view! {
            <button type="button" class="small" data-testid="training-edit" on:click=move |_| editing.update(|e| *e = !*e)>
                {move || i18n.t(Msg::Edit)}
            </button>
            <Show when=move || editing.get()>
                <TrainingForm people=people editing=t.clone()
                    on_created=Callback::new(move |_| { editing.set(false); changed.run(S::TrainingSaved); }) />
            </Show>
        }
    });
    let kind = training_kind_msg(t.kind);
    let rows = t
        .attendees
        .iter()
        .map(|a| {
            let latest = t.assessments.iter().rev().find(|x| x.user_id == a.user_id).cloned();
            let result = latest.clone().map(|x| {
                let passed = x.passed;
                view! {
                    <span class=if passed { "badge badge-ok" } else { "badge badge-warn" } data-testid="assessment" data-passed=passed.to_string()>
                        {move || i18n.t(if passed { S::Passed } else { S::Failed })}
                    </span>
                    {x.score.map(|s| view! { " " {s} })}
                    {x.note.clone().map(|n| view! { " · " <span class="small">{n}</span> })}
                }
            });
            let assess = manages.then(|| view! { <AssessForm training_id=t.id user_id=a.user_id changed=changed /> });
            view! {
                <tr data-testid="attendee-row" data-user-id=a.user_id>
                    <td>{a.display_name.clone()}</td>
                    <td>{result.map(|v| v.into_any()).unwrap_or_else(|| view! { <span class="muted small">{move || i18n.t(S::NotAssessed)}</span> }.into_any())}</td>
                    <td>{assess}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card" class:picked=picked data-testid="training" data-training-id=t.id>
            <strong>{t.date.to_string()} " · " {t.topic.clone()}</strong>
            " · " <span class="badge">{move || i18n.t(kind)}</span>
            " · " {move || i18n.t(S::Trainer)} " " {t.trainer_name.clone()}
            {t.notes.clone().map(|n| view! { <p class="small pre-wrap">{n}</p> })}
            {edit}
            <table class="list compact">
                <thead>
                    <tr>
                        <th>{move || i18n.t(S::Attendees)}</th>
                        <th>{move || i18n.t(S::Assessments)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Records one attendee's assessment: passed or not, a score out of 100 when given, a note.
#[component]
fn AssessForm(training_id: i64, user_id: i64, changed: Callback<S>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let passed = RwSignal::new(true);
    let score = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let send = Submit::new(
        errors,
        &["score", "note", "passed"],
        move |r: AssessmentRequest| async move {
            api.assess(training_id, &r)
                .await
                .map(|_| changed.run(S::Assessed))
        },
    );
    view! {
        <div class="item-inputs" data-testid="assess-form">
            <label class="check">
                <input type="checkbox" data-testid="assess-passed" prop:checked=move || passed.get()
                    on:change=move |ev| passed.set(event_target_checked(&ev)) />
                " " {move || i18n.t(S::Passed)}
            </label>
            <input type="text" inputmode="numeric" class="narrow" data-testid="assess-score"
                placeholder=move || i18n.t(S::AssessScore)
                prop:value=move || score.get() on:input=move |ev| score.set(event_target_value(&ev)) />
            <input type="text" data-testid="assess-note" placeholder=move || i18n.t(S::Note)
                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
            <button type="button" class="small" data-testid="assess-send" disabled=move || send.pending().get()
                on:click=move |_| {
                    let typed = score.get_untracked();
                    let points = if typed.trim().is_empty() {
                        None
                    } else {
                        match typed_count(&typed) {
                            Some(p) => Some(p as i32),
                            None => {
                                return send.invalid(vec![crate::components::local_error(i18n, "score", S::NumberInvalid)]);
                            }
                        }
                    };
                    send.submit(AssessmentRequest { user_id, passed: passed.get_untracked(), score: points, note: non_empty(&note.get_untracked()) });
                }>
                {move || i18n.t(S::Assess)}
            </button>
            <ErrorBanner errors=errors />
        </div>
    }
}
