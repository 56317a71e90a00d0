//! "My claims" (我的报销): the salesperson's claims with their state, newest first, and the way
//! to a new one.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, ListNote};
use crate::i18n::money::M;
use crate::i18n::{Msg, use_i18n};
use crate::pages::money::parts::{ClaimStateBadge, money};

#[component]
pub fn MyClaimsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let claims = LocalResource::new(move || async move { api.my_claims(me).await });
    let list = move || {
        claims.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.items.is_empty() => view! {
                <p class="muted" data-testid="claims-empty">{move || i18n.t(M::NoClaims)}</p>
            }
            .into_any(),
            Ok(l) => view! {
                <ListNote info=l.info() />
                <ul class="client-list">
                    {l.items.into_iter().map(|c| {
                        let first = c.lines.iter().map(|l| l.date).min();
                        let last = c.lines.iter().map(|l| l.date).max();
                        let span = match (first, last) {
                            (Some(a), Some(b)) if a != b => format!("{} – {}", a.format("%m-%d"), b.format("%m-%d")),
                            (Some(a), _) => a.format("%m-%d").to_string(),
                            _ => String::new(),
                        };
                        view! {
                            <li class="client-card" data-testid="claim-row" data-claim-id=c.id data-state=c.state.as_str()>
                                <A href=format!("/claims/{}", c.id) attr:class="client-link">
                                    <span class="client-name">"#" {c.id} " " {money(c.total_fen)}</span>
                                    <span class="client-company">{span} " · " {c.lines.len()} " " {move || i18n.t(M::Line)}</span>
                                </A>
                                <ClaimStateBadge state=c.state />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(M::ClaimsTitle)}</h1>
                <A href="/claims/new" attr:class="button-like primary" attr:data-testid="claim-new">
                    {move || i18n.t(M::NewClaim)}
                </A>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {list}
            </Transition>
        </section>
    }
}
