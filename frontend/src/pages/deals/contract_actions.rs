//! What the caller may do with a contract now: its owner edits, submits, signs (on a date) or
//! cancels it as its state allows (the domain's `CONTRACT_FLOW`); the owner's manager or
//! finance approves or rejects it while it is in review. Each step carries the version read.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::budgets::DecideRequest;
use salesops_domain::deals::{ContractDto, ContractState, SignRequest};
use salesops_domain::{Capability, Role};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::today;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, Submit, local_error, parse_date};
use crate::i18n::deals::D;
use crate::i18n::use_i18n;
use crate::pages::money::decision::{Decision, DecisionBar, decided_elsewhere};

/// An owner's step.
#[derive(Debug, Clone, Copy)]
enum Act {
    Submit,
    Cancel,
    Sign(NaiveDate),
}

#[component]
pub fn ContractActions(
    contract: ContractDto,
    changed: Callback<D>,
    reload: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let me = auth.user().map(|u| u.id);
    let owner = me == Some(contract.owner_id) && auth.can(Capability::DealsWrite);
    let reviewer = !owner
        && contract.state == ContractState::InReview
        && (auth.has_role(Role::Manager) || auth.has_role(Role::Finance));
    view! {
        {owner.then(|| view! { <OwnerActions contract=contract.clone() changed=changed /> })}
        {reviewer.then(|| view! { <Review contract=contract.clone() changed=changed reload=reload /> })}
    }
}

#[component]
fn OwnerActions(contract: ContractDto, changed: Callback<D>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let (id, version, state) = (contract.id, contract.version, contract.state);
    let signed_on = RwSignal::new(today().to_string());
    let act = Submit::new(errors, &["signed_on"], move |a: Act| async move {
        let result = match a {
            Act::Submit => api.submit_contract(id, version).await.map(|_| D::Submitted),
            Act::Cancel => api
                .cancel_contract(id, version)
                .await
                .map(|_| D::CancelledMsg),
            Act::Sign(day) => api
                .sign_contract(
                    id,
                    &SignRequest {
                        signed_on: day,
                        version,
                    },
                )
                .await
                .map(|_| D::SignedMsg),
        };
        match result {
            Ok(m) => {
                changed.run(m);
                Ok(())
            }
            Err(e) if decided_elsewhere(&e) => {
                stale.set(true);
                Ok(())
            }
            Err(e) => Err(e),
        }
    });
    let busy = act.pending();
    let sign = move |_| match parse_date(&signed_on.get_untracked()) {
        Some(day) => act.send(Act::Sign(day)),
        None => act.invalid(vec![local_error(i18n, "signed_on", D::DateInvalid)]),
    };
    let can = |states: &[ContractState]| states.contains(&state);
    let editable = can(&[
        ContractState::Drafted,
        ContractState::Rejected,
        ContractState::Signed,
    ]);
    let submittable = can(&[ContractState::Drafted, ContractState::Rejected]);
    let cancellable = can(&[
        ContractState::Drafted,
        ContractState::InReview,
        ContractState::Approved,
        ContractState::Rejected,
    ]);
    let signable = state == ContractState::Approved;
    view! {
        <div class="contract-actions" data-testid="contract-actions">
            <Show when=move || stale.get()>
                <p class="field-error" role="alert" data-testid="contract-stale">{move || i18n.t(D::StaleDecision)}</p>
            </Show>
            <ErrorBanner errors=errors />
            {signable.then(|| view! {
                <div class="sign-row">
                    <label class="field">
                        <span>{move || i18n.t(D::SignedOn)}</span>
                        <input type="date" data-testid="contract-sign-date" prop:value=move || signed_on.get()
                            on:input=move |ev| signed_on.set(event_target_value(&ev)) />
                    </label>
                    <FieldErrors name="signed_on" errors=errors />
                </div>
            })}
            <div class="form-actions">
                {editable.then(|| view! {
                    <A href=format!("/contracts/{id}/edit") attr:class="button-like" attr:data-testid="contract-edit">
                        {move || i18n.t(D::EditContract)}
                    </A>
                })}
                {submittable.then(|| view! {
                    <button type="button" class="primary" data-testid="contract-submit-review" disabled=move || busy.get()
                        on:click=move |_| act.send(Act::Submit)>
                        {move || i18n.t(D::Submit)}
                    </button>
                })}
                {signable.then(|| view! {
                    <button type="button" class="primary" data-testid="contract-sign" disabled=move || busy.get() on:click=sign>
                        {move || i18n.t(D::Sign)}
                    </button>
                })}
                {cancellable.then(|| view! {
                    <button type="button" class="danger" data-testid="contract-cancel" disabled=move || busy.get()
                        on:click=move |_| act.send(Act::Cancel)>
                        {move || i18n.t(D::CancelContract)}
                    </button>
                })}
            </div>
        </div>
    }
}

/// The review of a contract in review, on its own page.
#[component]
fn Review(contract: ContractDto, changed: Callback<D>, reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let (id, version) = (contract.id, contract.version);
    let decide = move |d: Decision| async move {
        match d {
            Decision::Approve(comment) => {
                api.approve_contract(id, &DecideRequest { version, comment })
                    .await?;
                changed.run(D::ApprovedMsg);
            }
            Decision::Reject(r) => {
                api.reject_contract(id, &r).await?;
                changed.run(D::RejectedMsg);
            }
        }
        Ok(())
    };
    view! {
        <div class="card" data-testid="contract-review">
            <DecisionBar version=version decide=decide reload=reload />
        </div>
    }
}
