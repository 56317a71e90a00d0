//! The client list: search as you type, filters, "load more", export.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::client_changes::ClientListQuery;
use salesops_domain::page::MAX_PER_PAGE;

use crate::api::use_api;
use crate::components::{Debounced, ErrorBanner, FormErrors, InlineError, Submit};
use crate::i18n::clients::CMsg;
use crate::i18n::{Msg, use_i18n};
use crate::pages::clients::card::ClientCard;
use crate::pages::clients::export::download_clients_csv;
use crate::pages::clients::parts::{credit_choices, stage_choices, tier_choices};

const PAGE: u32 = 50;

#[component]
pub fn ClientListPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let search = Debounced::new();
    let tier = RwSignal::new(String::new());
    let stage = RwSignal::new(String::new());
    let credit = RwSignal::new(String::new());
    let overdue = RwSignal::new(false);
    let limit = RwSignal::new(PAGE);

    // The filters as chosen (tracked where read inside a reactive scope).
    let current_filter = move || ClientListQuery {
        q: Some(search.value.get()),
        tier: tier.get().parse().ok(),
        stage: stage.get().parse().ok(),
        credit: credit.get().parse().ok(),
        overdue: overdue.get().then_some(true),
        ..Default::default()
    };
    let clients = LocalResource::new(move || {
        let filter = current_filter();
        let per_page = limit.get();
        async move { api.list_clients(&filter, 1, per_page).await }
    });
    // A new filter starts from the first page again.
    Effect::new(move |_| {
        search.value.track();
        tier.track();
        stage.track();
        credit.track();
        overdue.track();
        if limit.get_untracked() != PAGE {
            limit.set(PAGE);
        }
    });

    // "Export CSV": the clients of the current filters, as a file.
    let export_errors = FormErrors::new();
    let export = Submit::new(
        export_errors,
        &[],
        move |filter: ClientListQuery| async move { download_clients_csv(api, &filter).await },
    );
    let exporting = export.pending();

    let filter_select = move |label: CMsg,
                              all: CMsg,
                              value: RwSignal<String>,
                              testid: &'static str,
                              choices: Vec<(&'static str, CMsg)>| {
        let options = choices
            .into_iter()
            .map(|(v, m)| view! { <option value=v>{move || i18n.t(m)}</option> })
            .collect_view();
        view! {
            <select
                data-testid=testid
                aria-label=move || i18n.t(label)
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">{move || i18n.t(all)}</option>
                {options}
            </select>
        }
    };

    let rows = move || {
        let result = clients.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => view! {
                <p class="muted" data-testid="clients-empty">{move || i18n.t(CMsg::NoClients)}</p>
            }
            .into_any(),
            Ok(p) => {
                let total = p.total;
                let more = (p.items.len() as i64) < total && limit.get_untracked() < MAX_PER_PAGE;
                let items = p
                    .items
                    .into_iter()
                    .map(|c| view! { <ClientCard client=c /> })
                    .collect_view();
                view! {
                    <ul class="client-list" data-testid="clients-list">{items}</ul>
                    <div class="pager">
                        <span data-testid="clients-total">{move || i18n.t(Msg::TotalRows)} " " {total}</span>
                        {more.then(|| view! {
                            <button type="button" class="small" data-testid="clients-more"
                                on:click=move |_| limit.update(|l| *l = (*l + PAGE).min(MAX_PER_PAGE))>
                                {move || i18n.t(CMsg::MoreResults)}
                            </button>
                        })}
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="panel with-thumb-bar">
            <div class="panel-head">
                <h1>{move || i18n.t(CMsg::ClientsTitle)}</h1>
                <div class="head-actions" style="display:flex;align-items:center;gap:.75rem;flex-wrap:wrap">
                    // What the list shows: a search still being typed counts once it is sent.
                    <button type="button" class="small" data-testid="clients-export" disabled=move || exporting.get()
                        on:click=move |_| export.send(untrack(current_filter))>
                        {move || if exporting.get() { i18n.t(CMsg::Exporting) } else { i18n.t(CMsg::ExportCsv) }}
                    </button>
                    <A href="/clients/import" attr:class="small-link" attr:data-testid="clients-import-link">
                        {move || i18n.t(CMsg::NavImport)}
                    </A>
                </div>
            </div>
            <ErrorBanner errors=export_errors />
            <div class="filters client-filters">
                {filter_select(CMsg::Tier, CMsg::AllTiers, tier, "clients-filter-tier", tier_choices())}
                {filter_select(CMsg::Stage, CMsg::AllStages, stage, "clients-filter-stage", stage_choices())}
                {filter_select(CMsg::Credit, CMsg::AllCredits, credit, "clients-filter-credit", credit_choices())}
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="clients-filter-overdue"
                        on:change=move |ev| overdue.set(event_target_checked(&ev))
                    />
                    <span>{move || i18n.t(CMsg::OverdueOnly)}</span>
                </label>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {rows}
            </Transition>
            // On a phone this bar sits at the bottom of the screen, under the thumb.
            <form
                class="thumb-bar"
                role="search"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    search.flush();
                }
            >
                <input
                    type="search"
                    data-testid="clients-search"
                    placeholder=move || i18n.t(CMsg::SearchClients)
                    aria-label=move || i18n.t(CMsg::SearchClients)
                    prop:value=move || search.input.get()
                    on:input=move |ev| search.typed(event_target_value(&ev))
                />
                <A href="/clients/new" attr:class="button primary new-client" attr:data-testid="clients-new"
                    attr:title=move || i18n.t(CMsg::NewClient)>
                    <span aria-hidden="true">"+"</span>
                    <span class="new-client-text">{move || i18n.t(CMsg::NewClient)}</span>
                </A>
            </form>
        </section>
    }
}
