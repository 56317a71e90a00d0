//! The manager's money inbox (费用审批): claims (per-line cuts and allowances), advances and
//! budget supplements of their people waiting for a decision.

use leptos::prelude::*;
use salesops_domain::advances::AdvanceDto;
use salesops_domain::budgets::{DecideRequest, SupplementDto};

use crate::api::money::MoneyDoc;
use crate::api::use_api;
use crate::components::{InlineError, ListNote, Notice};
use crate::i18n::money::{M, supplement_state_msg};
use crate::i18n::plans::category_msg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::manager::names::{name_of, team_names};
use crate::pages::money::claim_review::ClaimReview;
use crate::pages::money::decision::{Decision, DecisionBar};
use crate::pages::money::parts::{AdvanceStateBadge, money};

#[component]
pub fn MoneyInboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let claims = LocalResource::new(move || async move { api.claims_to_approve().await });
    let advances = LocalResource::new(move || async move { api.advances_to_approve().await });
    let supplements = LocalResource::new(move || async move { api.supplements_to_approve().await });
    let names = team_names(api);
    let reload = Callback::new(move |()| {
        claims.refetch();
        advances.refetch();
        supplements.refetch();
    });
    let on_decided = Callback::new(move |m: M| {
        notice.set(Some(m.into()));
        reload.run(());
    });
    let empty = move || view! { <p class="muted small" data-testid="money-inbox-empty">{move || i18n.t(M::InboxEmpty)}</p> };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(M::InboxTitle)}</h1>
                <button type="button" class="small" data-testid="money-inbox-reload" on:click=move |_| reload.run(())>
                    {move || i18n.t(M::Reload)}
                </button>
            </div>
            <Notice notice=notice />
            <h2>{move || i18n.t(M::InboxClaims)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || claims.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => empty().into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="inbox">
                            {l.items.into_iter().map(|c| view! { <ClaimReview claim=c on_decided=on_decided reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <h2>{move || i18n.t(M::InboxAdvances)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || advances.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => empty().into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="inbox">
                            {l.items.into_iter().map(|a| view! { <AdvanceReview advance=a on_decided=on_decided reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <h2>{move || i18n.t(M::InboxSupplements)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || supplements.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => empty().into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="inbox">
                            {l.items.into_iter().map(|s| view! { <SupplementReview supplement=s names=names on_decided=on_decided reload=reload /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// An advance waiting for the manager (or finance: the same decision).
#[component]
pub fn AdvanceReview(
    advance: AdvanceDto,
    on_decided: Callback<M>,
    reload: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let (id, version) = (advance.id, advance.version);
    let decide = move |d: Decision| async move {
        match d {
            Decision::Approve(comment) => {
                api.approve_advance(id, &DecideRequest { version, comment })
                    .await?;
                on_decided.run(M::Approved);
            }
            Decision::Reject(r) => {
                api.reject_money::<AdvanceDto>(MoneyDoc::Advance, id, &r)
                    .await?;
                on_decided.run(M::Rejected);
            }
        }
        Ok(())
    };
    view! {
        <li class="inbox-item card" data-testid="money-inbox-advance" data-advance-id=id data-owner=advance.owner_name.clone()>
            <div class="visit-head">
                <div>
                    <strong>{advance.owner_name.clone()}</strong> " #" {id}
                    <div class="small">{advance.reason.clone()}</div>
                </div>
                <div class="badges">
                    <AdvanceStateBadge state=advance.state />
                    <strong>{money(advance.amount_fen)}</strong>
                </div>
            </div>
            <DecisionBar version=version decide=decide reload=reload />
        </li>
    }
}

#[component]
fn SupplementReview(
    supplement: SupplementDto,
    names: LocalResource<Vec<(i64, String)>>,
    on_decided: Callback<M>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (id, version, owner) = (supplement.id, supplement.version, supplement.owner_id);
    let c = supplement.category;
    let state = supplement.state;
    let decide = move |d: Decision| async move {
        match d {
            Decision::Approve(comment) => {
                api.approve_supplement(id, &DecideRequest { version, comment })
                    .await?;
                on_decided.run(M::Approved);
            }
            Decision::Reject(r) => {
                api.reject_money::<SupplementDto>(MoneyDoc::Supplement, id, &r)
                    .await?;
                on_decided.run(M::Rejected);
            }
        }
        Ok(())
    };
    view! {
        <li class="inbox-item card" data-testid="money-inbox-supplement" data-supplement-id=id>
            <div class="visit-head">
                <div>
                    <strong>{move || name_of(&names.get().unwrap_or_default(), owner)}</strong>
                    <div class="small">
                        {move || i18n.t(M::Period)} " " {supplement.period.clone()} " · " {move || i18n.t(category_msg(c))}
                    </div>
                    <div class="small">{supplement.reason.clone()}</div>
                </div>
                <div class="badges">
                    <span class="badge money-submitted">{move || i18n.t(supplement_state_msg(state))}</span>
                    <strong>{money(supplement.amount_fen)}</strong>
                </div>
            </div>
            <DecisionBar version=version decide=decide reload=reload />
        </li>
    }
}
