//! Finance's queue (财务审核与付款): claims and advances the managers approved, to approve or
//! reject; then claims and advances approved by finance, to pay — several claims at once
//! with one payment reference.

use std::collections::BTreeMap;

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::advances::{AdvanceDto, AdvanceState};
use salesops_domain::expenses::{
    ApproveClaimRequest, BulkPayRequest, ClaimDto, ClaimState, PayRequest,
};

use crate::api::money::MoneyDoc;
use crate::api::{Listing, use_api};
use crate::auth::use_auth;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, Submit, local_error,
};
use crate::i18n::money::M;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::money::decision::{Decision, DecisionBar};
use crate::pages::money::inbox::AdvanceReview;
use crate::pages::money::parts::{ClaimStateBadge, FlagBadges, money};
use crate::pages::money::repayments::OutstandingAdvances;

#[component]
pub fn FinanceQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    move || {
        if auth.has_role(Role::Finance) {
            view! { <Queue /> }.into_any()
        } else {
            view! { <section class="panel"><p data-testid="not-allowed">{move || i18n.t(M::FinanceOnly)}</p></section> }.into_any()
        }
    }
}

#[component]
fn Queue() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let to_approve = LocalResource::new(move || async move { api.claims_to_approve().await });
    let advances_to_approve =
        LocalResource::new(move || async move { api.advances_to_approve().await });
    let to_pay = LocalResource::new(move || async move {
        api.claims_in_state(ClaimState::FinanceApproved).await
    });
    let advances_to_pay = LocalResource::new(move || async move {
        api.advances_in_state(AdvanceState::FinanceApproved).await
    });
    let reload = Callback::new(move |()| {
        to_approve.refetch();
        advances_to_approve.refetch();
        to_pay.refetch();
        advances_to_pay.refetch();
    });
    let on_decided = Callback::new(move |m: M| {
        notice.set(Some(m.into()));
        reload.run(());
    });
    let loading = move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> };
    let empty = move || view! { <p class="muted small">{move || i18n.t(M::InboxEmpty)}</p> };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(M::QueueTitle)}</h1>
                <button type="button" class="small" data-testid="finance-reload" on:click=move |_| reload.run(())>
                    {move || i18n.t(M::Reload)}
                </button>
            </div>
            <Notice notice=notice />
            <h2>{move || i18n.t(M::ToApprove)}</h2>
            <Transition fallback=loading>
                {move || to_approve.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => empty().into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="inbox">
                            {l.items.into_iter().map(|c| view! { <FinanceClaim claim=c on_decided=on_decided reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
                {move || advances_to_approve.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="inbox">
                            {l.items.into_iter().map(|a| view! { <AdvanceReview advance=a on_decided=on_decided reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <h2>{move || i18n.t(M::ToPay)}</h2>
            <Transition fallback=loading>
                {move || to_pay.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) => view! { <PayClaims list=l on_paid=on_decided /> }.into_any(),
                })}
                {move || advances_to_pay.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) => view! {
                        <ul class="plain-list">
                            {l.items.into_iter().map(|a| view! { <PayAdvance advance=a on_paid=on_decided /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <OutstandingAdvances on_done=on_decided />
        </section>
    }
}

/// A manager-approved claim: the lines as the manager left them; approve or reject.
#[component]
fn FinanceClaim(claim: ClaimDto, on_decided: Callback<M>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (id, version) = (claim.id, claim.version);
    let decide = move |d: Decision| async move {
        match d {
            Decision::Approve(comment) => {
                let request = ApproveClaimRequest {
                    version,
                    comment,
                    lines: Vec::new(),
                };
                api.approve_claim(id, &request).await?;
                on_decided.run(M::Approved);
            }
            Decision::Reject(r) => {
                api.reject_money::<ClaimDto>(MoneyDoc::Claim, id, &r)
                    .await?;
                on_decided.run(M::Rejected);
            }
        }
        Ok(())
    };
    let lines = claim
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let flags = l.flags.clone();
            view! {
                <li class="small" data-testid="finance-line" data-line-id=l.id>
                    {move || i18n.t(M::Line)} " " {i + 1} " · " {l.reason.clone()} " · " {money(l.amount_fen)}
                    " → " <strong>{l.approved_fen.map(money).unwrap_or_default()}</strong> " "
                    <FlagBadges flags=flags />
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="inbox-item card" data-testid="finance-claim" data-claim-id=id data-owner=claim.owner_name.clone()>
            <div class="visit-head">
                <div><strong>{claim.owner_name.clone()}</strong> " #" {id}</div>
                <div class="badges">
                    <ClaimStateBadge state=claim.state />
                    <strong data-testid="finance-approved-total">{claim.approved_fen.map(money).unwrap_or_default()}</strong>
                </div>
            </div>
            <ul class="plain-list">{lines}</ul>
            <DecisionBar version=version decide=decide reload=reload />
        </li>
    }
}

/// Finance-approved claims with a box each; the chosen ones paid together.
#[component]
fn PayClaims(list: Listing<ClaimDto>, on_paid: Callback<M>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let chosen = RwSignal::new(BTreeMap::<i64, i64>::new());
    let reference = RwSignal::new(String::new());
    let pay = Submit::new(
        errors,
        &["payment_ref", "ids"],
        move |request: BulkPayRequest| async move {
            api.pay_claims(&request).await?;
            chosen.set(BTreeMap::new());
            reference.set(String::new());
            on_paid.run(M::Paid);
            Ok(())
        },
    );
    let send = move |_| {
        let picked = chosen.get_untracked();
        if picked.is_empty() {
            pay.invalid(vec![local_error(i18n, "ids", M::SelectSome)]);
            return;
        }
        pay.submit(BulkPayRequest {
            ids: picked.keys().copied().collect(),
            version_by_id: picked.iter().map(|(id, v)| (id.to_string(), *v)).collect(),
            payment_ref: reference.get_untracked().trim().to_owned(),
        });
    };
    if list.items.is_empty() {
        return view! { <p class="muted small" data-testid="pay-empty">{move || i18n.t(M::InboxEmpty)}</p> }.into_any();
    }
    let info = list.info();
    let rows = list
        .items
        .into_iter()
        .map(|c| {
            let (id, version) = (c.id, c.version);
            view! {
                <li class="todo" data-testid="pay-row" data-claim-id=id data-owner=c.owner_name.clone()>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="pay-select"
                            prop:checked=move || chosen.with(|m| m.contains_key(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|m| {
                                    if on { m.insert(id, version); } else { m.remove(&id); }
                                });
                            }
                        />
                        {c.owner_name.clone()} " #" {id}
                    </label>
                    <strong>{c.payable_fen.or(c.approved_fen).map(money).unwrap_or_default()}</strong>
                </li>
            }
        })
        .collect_view();
    view! {
        <ListNote info=info />
        <ul class="todos">{rows}</ul>
        <ErrorBanner errors=errors />
        <Field label=M::PaymentRef name="payment_ref" testid="pay-ref" value=reference errors=errors />
        <button type="button" class="primary" data-testid="pay-selected" disabled=move || pay.pending().get() on:click=send>
            {move || i18n.t(M::PaySelected)} " (" {move || chosen.with(|m| m.len())} ")"
        </button>
    }
    .into_any()
}

/// A finance-approved advance, paid with its reference.
#[component]
fn PayAdvance(advance: AdvanceDto, on_paid: Callback<M>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let reference = RwSignal::new(String::new());
    let (id, version) = (advance.id, advance.version);
    let pay = Submit::new(
        errors,
        &["payment_ref"],
        move |request: PayRequest| async move {
            api.pay_advance(id, &request).await?;
            on_paid.run(M::Paid);
            Ok(())
        },
    );
    view! {
        <li class="card" data-testid="pay-advance" data-advance-id=id>
            <strong>{advance.owner_name.clone()}</strong> " #" {id} " " {money(advance.amount_fen)}
            <ErrorBanner errors=errors />
            <Field label=M::PaymentRef name="payment_ref" testid="pay-advance-ref" value=reference errors=errors />
            <button type="button" class="primary small" data-testid="pay-advance-submit" disabled=move || pay.pending().get()
                on:click=move |_| pay.submit(PayRequest { version, payment_ref: reference.get_untracked().trim().to_owned() })>
                {move || i18n.t(M::Pay)}
            </button>
        </li>
    }
}
