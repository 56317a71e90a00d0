//! One client as a card (phone) or row (desktop), and the notice of a duplicate (撞单).

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::clients::ClientDto;

use crate::api::ApiError;
use crate::i18n::clients::CMsg;
use crate::i18n::use_i18n;
use crate::pages::clients::parts::{CreditBadge, OverdueBadge, StageBadge, TierBadge};

/// One client, linking to its page.
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

/// The duplicate notice: a link to the client on file, or its owner's team.
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
