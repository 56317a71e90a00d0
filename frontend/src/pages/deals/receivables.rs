//! Receivables (应收账款): the credit alerts a manager confirms, the schedule lines with money
//! outstanding (overdue ones by default) with their days overdue, a collection logged against
//! each and its contract's letter, the aging chart per person and the collection rate.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Capability;
use salesops_domain::deals::ReceivableDto;

use crate::api::deals::ReceivableFilter;
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, ListNote, Notice, parse_date};
use crate::i18n::deals::D;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::deals::aging::{AgingChart, CollectionRate};
use crate::pages::deals::collection::CollectionForm;
use crate::pages::deals::credit::CreditProposals;
use crate::pages::deals::letter::LetterView;
use crate::pages::deals::parts::money;

#[component]
pub fn ReceivablesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let overdue = RwSignal::new(true);
    let as_of = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let filter = ReceivableFilter {
            as_of: parse_date(&as_of.get()),
            overdue: overdue.get(),
            ..Default::default()
        };
        async move { api.receivables(&filter).await }
    });
    let done = Callback::new(move |m: D| notice.set(Some(m.into())));
    view! {
        <CreditProposals done=done />
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(D::ReceivablesTitle)}</h1>
            </div>
            <Notice notice=notice />
            <div class="toolbar">
                <label class="check">
                    <input type="checkbox" data-testid="receivables-overdue" prop:checked=move || overdue.get()
                        on:change=move |ev| overdue.set(event_target_checked(&ev)) />
                    <span>{move || i18n.t(D::OverdueOnly)}</span>
                </label>
                <label class="inline-field">
                    <span>{move || i18n.t(D::AsOf)}</span>
                    <input type="date" data-testid="receivables-as-of" prop:value=move || as_of.get()
                        on:change=move |ev| as_of.set(event_target_value(&ev)) />
                </label>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! {
                        <p class="muted" data-testid="receivables-empty">{move || i18n.t(D::NoReceivables)}</p>
                    }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <ul class="plain-list" data-testid="receivables">
                            {l.items.into_iter().map(|r| view! { <ReceivableRow line=r done=done /> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
        <section class="panel">
            <AgingChart />
        </section>
        <section class="panel">
            <CollectionRate />
        </section>
    }
}

#[component]
fn ReceivableRow(line: ReceivableDto, done: Callback<D>) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let logging = RwSignal::new(false);
    let (client_id, contract_id, line_id) = (line.client_id, line.contract_id, line.line_id);
    let on_saved = Callback::new(move |()| {
        logging.set(false);
        done.run(D::CollectionSaved);
    });
    let on_cancel = Callback::new(move |()| logging.set(false));
    let days = line.days_overdue;
    view! {
        <li class="receivable" class:is-overdue={days > 0} data-testid="receivable-row" data-line-id=line_id
            data-contract-id=contract_id data-outstanding-fen=line.outstanding_fen data-days=days>
            <div class="visit-head">
                <div>
                    <A href=format!("/contracts/{contract_id}") attr:data-testid="receivable-contract">{line.contract_number.clone()}</A>
                    " · " <A href=format!("/clients/{client_id}")>{line.client_name.clone()}</A>
                    <div class="small muted">{line.owner_name.clone()} " · " {line.label.clone()}
                        " · " {move || i18n.t(D::DueOn)} " " {line.due_on.to_string()}</div>
                </div>
                <div class="badges">
                    {(days > 0).then(|| view! {
                        <span class="badge badge-overdue" data-testid="receivable-days">
                            {move || i18n.t(D::DaysOverdue)} " " {days} " " {move || i18n.t(D::Days)}
                        </span>
                    })}
                    <strong data-testid="receivable-outstanding">{money(line.outstanding_fen)}</strong>
                </div>
            </div>
            <p class="small">
                {move || i18n.t(D::Amount)} " " {money(line.amount_fen)} " · "
                {move || i18n.t(D::Received)} " " <span data-testid="receivable-received">{money(line.received_fen)}</span>
            </p>
            <div class="form-actions">
                {auth.can(Capability::ClientsWrite).then(|| view! {
                    <button type="button" class="small" data-testid="log-collection" on:click=move |_| logging.set(true)>
                        {move || i18n.t(D::LogCollection)}
                    </button>
                })}
                <LetterView contract_id=contract_id />
            </div>
            <Show when=move || logging.get()>
                <CollectionForm client_id=client_id contract_id=contract_id line_id=line_id on_saved=on_saved on_cancel=on_cancel />
            </Show>
        </li>
    }
}
