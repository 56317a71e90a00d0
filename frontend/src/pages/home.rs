//! The landing page: a greeting, the inbox (what waits, with counts) and the role's shortcuts.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Role;

use crate::auth::use_auth;
use crate::i18n::{Msg, role_msg, use_i18n};
use crate::pages::clients::todos::ClientTodos;
use crate::pages::deals::todos::DealsTodos;
use crate::pages::inbox::Inbox;
use crate::pages::reports::parts::ReportsTodos;

/// A to-do entry: its text and, where the screen exists already, its link.
struct Todo {
    msg: Msg,
    href: Option<&'static str>,
}

fn todos_for(roles: &[Role]) -> Vec<Todo> {
    let soon = |msg| Todo { msg, href: None };
    let mut out = Vec::new();
    for role in Role::ALL.iter().rev() {
        if !roles.contains(role) {
            continue;
        }
        match role {
            Role::Admin => {
                out.push(Todo {
                    msg: Msg::TodoManageUsers,
                    href: Some("/admin/users"),
                });
                out.push(Todo {
                    msg: Msg::TodoManageTeams,
                    href: Some("/admin/teams"),
                });
            }
            Role::Hr => {
                if !roles.contains(&Role::Admin) {
                    out.push(Todo {
                        msg: Msg::TodoManageUsers,
                        href: Some("/admin/users"),
                    });
                }
                out.push(Todo {
                    msg: Msg::TodoHandovers,
                    href: Some("/handovers"),
                });
                out.push(soon(Msg::TodoScores));
            }
            Role::Finance => {
                out.push(Todo {
                    msg: Msg::TodoPayClaims,
                    href: Some("/finance/claims"),
                });
                out.push(Todo {
                    msg: Msg::TodoFinanceReports,
                    href: Some("/finance/reports"),
                });
            }
            Role::Manager => {
                out.push(Todo {
                    msg: Msg::TodoApprovePlans,
                    href: Some("/manager/approvals"),
                });
                out.push(Todo {
                    msg: Msg::TodoReviewReports,
                    href: Some("/reports/status"),
                });
                out.push(Todo {
                    msg: Msg::TodoSpotChecks,
                    href: Some("/manager/spot-checks"),
                });
                out.push(Todo {
                    msg: Msg::TodoApproveExpenses,
                    href: Some("/money/inbox"),
                });
            }
            Role::Salesperson => {
                out.push(Todo {
                    msg: Msg::TodoSubmitPlan,
                    href: Some("/plans/week"),
                });
                out.push(Todo {
                    msg: Msg::TodoRecordVisits,
                    href: Some("/plans/week"),
                });
                out.push(Todo {
                    msg: Msg::TodoWeeklyReport,
                    href: Some("/reports/week"),
                });
                out.push(Todo {
                    msg: Msg::TodoClaims,
                    href: Some("/claims"),
                });
            }
        }
    }
    out
}

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();

    move || {
        let user = auth.user()?;
        let roles = user
            .roles
            .iter()
            .map(|r| {
                let r = *r;
                view! { <li class="tag">{move || i18n.t(role_msg(r))}</li> }
            })
            .collect_view();
        let todos = todos_for(&user.roles)
            .into_iter()
            .map(|todo| {
                let msg = todo.msg;
                match todo.href {
                    Some(href) => view! {
                        <li class="todo" data-testid="todo">
                            <A href=href>{move || i18n.t(msg)}</A>
                        </li>
                    }
                    .into_any(),
                    None => view! {
                        <li class="todo todo-soon" data-testid="todo">
                            <span>{move || i18n.t(msg)}</span>
                            <span class="soon">{move || i18n.t(Msg::ComingSoon)}</span>
                        </li>
                    }
                    .into_any(),
                }
            })
            .collect_view();
        Some(view! {
            <section class="panel">
                <h1 data-testid="greeting">
                    {move || i18n.t(Msg::Welcome)} {user.display_name.clone()}
                </h1>
                <p class="muted">{move || i18n.t(Msg::YourRoles)}</p>
                <ul class="tags" data-testid="my-roles">{roles}</ul>
            </section>
            <Inbox />
            <section class="panel">
                <h2>{move || i18n.t(Msg::TodoTitle)}</h2>
                <ul class="todos">{todos}<ClientTodos /><ReportsTodos /><DealsTodos /></ul>
            </section>
        })
    }
}
