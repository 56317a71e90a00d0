//! One claim (`/claims/:id`): its lines with their standards, flags and approved amounts, what
//! is payable and how it was paid, the history (who, when, why), and the owner's next steps.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use salesops_domain::expenses::{ClaimDto, ClaimState};

use crate::api::money::MoneyDoc;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::local_time;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice, Submit};
use crate::i18n::money::M;
use crate::i18n::plans::category_msg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::money::claim_form::editable;
use crate::pages::money::parts::{ClaimStateBadge, FlagBadges, History, money};

#[component]
pub fn ClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let claim = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.claim(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let reload = Callback::new(move |()| claim.refetch());
    let notice = RwSignal::new(None::<AnyText>);
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(M::NewClaimTitle)} " #" {move || id.get()}</h1>
                <A href="/claims" attr:class="small-link">{move || i18n.t(M::Back)}</A>
            </div>
            <Notice notice=notice />
            {move || claim.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(None) => view! { <p>{move || i18n.t(Msg::NotFoundPage)}</p> }.into_any(),
                Ok(Some(c)) => view! { <ClaimView claim=c reload=reload notice=notice /> }.into_any(),
            })}
        </section>
    }
}

#[component]
pub fn ClaimView(
    claim: ClaimDto,
    reload: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let mine = auth.user().is_some_and(|u| u.id == claim.owner_id);
    let errors = FormErrors::new();
    let (id, version, state) = (claim.id, claim.version, claim.state);
    let act = Submit::new(errors, &[], move |submit: bool| async move {
        if submit {
            api.submit_claim(id, version).await?;
            notice.set(Some(M::ClaimSubmitted.into()));
        } else {
            api.cancel_claim(id, version).await?;
            notice.set(Some(M::ClaimCancelled.into()));
        }
        reload.run(());
        Ok(())
    });
    let busy = act.pending();
    let can_cancel = mine
        && matches!(
            state,
            ClaimState::Draft | ClaimState::Submitted | ClaimState::Rejected
        );
    let lines = claim
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let c = l.category;
            let flags = l.flags.clone();
            view! {
                <li class="card" data-testid="claim-detail-line" data-line-id=l.id>
                    <div class="visit-head">
                        <strong>{move || i18n.t(M::Line)} " " {i + 1} " · " {l.date.format("%m-%d").to_string()}</strong>
                        <div class="badges"><FlagBadges flags=flags /></div>
                    </div>
                    <div class="small">
                        {move || i18n.t(category_msg(c))} " · " {l.place.clone().unwrap_or_default()} " · " {l.reason.clone()}
                    </div>
                    <div class="figures">
                        <span class="figure">{move || i18n.t(M::Amount)} " " <strong data-testid="line-amount-shown">{money(l.amount_fen)}</strong></span>
                        <span class="figure">
                            {move || i18n.t(M::Standard)} " "
                            {l.standard_fen.map(money).unwrap_or_else(|| "—".to_owned())}
                        </span>
                        {l.approved_fen.map(|a| view! {
                            <span class="figure">{move || i18n.t(M::ApprovedAmount)} " " <strong data-testid="line-approved">{money(a)}</strong></span>
                        })}
                        <span class="figure">{move || i18n.t(M::Receipt)} " " {l.receipt_ids.len()}</span>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <div data-testid="claim-detail" data-claim-id=id data-state=state.as_str()>
            <div class="figures">
                <ClaimStateBadge state=state />
                <span class="figure">{move || i18n.t(M::Total)} " " <strong data-testid="claim-detail-total">{money(claim.total_fen)}</strong></span>
                {claim.approved_fen.map(|a| view! {
                    <span class="figure">{move || i18n.t(M::ApprovedAmount)} " " <strong data-testid="claim-detail-approved">{money(a)}</strong></span>
                })}
                {(claim.offset_fen != 0).then(|| view! {
                    <span class="figure">{move || i18n.t(M::Offset)} " " {money(claim.offset_fen)}</span>
                })}
                {claim.payable_fen.map(|a| view! {
                    <span class="figure">{move || i18n.t(M::Payable)} " " <strong>{money(a)}</strong></span>
                })}
            </div>
            {claim.payment_ref.clone().map(|r| view! {
                <p class="small">
                    {move || i18n.t(M::PaymentRef)} ": " <strong data-testid="claim-payment-ref">{r}</strong>
                    {claim.paid_at.map(|t| view! { " · " {move || i18n.t(M::PaidAt)} " " {local_time(t)} })}
                </p>
            })}
            <ErrorBanner errors=errors />
            <ul class="plain-list">{lines}</ul>
            <div class="form-actions">
                {(mine && editable(state)).then(|| view! {
                    <A href=format!("/claims/{id}/edit") attr:class="button-like" attr:data-testid="claim-edit">{move || i18n.t(M::Edit)}</A>
                    <button type="button" class="primary" data-testid="claim-detail-submit" disabled=move || busy.get() on:click=move |_| act.send(true)>
                        {move || i18n.t(M::Submit)}
                    </button>
                })}
                {can_cancel.then(|| view! {
                    <button type="button" class="danger" data-testid="claim-cancel" disabled=move || busy.get() on:click=move |_| act.send(false)>
                        {move || i18n.t(M::Cancel)}
                    </button>
                })}
            </div>
            <History doc=MoneyDoc::Claim id=id />
        </div>
    }
}
