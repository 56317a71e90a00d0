//! The rubric editor (考核细则, admin): a role's versions, newest first, each with its items;
//! a new version starts from a copy of the latest ([`super::form`]).

use leptos::prelude::*;
use salesops_domain::scoring::rubric::{RubricDto, RubricRole};

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{InlineError, Notice};
use crate::i18n::rubrics::{RbMsg, rubric_role_msg, source_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::rubrics::form::RubricForm;

#[component]
pub fn RubricsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let role = RwSignal::new(RubricRole::Salesperson);
    let notice = RwSignal::new(None::<AnyText>);
    let editing = RwSignal::new(false);
    let versions = LocalResource::new(move || {
        let r = role.get();
        async move { api.rubrics(r).await }
    });
    let saved = Callback::new(move |()| {
        editing.set(false);
        notice.set(Some(RbMsg::Created.into()));
        versions.refetch();
    });
    let cancel = Callback::new(move |()| editing.set(false));
    let tabs = RubricRole::ALL
        .iter()
        .map(|r| {
            let r = *r;
            view! {
                <button type="button" class="chip" class:chip-on=move || role.get() == r
                    data-testid=format!("rubric-role-{}", r.as_str())
                    on:click=move |_| { editing.set(false); role.set(r); }>
                    {move || i18n.t(rubric_role_msg(r))}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(RbMsg::Title)}</h1>
                <button type="button" class="primary" data-testid="rubric-new"
                    disabled=move || editing.get() || versions.get().is_none_or(|v| v.is_err())
                    on:click=move |_| { notice.set(None); editing.set(true); }>
                    {move || i18n.t(RbMsg::NewVersion)}
                </button>
            </div>
            <p class="muted small">{move || i18n.t(RbMsg::Intro)}</p>
            <div class="chips">{tabs}</div>
            <Notice notice=notice />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || versions.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(list) => {
                        let latest = list.first().cloned();
                        view! {
                            <Show when=move || editing.get()>
                                <RubricForm role=role.get_untracked() latest=latest.clone() saved=saved cancel=cancel />
                            </Show>
                            {if list.is_empty() {
                                view! { <p class="muted" data-testid="rubrics-empty">{move || i18n.t(RbMsg::NoVersions)}</p> }.into_any()
                            } else {
                                list.into_iter().enumerate().map(|(i, v)| view! { <Version rubric=v latest=i == 0 /> }).collect_view().into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}

/// One version and its items (the latest open, older ones folded).
#[component]
fn Version(rubric: RubricDto, latest: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sum: i64 = rubric.items.iter().map(|i| i.max_points).sum();
    let created = rubric.created_at;
    let shipped = rubric.created_by.is_none();
    let rows = rubric
        .items
        .into_iter()
        .map(|item| {
            let source = item.source;
            let (zh, en) = (item.title_zh.clone(), item.title_en.clone());
            view! {
                <tr data-testid="rubric-item" data-code=item.code.clone()>
                    <td><code>{item.code.clone()}</code></td>
                    <td>{move || if i18n.lang() == crate::i18n::Lang::Zh { zh.clone() } else { en.clone() }}</td>
                    <td>{item.group.clone()}</td>
                    <td data-testid="rubric-item-max">{item.max_points}</td>
                    <td>{item.deduction_per_occurrence}</td>
                    <td>{move || i18n.t(source_msg(source))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="card" open=latest data-testid="rubric-version" data-version=rubric.version
            data-effective-from=rubric.effective_from.clone()>
            <summary>
                <strong>{move || i18n.t(RbMsg::Version)} " " {rubric.version}</strong>
                {latest.then(|| view! { " " <span class="badge">{move || i18n.t(RbMsg::Latest)}</span> })}
                " · " {move || i18n.t(RbMsg::EffectiveFrom)} " " {rubric.effective_from.clone()}
                " · " <span class="muted small">
                    {move || if shipped { i18n.t(RbMsg::Shipped).to_owned() } else { local_time(created) }}
                </span>
            </summary>
            <div class="table-scroll">
                <table class="diff report-table">
                    <thead>
                        <tr>
                            <th>{move || i18n.t(RbMsg::Code)}</th>
                            <th>{move || i18n.t(RbMsg::Items)}</th>
                            <th>{move || i18n.t(RbMsg::Group)}</th>
                            <th>{move || i18n.t(RbMsg::MaxPoints)}</th>
                            <th>{move || i18n.t(RbMsg::Deduction)}</th>
                            <th>{move || i18n.t(RbMsg::Source)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr><td>{move || i18n.t(RbMsg::Sum)}</td><td></td><td></td><td>{sum}</td><td></td><td></td></tr>
                    </tfoot>
                </table>
            </div>
        </details>
    }
}
