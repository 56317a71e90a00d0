//! The new-client form: the few fields a salesperson has at hand first, the rest folded away.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use salesops_domain::clients::{CreateClientRequest, Credit, SourceChannel, Stage, Tier};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FormErrors, SelectField, Submit, non_empty, text_choices,
};
use crate::i18n::clients::CMsg;
use crate::i18n::use_i18n;
use crate::pages::clients::card::{Duplicate, DuplicateNotice, duplicate_of};
use crate::pages::clients::parts::{credit_choices, source_choices, stage_choices, tier_choices};

const FIELDS: &[&str] = &[
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

/// The fields under "more details".
const MORE: &[&str] = &[
    "position",
    "phone2",
    "email",
    "address",
    "region",
    "industry",
    "credit",
    "needs",
    "interests",
];

#[component]
pub fn NewClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let text = || RwSignal::new(String::new());
    let (name, company, phone, position, phone2) = (text(), text(), text(), text(), text());
    let (email, address, region, industry, needs, interests) =
        (text(), text(), text(), text(), text(), text());
    let tier = RwSignal::new(Tier::General.as_str().to_owned());
    let stage = RwSignal::new(Stage::Prospect.as_str().to_owned());
    let source = RwSignal::new(SourceChannel::Other.as_str().to_owned());
    let credit = RwSignal::new(Credit::Normal.as_str().to_owned());
    let errors = FormErrors::new();
    let duplicate = RwSignal::new(None::<Duplicate>);
    // A field error folded away under "more details" opens it.
    let more_open = Memo::new(move |_| {
        errors
            .fields
            .with(|f| f.iter().any(|e| MORE.contains(&e.field.as_str())))
    });
    let create = Submit::new(errors, FIELDS, move |request: CreateClientRequest| {
        let navigate = navigate.clone();
        async move {
            match api.create_client(&request).await {
                Ok(c) => {
                    navigate(&format!("/clients/{}?created=1", c.id), Default::default());
                    Ok(())
                }
                // Shown as the notice of the client on file, not as an error of the form.
                Err(e) => match duplicate_of(&e) {
                    Some(d) => {
                        duplicate.set(Some(d));
                        Ok(())
                    }
                    None => Err(e),
                },
            }
        }
    });
    let busy = create.pending();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        duplicate.set(None);
        let opt = |s: RwSignal<String>| non_empty(&s.get_untracked());
        create.submit(CreateClientRequest {
            name: name.get_untracked().trim().to_owned(),
            company: opt(company),
            position: opt(position),
            phone: opt(phone),
            phone2: opt(phone2),
            email: opt(email),
            address: opt(address),
            region: opt(region),
            industry: opt(industry),
            source: source.get_untracked().parse().unwrap_or_default(),
            tier: tier.get_untracked().parse().unwrap_or_default(),
            stage: stage.get_untracked().parse().unwrap_or_default(),
            credit: credit.get_untracked().parse().unwrap_or_default(),
            needs: opt(needs),
            interests: opt(interests),
            owner_id: None,
            latitude: None,
            longitude: None,
        });
    };

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
                <Field label=CMsg::Name name="name" testid="client-name-input" value=name errors=errors required=true />
                <Field label=CMsg::Company name="company" testid="client-company" value=company errors=errors />
                <Field label=CMsg::Phone name="phone" testid="client-phone" value=phone errors=errors kind="tel" />
                <SelectField label=CMsg::Tier name="tier" testid="client-tier" value=tier choices=text_choices(tier_choices(), None) errors=errors />
                <SelectField label=CMsg::Stage name="stage" testid="client-stage" value=stage choices=text_choices(stage_choices(), None) errors=errors />
                <SelectField label=CMsg::Source name="source" testid="client-source" value=source choices=text_choices(source_choices(), None) errors=errors />
                <details class="more span-all" prop:open=move || more_open.get()>
                    <summary data-testid="client-more">{move || i18n.t(CMsg::MoreFields)}</summary>
                    <div class="form-grid">
                        <Field label=CMsg::Position name="position" testid="client-position" value=position errors=errors />
                        <Field label=CMsg::Phone2 name="phone2" testid="client-phone2" value=phone2 errors=errors kind="tel" />
                        <Field label=CMsg::Email name="email" testid="client-email" value=email errors=errors kind="email" />
                        <Field label=CMsg::Region name="region" testid="client-region" value=region errors=errors />
                        <Field label=CMsg::Industry name="industry" testid="client-industry" value=industry errors=errors />
                        <SelectField label=CMsg::Credit name="credit" testid="client-credit" value=credit choices=text_choices(credit_choices(), None) errors=errors />
                        <div class="span-all">
                            <Field label=CMsg::Address name="address" testid="client-address" value=address errors=errors />
                        </div>
                        <div class="span-all">
                            <Field label=CMsg::Needs name="needs" testid="client-needs" value=needs errors=errors kind="textarea" />
                        </div>
                        <div class="span-all">
                            <Field label=CMsg::Interests name="interests" testid="client-interests" value=interests errors=errors kind="textarea" />
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
