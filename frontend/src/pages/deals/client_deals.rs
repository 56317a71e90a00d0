//! A client's projects and contracts, on the client page: each project with its stage and
//! expected amount, each contract with its state and what is outstanding, all linked; and the
//! links that start a project or a contract for the client.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Capability;

use crate::api::deals::{ContractFilter, ProjectFilter};
use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::InlineError;
use crate::i18n::deals::D;
use crate::i18n::{Msg, use_i18n};
use crate::pages::deals::contracts::ContractRows;
use crate::pages::deals::parts::{ProjectStageBadge, money};

#[component]
pub fn ClientDeals(client_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let deals = LocalResource::new(move || async move {
        let projects = api
            .projects(&ProjectFilter {
                client_id: Some(client_id),
                ..Default::default()
            })
            .await?;
        let contracts = api
            .contracts(&ContractFilter {
                client_id: Some(client_id),
                ..Default::default()
            })
            .await?;
        Ok::<_, crate::api::ApiError>((projects.items, contracts.items))
    });
    let writer = auth.can(Capability::DealsWrite);
    view! {
        <section class="panel" data-testid="client-deals">
            <div class="panel-head">
                <h2>{move || i18n.t(D::ClientDeals)}</h2>
                {writer.then(|| view! {
                    <div class="form-actions">
                        <A href=format!("/deals/pipeline?new=1&client_id={client_id}") attr:class="button-like" attr:data-testid="client-new-project">
                            {move || i18n.t(D::NewProject)}
                        </A>
                        <A href=format!("/contracts/new?client_id={client_id}") attr:class="button-like" attr:data-testid="client-new-contract">
                            {move || i18n.t(D::NewContract)}
                        </A>
                    </div>
                })}
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || deals.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok((projects, contracts)) if projects.is_empty() && contracts.is_empty() => view! {
                        <p class="muted small" data-testid="client-deals-empty">{move || i18n.t(D::ClientNoDeals)}</p>
                    }.into_any(),
                    Ok((projects, contracts)) => view! {
                        <h3>{move || i18n.t(D::Projects)}</h3>
                        <ul class="plain-list">
                            {projects.into_iter().map(|p| view! {
                                <li data-testid="client-project" data-project-id=p.id data-stage=p.stage.as_str()>
                                    <A href=format!("/projects/{}", p.id)>{p.name.clone()}</A>
                                    " " <ProjectStageBadge stage=p.stage />
                                    " " <span class="small">{money(p.expected_amount_fen)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        <h3>{move || i18n.t(D::ContractsTitle)}</h3>
                        <ContractRows contracts=contracts />
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
