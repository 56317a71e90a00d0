//! The manager's credit alerts: clients with money overdue more than 90 days, each with a
//! button that marks the client's credit abnormal (the client edit, with the version read
//! just before).

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Role;
use salesops_domain::client_changes::UpdateClientRequest;
use salesops_domain::clients::Credit;
use salesops_domain::deals::CreditProposalDto;

use crate::api::{ApiError, use_api};
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FormErrors, InlineError};
use crate::i18n::deals::D;
use crate::i18n::use_i18n;
use crate::pages::clients::parts::CreditBadge;
use crate::pages::deals::parts::money;

/// Whether the caller is one of those who act on credit alerts.
fn acts_on_credit(roles: &[Role]) -> bool {
    roles.contains(&Role::Manager) || roles.contains(&Role::Admin)
}

#[component]
pub fn CreditProposals(done: Callback<D>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let mine = acts_on_credit(&auth.roles());
    let proposals = LocalResource::new(move || async move {
        if mine {
            api.credit_proposals().await.map(Some)
        } else {
            Ok(None)
        }
    });
    let confirmed = Callback::new(move |()| {
        done.run(D::CreditConfirmed);
        proposals.refetch();
    });
    move || {
        let list = proposals.get()?;
        // Nothing at all for those who do not act on credit alerts.
        if matches!(list, Ok(None)) {
            return None;
        }
        Some(view! {
            <section class="panel" data-testid="credit-proposals">
                <h2>{move || i18n.t(D::CreditTitle)}</h2>
                <p class="small muted">{move || i18n.t(D::CreditHint)}</p>
                {match list {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(l)) if l.is_empty() => view! {
                        <p class="muted small" data-testid="credit-empty">{move || i18n.t(D::NoCredit)}</p>
                    }.into_any(),
                    Ok(Some(l)) => view! {
                        <ul class="plain-list">
                            {l.into_iter().map(|p| view! { <Proposal proposal=p confirmed=confirmed /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
        })
    }
}

#[component]
fn Proposal(proposal: CreditProposalDto, confirmed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);
    let client_id = proposal.client_id;
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.clear();
        leptos::task::spawn_local(async move {
            let result: Result<(), ApiError> = async {
                let client = api.get_client(client_id).await?;
                api.update_client(
                    client_id,
                    &UpdateClientRequest {
                        credit: Some(Credit::Abnormal),
                        version: Some(client.version),
                        ..Default::default()
                    },
                )
                .await?;
                Ok(())
            }
            .await;
            busy.set(false);
            match result {
                Ok(()) => confirmed.run(()),
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    let pending = proposal.credit == Credit::Normal;
    view! {
        <li data-testid="credit-proposal" data-client-id=client_id data-credit=proposal.credit.as_str()>
            <div class="visit-head">
                <div>
                    <A href=format!("/clients/{client_id}")><strong>{proposal.client_name.clone()}</strong></A>
                    " · " <span class="muted">{proposal.owner_name.clone()}</span>
                    <div class="small">
                        {move || i18n.t(D::OverdueAmount)} " " <strong data-testid="credit-overdue">{money(proposal.overdue_fen)}</strong>
                        " · " {move || i18n.t(D::OldestDue)} " " {proposal.oldest_due_on.to_string()}
                        " · " {proposal.days_overdue} " " {move || i18n.t(D::Days)}
                    </div>
                </div>
                <div class="badges"><CreditBadge credit=proposal.credit /></div>
            </div>
            <ErrorBanner errors=errors />
            {pending.then(|| view! {
                <button type="button" class="small danger" data-testid="credit-confirm" disabled=move || busy.get() on:click=confirm>
                    {move || i18n.t(D::ConfirmAbnormal)}
                </button>
            })}
        </li>
    }
}
