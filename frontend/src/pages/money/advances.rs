//! "My advances" (我的借支): ask for an advance against this week's approved plan, submit or
//! withdraw it, and follow each one (state, balance, history).

use leptos::prelude::*;
use salesops_domain::advances::{AdvanceDto, AdvanceRequest, AdvanceState};
use salesops_domain::plans::PlanState;

use crate::api::money::MoneyDoc;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::this_week;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, Submit, local_error,
};
use crate::i18n::money::M;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::money::parts::{AdvanceStateBadge, History, money, typed_fen};

#[component]
pub fn MyAdvancesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let notice = RwSignal::new(None::<AnyText>);
    let advances = LocalResource::new(move || async move { api.my_advances(me).await });
    let plan = LocalResource::new(move || async move {
        api.my_week_plan(me, &this_week().to_string())
            .await
            .map(|p| p.filter(|p| p.state == PlanState::Approved))
    });
    let done = Callback::new(move |msg: M| {
        notice.set(Some(msg.into()));
        advances.refetch();
    });
    let list = move || {
        advances.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.items.is_empty() => view! {
                <p class="muted" data-testid="advances-empty">{move || i18n.t(M::NoAdvances)}</p>
            }
            .into_any(),
            Ok(l) => view! {
                <ListNote info=l.info() />
                <ul class="plain-list">
                    {l.items.into_iter().map(|a| view! { <AdvanceCard advance=a done=done /> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(M::AdvancesTitle)}</h1>
            <Notice notice=notice />
            {move || plan.get().map(|r| match r {
                Ok(Some(p)) => view! { <NewAdvance plan_id=p.id done=done /> }.into_any(),
                Ok(None) => view! { <p class="muted small" data-testid="advance-no-plan">{move || i18n.t(M::NeedsApprovedPlan)}</p> }.into_any(),
                Err(e) => view! { <InlineError error=e /> }.into_any(),
            })}
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {list}
            </Transition>
        </section>
    }
}

#[component]
fn NewAdvance(plan_id: i64, done: Callback<M>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let save = Submit::new(
        errors,
        &["amount_fen", "reason"],
        move |request: AdvanceRequest| async move {
            api.create_advance(&request).await?;
            amount.set(String::new());
            reason.set(String::new());
            done.run(M::AdvanceCreated);
            Ok(())
        },
    );
    let send = move |_| {
        let Some(fen) = typed_fen(&amount.get_untracked()) else {
            save.invalid(vec![local_error(i18n, "amount_fen", M::AmountInvalid)]);
            return;
        };
        save.submit(AdvanceRequest {
            plan_id,
            amount_fen: fen,
            reason: reason.get_untracked().trim().to_owned(),
            version: None,
        });
    };
    view! {
        <div class="card" data-testid="advance-new">
            <h2>{move || i18n.t(M::NewAdvance)}</h2>
            <ErrorBanner errors=errors />
            <Field label=M::Amount name="amount_fen" testid="advance-amount" value=amount errors=errors inputmode="decimal" />
            <Field label=M::Reason name="reason" testid="advance-reason" value=reason errors=errors kind="textarea" rows=2 />
            <button type="button" class="primary" data-testid="advance-create" disabled=move || save.pending().get() on:click=send>
                {move || i18n.t(M::SaveDraft)}
            </button>
        </div>
    }
}

#[component]
fn AdvanceCard(advance: AdvanceDto, done: Callback<M>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let open = RwSignal::new(false);
    let (id, version, state) = (advance.id, advance.version, advance.state);
    let act = Submit::new(errors, &[], move |submit: bool| async move {
        if submit {
            api.submit_advance(id, version).await?;
            done.run(M::AdvanceSubmitted);
        } else {
            api.cancel_advance(id, version).await?;
            done.run(M::AdvanceCancelled);
        }
        Ok(())
    });
    let busy = act.pending();
    let can_submit = matches!(state, AdvanceState::Draft | AdvanceState::Rejected);
    let can_cancel = can_submit || state == AdvanceState::Submitted;
    view! {
        <li class="card" data-testid="advance-row" data-advance-id=id data-state=state.as_str()>
            <div class="visit-head">
                <div>
                    <strong>"#" {id} " " {money(advance.amount_fen)}</strong>
                    <div class="small">{advance.reason.clone()}</div>
                </div>
                <AdvanceStateBadge state=state />
            </div>
            {(state == AdvanceState::Paid).then(|| view! {
                <p class="small">{move || i18n.t(M::Balance)} " " <strong data-testid="advance-balance">{money(advance.balance_fen)}</strong></p>
            })}
            <ErrorBanner errors=errors />
            <div class="form-actions">
                {can_submit.then(|| view! {
                    <button type="button" class="primary small" data-testid="advance-submit" disabled=move || busy.get() on:click=move |_| act.send(true)>
                        {move || i18n.t(M::Submit)}
                    </button>
                })}
                {can_cancel.then(|| view! {
                    <button type="button" class="danger small" data-testid="advance-cancel" disabled=move || busy.get() on:click=move |_| act.send(false)>
                        {move || i18n.t(M::Cancel)}
                    </button>
                })}
                <button type="button" class="small" data-testid="advance-history" on:click=move |_| open.update(|o| *o = !*o)>
                    {move || i18n.t(M::History)}
                </button>
            </div>
            <Show when=move || open.get()>
                <History doc=MoneyDoc::Advance id=id />
            </Show>
        </li>
    }
}
