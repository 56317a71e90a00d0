//! The client list (search as you type, filters) and the new-client form.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use salesops_domain::client_changes::ClientListQuery;
use salesops_domain::clients::{ClientDto, CreateClientRequest};

use crate::api::{ApiError, use_api};
use crate::app::is_signed_out;
use crate::components::{ErrorBanner, FormErrors, InlineError};
use crate::i18n::clients::{CMsg, source_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::clients::export::download_clients_csv;
use crate::pages::clients::{
    CField, CSelect, CreditBadge, OverdueBadge, StageBadge, TierBadge, non_empty, tier_choices,
};
use salesops_domain::clients::{Credit, SourceChannel, Stage, Tier};

const PAGE: u32 = 50;

/// Search input state with a pause before the search runs.
#[derive(Clone, Copy)]
pub struct Debounced {
    pub input: RwSignal<String>,
    pub value: RwSignal<String>,
    ticket: StoredValue<u64>,
}

impl Debounced {
    pub fn new() -> Self {
        Debounced {
            input: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
            ticket: StoredValue::new(0),
        }
    }

    /// Records what was typed; the search follows once typing pauses for 300 ms.
    pub fn typed(&self, text: String) {
        self.input.set(text);
        let ticket = self.ticket.get_value() + 1;
        self.ticket.set_value(ticket);
        let this = *self;
        set_timeout(
            move || {
                if this.ticket.try_get_value() == Some(ticket) {
                    this.value.set(this.input.get_untracked());
                }
            },
            Duration::from_millis(300),
        );
    }

    /// Searches now (Enter).
    pub fn flush(&self) {
        self.ticket.update_value(|t| *t += 1);
        self.value.set(self.input.get_untracked());
    }
}

/// One client as a card (phone) or row (desktop), linking to its page.
#[component]
pub fn ClientCard(
    client: ClientDto,
    #[prop(optional)] show_owner: bool,
    /// Controls shown under the card (reassign).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/clients/{}", client.id);
    let next = client.next_follow_up_date;
    view! {
        <li class="client-card" data-testid="client-row" data-client-id=client.id.to_string()>
            <A href=href attr:class="client-link">
                <span class="client-name" data-testid="client-name">{client.name.clone()}</span>
                {client.company.clone().map(|c| view! { <span class="client-company">{c}</span> })}
            </A>
            <div class="cl-badges">
                <TierBadge tier=client.tier />
                <StageBadge stage=client.stage />
                <CreditBadge credit=client.credit />
                {client.overdue.then(|| view! { <OverdueBadge /> })}
            </div>
            <div class="client-meta muted">
                {client.phone.clone().map(|p| view! { <span>{p}</span> })}
                <span>
                    {move || i18n.t(CMsg::NextFollowUp)} ": "
                    {move || match next {
                        Some(d) => d.to_string(),
                        None => i18n.t(CMsg::NotTracked).to_owned(),
                    }}
                </span>
                {show_owner.then(|| view! { <span>{move || i18n.t(CMsg::Owner)} ": " <span data-testid="client-owner">{client.owner_name.clone()}</span></span> })}
            </div>
            {children.map(|c| c())}
        </li>
    }
}

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
    let exporting = RwSignal::new(false);
    let export = move |_| {
        if exporting.get_untracked() {
            return;
        }
        export_errors.clear();
        // What the list shows: a search still being typed counts once it is sent.
        let filter = untrack(current_filter);
        exporting.set(true);
        spawn_local(async move {
            match download_clients_csv(api, &filter).await {
                Ok(()) => {}
                Err(e) if is_signed_out(&e) => {}
                Err(e) => export_errors.show(&e, &[]),
            }
            exporting.set(false);
        });
    };

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
            Err(e) if is_signed_out(&e) => ().into_any(),
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => view! {
                <p class="muted" data-testid="clients-empty">{move || i18n.t(CMsg::NoClients)}</p>
            }
            .into_any(),
            Ok(p) => {
                let total = p.total;
                let shown = p.items.len() as i64;
                let items = p
                    .items
                    .into_iter()
                    .map(|c| view! { <ClientCard client=c /> })
                    .collect_view();
                view! {
                    <ul class="client-list" data-testid="clients-list">{items}</ul>
                    <div class="pager">
                        <span data-testid="clients-total">{move || i18n.t(Msg::TotalRows)} " " {total}</span>
                        {(shown < total && limit.get_untracked() < salesops_domain::page::MAX_PER_PAGE).then(|| view! {
                            <button type="button" class="small" data-testid="clients-more"
                                on:click=move |_| limit.update(|l| *l = (*l + PAGE).min(salesops_domain::page::MAX_PER_PAGE))>
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
                    <button type="button" class="small" data-testid="clients-export" disabled=move || exporting.get() on:click=export>
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
                {filter_select(CMsg::Stage, CMsg::AllStages, stage, "clients-filter-stage", super::stage_choices())}
                {filter_select(CMsg::Credit, CMsg::AllCredits, credit, "clients-filter-credit", super::credit_choices())}
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

/// What a 409 `duplicate_client` says about the client on file.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub existing_client_id: Option<i64>,
    pub owner_team: Option<String>,
}

pub fn duplicate_of(err: &ApiError) -> Option<Duplicate> {
    match err {
        ApiError::Problem { problem, .. } if problem.code == "duplicate_client" => {
            Some(Duplicate {
                existing_client_id: problem.existing_client_id,
                owner_team: problem.existing_owner_team.clone(),
            })
        }
        _ => None,
    }
}

/// The duplicate (撞单) notice: a link to the client on file, or its owner's team.
#[component]
pub fn DuplicateNotice(dup: Duplicate) -> impl IntoView {
    let i18n = use_i18n();
    let detail = match (dup.existing_client_id, dup.owner_team) {
        (Some(id), _) => view! {
            <A href=format!("/clients/{id}") attr:data-testid="duplicate-link">
                {move || i18n.t(CMsg::DuplicateOpen)}
            </A>
        }
        .into_any(),
        (None, Some(team)) => view! {
            <span data-testid="duplicate-team">{move || i18n.t(CMsg::DuplicateTeam)} {team.clone()}</span>
        }
        .into_any(),
        (None, None) => view! { <span>{move || i18n.t(CMsg::DuplicateHidden)}</span> }.into_any(),
    };
    view! {
        <div class="banner banner-error duplicate" role="alert" data-testid="duplicate-client">
            <span>
                <strong>{move || i18n.t(CMsg::DuplicateClient)}</strong>
                " "
                {detail}
            </span>
        </div>
    }
}

const CLIENT_FIELDS: &[&str] = &[
    "name",
    "company",
    "position",
    "phone",
    "phone2",
    "email",
    "address",
    "region",
    "industry",
    "source",
    "tier",
    "stage",
    "credit",
    "needs",
    "interests",
    "owner_id",
];

#[component]
pub fn NewClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let tier = RwSignal::new(Tier::General.as_str().to_owned());
    let stage = RwSignal::new(Stage::Prospect.as_str().to_owned());
    let source = RwSignal::new(SourceChannel::Other.as_str().to_owned());
    let credit = RwSignal::new(Credit::Normal.as_str().to_owned());
    let position = RwSignal::new(String::new());
    let phone2 = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let industry = RwSignal::new(String::new());
    let needs = RwSignal::new(String::new());
    let interests = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let duplicate = RwSignal::new(None::<Duplicate>);
    let busy = RwSignal::new(false);
    // A field error folded away under "more details" opens it.
    let more_open = Memo::new(move |_| {
        errors.fields.with(|f| {
            f.iter().any(|e| {
                [
                    "position",
                    "phone2",
                    "email",
                    "address",
                    "region",
                    "industry",
                    "credit",
                    "needs",
                    "interests",
                ]
                .contains(&e.field.as_str())
            })
        })
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        duplicate.set(None);
        let request = CreateClientRequest {
            name: name.get_untracked().trim().to_owned(),
            company: non_empty(&company.get_untracked()),
            position: non_empty(&position.get_untracked()),
            phone: non_empty(&phone.get_untracked()),
            phone2: non_empty(&phone2.get_untracked()),
            email: non_empty(&email.get_untracked()),
            address: non_empty(&address.get_untracked()),
            region: non_empty(&region.get_untracked()),
            industry: non_empty(&industry.get_untracked()),
            source: source.get_untracked().parse().unwrap_or_default(),
            tier: tier.get_untracked().parse().unwrap_or_default(),
            stage: stage.get_untracked().parse().unwrap_or_default(),
            credit: credit.get_untracked().parse().unwrap_or_default(),
            needs: non_empty(&needs.get_untracked()),
            interests: non_empty(&interests.get_untracked()),
            owner_id: None,
            latitude: None,
            longitude: None,
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api.create_client(&request).await {
                Ok(c) => navigate(&format!("/clients/{}?created=1", c.id), Default::default()),
                Err(e) if is_signed_out(&e) => {}
                Err(e) => match duplicate_of(&e) {
                    Some(d) => duplicate.set(Some(d)),
                    None => errors.show(&e, CLIENT_FIELDS),
                },
            }
            busy.set(false);
        });
    };

    let source_choices = SourceChannel::ALL
        .iter()
        .map(|s| (s.as_str(), source_msg(*s)))
        .collect::<Vec<_>>();

    view! {
        <section class="panel narrow">
            <div class="panel-head">
                <h1>{move || i18n.t(CMsg::NewClient)}</h1>
                <A href="/clients">{move || i18n.t(CMsg::BackToClients)}</A>
            </div>
            <form class="form-grid" on:submit=submit data-testid="new-client-form" novalidate>
                <div class="span-all">
                    <ErrorBanner errors=errors />
                    {move || duplicate.get().map(|d| view! { <DuplicateNotice dup=d /> })}
                </div>
                <CField label=CMsg::Name name="name" testid="client-name-input" value=name errors=errors required=true />
                <CField label=CMsg::Company name="company" testid="client-company" value=company errors=errors />
                <CField label=CMsg::Phone name="phone" testid="client-phone" value=phone errors=errors kind="tel" />
                <CSelect label=CMsg::Tier name="tier" testid="client-tier" value=tier choices=tier_choices() errors=errors />
                <CSelect label=CMsg::Stage name="stage" testid="client-stage" value=stage choices=super::stage_choices() errors=errors />
                <CSelect label=CMsg::Source name="source" testid="client-source" value=source choices=source_choices errors=errors />
                <details class="more span-all" prop:open=move || more_open.get()>
                    <summary data-testid="client-more">{move || i18n.t(CMsg::MoreFields)}</summary>
                    <div class="form-grid">
                        <CField label=CMsg::Position name="position" testid="client-position" value=position errors=errors />
                        <CField label=CMsg::Phone2 name="phone2" testid="client-phone2" value=phone2 errors=errors kind="tel" />
                        <CField label=CMsg::Email name="email" testid="client-email" value=email errors=errors kind="email" />
                        <CField label=CMsg::Region name="region" testid="client-region" value=region errors=errors />
                        <CField label=CMsg::Industry name="industry" testid="client-industry" value=industry errors=errors />
                        <CSelect label=CMsg::Credit name="credit" testid="client-credit" value=credit choices=super::credit_choices() errors=errors />
                        <div class="span-all">
                            <CField label=CMsg::Address name="address" testid="client-address" value=address errors=errors />
                        </div>
                        <div class="span-all">
                            <CField label=CMsg::Needs name="needs" testid="client-needs" value=needs errors=errors multiline=true />
                        </div>
                        <div class="span-all">
                            <CField label=CMsg::Interests name="interests" testid="client-interests" value=interests errors=errors multiline=true />
                        </div>
                    </div>
                </details>
                <div class="form-actions span-all sticky-actions">
                    <button type="submit" class="primary wide-phone" data-testid="new-client-submit" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(CMsg::Creating) } else { i18n.t(CMsg::Create) }}
                    </button>
                </div>
            </form>
        </section>
    }
}
