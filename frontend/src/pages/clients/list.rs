//! The client list: search as you type, filters, "load more", export.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::client_changes::ClientListQuery;

use crate::api::use_api;
use crate::components::{
    Debounced, ErrorBanner, FilterSelect, FormErrors, Growing, InlineError, MorePager, SearchInput,
    Submit, text_choices,
};
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
    let list = Growing::new(PAGE);

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
        let per_page = list.limit.get();
        async move { api.list_clients(&filter, 1, per_page).await }
    });
    // A new filter starts from the first page again.
    Effect::new(move |_| {
        search.value.track();
        tier.track();
        stage.track();
        credit.track();
        overdue.track();
        list.reset();
    });

    // "Export CSV": the clients of the current filters, as a file.
    let export_errors = FormErrors::new();
    let export = Submit::new(
        export_errors,
        &[],
        move |filter: ClientListQuery| async move { download_clients_csv(api, &filter).await },
    );
    let exporting = export.pending();

    let rows = move || {
        let result = clients.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => view! {
                <p class="muted" data-testid="clients-empty">{move || i18n.t(CMsg::NoClients)}</p>
            }
            .into_any(),
            Ok(p) => {
                let (shown, total) = (p.items.len(), p.total);
                let items = p
                    .items
                    .into_iter()
                    .map(|c| view! { <ClientCard client=c /> })
                    .collect_view();
                view! {
                    <ul class="client-list" data-testid="clients-list">{items}</ul>
                    <MorePager list=list shown=shown total=total />
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
                <FilterSelect label=CMsg::Tier all=CMsg::AllTiers value=tier testid="clients-filter-tier" choices=text_choices(tier_choices(), None) />
                <FilterSelect label=CMsg::Stage all=CMsg::AllStages value=stage testid="clients-filter-stage" choices=text_choices(stage_choices(), None) />
                <FilterSelect label=CMsg::Credit all=CMsg::AllCredits value=credit testid="clients-filter-credit" choices=text_choices(credit_choices(), None) />
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
                <SearchInput search=search testid="clients-search" placeholder=CMsg::SearchClients label=CMsg::SearchClients />
                <A href="/clients/new" attr:class="button primary new-client" attr:data-testid="clients-new"
                    attr:title=move || i18n.t(CMsg::NewClient)>
                    <span aria-hidden="true">"+"</span>
                    <span class="new-client-text">{move || i18n.t(CMsg::NewClient)}</span>
                </A>
            </form>
        </section>
    }
}
