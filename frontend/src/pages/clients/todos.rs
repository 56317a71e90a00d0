//! The client-screen entries of the home page's to-do list.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Role;
use salesops_domain::client_changes::DueQuery;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::i18n::clients::CMsg;
use crate::i18n::use_i18n;
use crate::routes::{IMPORT, in_nav};

#[component]
pub fn ClientTodos() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let api = use_api();
    // How many clients are due or overdue today (the due list holds only those).
    let due = LocalResource::new(move || async move {
        if !auth.has_role(Role::Salesperson) {
            return None;
        }
        let filter = DueQuery {
            owner_id: auth.current().map(|s| s.user.id),
            ..Default::default()
        };
        api.due_count(&filter).await.ok()
    });
    move || {
        let roles = auth.roles();
        let mut links: Vec<(CMsg, &'static str)> = Vec::new();
        if in_nav("/today", &roles) {
            links.push((CMsg::TodoToday, "/today"));
        }
        // A salesperson's own clients are their daily work.
        if roles.contains(&Role::Salesperson) {
            links.push((CMsg::TodoClients, "/clients"));
        }
        if in_nav("/clients/team", &roles) {
            links.push((CMsg::TodoTeam, "/clients/team"));
        }
        if IMPORT.allows(&roles) {
            links.push((CMsg::TodoImport, "/clients/import"));
        }
        links
            .into_iter()
            .map(|(msg, href)| {
                let is_today = msg == CMsg::TodoToday;
                let count = move || {
                    due.get()
                        .flatten()
                        .filter(|n| is_today && *n > 0)
                        .map(|n| view! { <span class="badge badge-overdue" data-testid="todo-due-count">{n}</span> })
                };
                view! {
                    <li class="todo" data-testid="todo">
                        <A href=href>{move || i18n.t(msg)}</A>
                        {count}
                    </li>
                }
            })
            .collect_view()
    }
}
