//! The deal entries of the home page's to-do list: the pipeline for salespeople, contracts to
//! review (with how many wait) for managers and finance, credit alerts for managers, and the
//! receivables for finance.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Role;
use salesops_domain::clients::Credit;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::i18n::deals::D;
use crate::i18n::use_i18n;
use crate::routes::{CONTRACT_REVIEW, PIPELINE, RECEIVABLES};

/// An entry: its text, its link, and the count shown beside it (if any).
type Entry = (D, &'static str, Option<LocalResource<Option<i64>>>);

#[component]
pub fn DealsTodos() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let api = use_api();
    let reviewer = auth.has_role(Role::Manager) || auth.has_role(Role::Finance);
    let credit = auth.has_role(Role::Manager);
    let to_review = LocalResource::new(move || async move {
        if reviewer {
            api.contracts_to_review_count().await.ok()
        } else {
            None
        }
    });
    let alerts = LocalResource::new(move || async move {
        if credit {
            api.credit_proposals()
                .await
                .ok()
                .map(|l| l.iter().filter(|p| p.credit == Credit::Normal).count() as i64)
        } else {
            None
        }
    });
    move || {
        let roles = auth.roles();
        let mut links: Vec<Entry> = Vec::new();
        if roles.contains(&Role::Salesperson) && PIPELINE.allows(&roles) {
            links.push((D::TodoPipeline, "/deals/pipeline", None));
        }
        if reviewer && CONTRACT_REVIEW.allows(&roles) {
            links.push((D::TodoReviewContracts, "/contracts/review", Some(to_review)));
        }
        if credit && RECEIVABLES.allows(&roles) {
            links.push((D::TodoCredit, "/receivables", Some(alerts)));
        }
        if roles.contains(&Role::Finance) && RECEIVABLES.allows(&roles) {
            links.push((D::TodoReceivables, "/receivables", None));
        }
        links
            .into_iter()
            .map(|(msg, href, count)| {
                let badge = move || {
                    count
                        .and_then(|c| c.get().flatten())
                        .filter(|n| *n > 0)
                        .map(|n| view! { <span class="badge badge-overdue" data-testid="todo-deals-count">{n}</span> })
                };
                view! {
                    <li class="todo" data-testid="todo" data-todo=href>
                        <A href=href>{move || i18n.t(msg)}</A>
                        {badge}
                    </li>
                }
            })
            .collect_view()
    }
}
