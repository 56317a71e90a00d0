//! Pay grades (薪资等级): each person's base and performance pay from a month on (admin sets
//! them; finance and HR read).

use leptos::prelude::*;
use salesops_domain::Capability;
use salesops_domain::pay::{PayGradeDto, PayGradeRequest};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, SelectField, Submit,
    local_error, parse_id,
};
use crate::i18n::pay::PayMsg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::clients::parts::visible_users;
use crate::pages::money::parts::{money, typed_fen};
use crate::pages::pay::parts::{holds, people_choices, this_month};

#[component]
pub fn PayGradesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let manages = holds(Capability::PayManage);
    let grades = LocalResource::new(move || async move {
        api.pay_grades().await.map(|mut l| {
            l.items.sort_by(|a, b| {
                a.user_name
                    .cmp(&b.user_name)
                    .then(b.effective_from.cmp(&a.effective_from))
            });
            l
        })
    });
    let saved = Callback::new(move |()| {
        notice.set(Some(PayMsg::Saved.into()));
        grades.refetch();
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(PayMsg::PayGradesTitle)}</h1>
            <Notice notice=notice />
            <Show when=move || manages.get() fallback=move || view! {
                <p class="muted small">{move || i18n.t(PayMsg::ReadOnly)}</p>
            }>
                <NewGrade saved=saved />
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || grades.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted" data-testid="grades-empty">{move || i18n.t(PayMsg::NoPayGrades)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <table class="list" data-testid="grades-table">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(PayMsg::Person)}</th>
                                    <th>{move || i18n.t(PayMsg::EffectiveFrom)}</th>
                                    <th>{move || i18n.t(PayMsg::Base)}</th>
                                    <th>{move || i18n.t(PayMsg::Performance)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {l.items.into_iter().map(|g| view! { <GradeRow grade=g /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn GradeRow(grade: PayGradeDto) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tr data-testid="grade-row" data-user-id=grade.user_id data-effective-from=grade.effective_from.clone()>
            <td data-label=move || i18n.t(PayMsg::Person)>{grade.user_name.clone()}</td>
            <td data-label=move || i18n.t(PayMsg::EffectiveFrom)>{grade.effective_from.clone()}</td>
            <td data-label=move || i18n.t(PayMsg::Base)>{money(grade.base_fen)}</td>
            <td data-label=move || i18n.t(PayMsg::Performance)>{money(grade.performance_fen)}</td>
        </tr>
    }
}

#[component]
fn NewGrade(saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let users = visible_users(api, None);
    let person = RwSignal::new(String::new());
    let base = RwSignal::new(String::new());
    let performance = RwSignal::new(String::new());
    let from = RwSignal::new(this_month());
    let people = people_choices(
        move || {
            users
                .get()
                .unwrap_or_default()
                .into_iter()
                .filter(|u| !u.disabled)
                .map(|u| (u.id, u.display_name))
                .collect()
        },
        Some(PayMsg::ChoosePerson.into()),
    );
    let create = Submit::new(
        errors,
        &["user_id", "base_fen", "performance_fen", "effective_from"],
        move |r: PayGradeRequest| async move {
            api.create_pay_grade(&r).await?;
            saved.run(());
            Ok(())
        },
    );
    let send = move |_| {
        let Some(user_id) = parse_id(&person.get_untracked()) else {
            create.invalid(vec![local_error(i18n, "user_id", PayMsg::ChoosePerson)]);
            return;
        };
        let (Some(base_fen), Some(performance_fen)) = (
            typed_fen(&base.get_untracked()),
            typed_fen(&performance.get_untracked()),
        ) else {
            let mut bad = Vec::new();
            if typed_fen(&base.get_untracked()).is_none() {
                bad.push(local_error(i18n, "base_fen", PayMsg::AmountInvalid));
            }
            if typed_fen(&performance.get_untracked()).is_none() {
                bad.push(local_error(i18n, "performance_fen", PayMsg::AmountInvalid));
            }
            create.invalid(bad);
            return;
        };
        create.submit(PayGradeRequest {
            user_id,
            base_fen,
            performance_fen,
            effective_from: from.get_untracked(),
        });
    };
    view! {
        <details class="card more" data-testid="grade-new">
            <summary>{move || i18n.t(PayMsg::NewPayGrade)}</summary>
            <ErrorBanner errors=errors />
            <div class="form-grid">
                <SelectField label=PayMsg::Person name="user_id" testid="grade-person" value=person choices=people errors=errors />
                <Field label=PayMsg::BaseYuan name="base_fen" testid="grade-base" value=base errors=errors inputmode="decimal" />
                <Field label=PayMsg::PerformanceYuan name="performance_fen" testid="grade-performance" value=performance errors=errors inputmode="decimal" />
                <Field label=PayMsg::EffectiveFrom name="effective_from" testid="grade-from" value=from errors=errors kind="month" />
            </div>
            <button type="button" class="primary" data-testid="grade-create" disabled=move || create.pending().get() on:click=send>
                {move || i18n.t(PayMsg::Save)}
            </button>
        </details>
    }
}
