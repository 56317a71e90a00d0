//! Contracts: the list in the caller's scope (by state), the rows other pages show, and the
//! review inbox (合同审核) of the owner's manager and finance: approve, or reject with a reason.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Capability;
use salesops_domain::budgets::DecideRequest;
use salesops_domain::deals::ContractDto;

use crate::api::deals::ContractFilter;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{FilterSelect, InlineError, ListNote, Notice, text_choices};
use crate::i18n::deals::D;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::deals::parts::{ContractStateBadge, contract_state_choices, money};
use crate::pages::money::decision::{Decision, DecisionBar};

#[component]
pub fn ContractsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let state = RwSignal::new(String::new());
    let contracts = LocalResource::new(move || {
        let filter = ContractFilter {
            state: state.get().parse().ok(),
            ..Default::default()
        };
        async move { api.contracts(&filter).await }
    });
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(D::ContractsTitle)}</h1>
                <Show when=move || auth.can(Capability::DealsWrite)>
                    <A href="/contracts/new" attr:class="button-like primary" attr:data-testid="contract-new">
                        {move || i18n.t(D::NewContract)}
                    </A>
                </Show>
            </div>
            <div class="toolbar">
                <FilterSelect
                    label=D::State
                    all=D::AllStates
                    testid="contracts-state"
                    value=state
                    choices=text_choices(contract_state_choices(), None)
                />
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || contracts.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) => view! { <ListNote info=l.info() /> <ContractRows contracts=l.items /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// Contracts as rows: number (to the contract), title, client, state, amount, outstanding.
#[component]
pub fn ContractRows(contracts: Vec<ContractDto>) -> impl IntoView {
    let i18n = use_i18n();
    if contracts.is_empty() {
        return view! { <p class="muted small" data-testid="contracts-empty">{move || i18n.t(D::NoContracts)}</p> }.into_any();
    }
    let label = move |d: D| i18n.t(d);
    let rows = contracts
        .into_iter()
        .map(|c| {
            view! {
                <tr data-testid="contract-row" data-contract-id=c.id data-state=c.state.as_str()>
                    <td><A href=format!("/contracts/{}", c.id) attr:data-testid="contract-link">{c.number.clone()}</A></td>
                    <td data-label=move || label(D::ContractTitle)>{c.title.clone()}</td>
                    <td data-label=move || label(D::Client)>{c.client_name.clone()}</td>
                    <td><ContractStateBadge state=c.state /></td>
                    <td data-label=move || label(D::Amount)>{money(c.signed_amount_fen.unwrap_or(c.amount_fen))}</td>
                    <td data-label=move || label(D::Outstanding) data-testid="contract-row-outstanding">{money(c.outstanding_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list" data-testid="contract-rows">
            <thead>
                <tr>
                    <th>{move || i18n.t(D::ContractNumber)}</th>
                    <th>{move || i18n.t(D::ContractTitle)}</th>
                    <th>{move || i18n.t(D::Client)}</th>
                    <th>{move || i18n.t(D::State)}</th>
                    <th>{move || i18n.t(D::Amount)}</th>
                    <th>{move || i18n.t(D::Outstanding)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The contracts in review the caller may decide (never their own).
#[component]
pub fn ContractReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let inbox = LocalResource::new(move || async move {
        api.contracts(&ContractFilter {
            to_review: true,
            ..Default::default()
        })
        .await
    });
    let reload = Callback::new(move |()| inbox.refetch());
    let on_decided = Callback::new(move |m: D| {
        notice.set(Some(m.into()));
        inbox.refetch();
    });
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(D::ReviewTitle)}</h1>
                <button type="button" class="small" data-testid="contract-review-reload" on:click=move |_| reload.run(())>
                    {move || i18n.t(D::Reload)}
                </button>
            </div>
            <Notice notice=notice />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || inbox.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! {
                        <p class="muted small" data-testid="contract-review-empty">{move || i18n.t(D::ReviewEmpty)}</p>
                    }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="inbox">
                            {l.items.into_iter().map(|c| view! { <ContractReview contract=c on_decided=on_decided reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ContractReview(
    contract: ContractDto,
    on_decided: Callback<D>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (id, version) = (contract.id, contract.version);
    let decide = move |d: Decision| async move {
        match d {
            Decision::Approve(comment) => {
                api.approve_contract(id, &DecideRequest { version, comment })
                    .await?;
                on_decided.run(D::ApprovedMsg);
            }
            Decision::Reject(r) => {
                api.reject_contract(id, &r).await?;
                on_decided.run(D::RejectedMsg);
            }
        }
        Ok(())
    };
    let schedule = contract
        .schedule
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="review-schedule-line">
                    <td>{s.due_on.to_string()}</td>
                    <td>{s.label.clone()}</td>
                    <td>{money(s.amount_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <li class="inbox-item card" data-testid="contract-review-item" data-contract-id=id>
            <div class="visit-head">
                <div>
                    <A href=format!("/contracts/{id}")><strong>{contract.number.clone()}</strong></A>
                    " " {contract.title.clone()}
                    <div class="small">{contract.client_name.clone()} " · " {contract.owner_name.clone()}
                        " · " {move || i18n.t(D::Revision)} " " {contract.revision}</div>
                </div>
                <div class="badges">
                    <ContractStateBadge state=contract.state />
                    <strong data-testid="review-amount">{money(contract.amount_fen)}</strong>
                </div>
            </div>
            <table class="plain-table"><tbody>{schedule}</tbody></table>
            <DecisionBar version=version decide=decide reload=reload />
        </li>
    }
}
