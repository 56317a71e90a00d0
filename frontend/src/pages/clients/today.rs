//! Today (salesperson): the clients due and overdue for a follow-up, with one tap to log a
//! call or a visit right here.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::cadence::DueStatus;
use salesops_domain::client_changes::{DueClientDto, DueQuery};
use salesops_domain::follow_ups::FollowUpKind;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{InlineError, ListNote, Notice};
use crate::i18n::clients::{CMsg, due_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::clients::follow_up::FollowUpForm;
use crate::pages::clients::parts::{StageBadge, TierBadge};

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let notice = RwSignal::new(None::<AnyText>);
    // The client whose quick form is open, and with which kind.
    let open = RwSignal::new(None::<(i64, FollowUpKind)>);

    let due = LocalResource::new(move || async move {
        // A salesperson's own list; a manager or admin sees their scope's.
        let me = auth.current().map(|s| s.user);
        let owner_id = me
            .filter(|u| u.has_role(salesops_domain::Role::Salesperson))
            .map(|u| u.id);
        let filter = DueQuery {
            owner_id,
            ..Default::default()
        };
        api.due_follow_ups(&filter).await
    });

    let on_saved = Callback::new(move |()| {
        open.set(None);
        notice.set(Some(CMsg::FollowUpSaved.into()));
        due.refetch();
    });
    let on_cancel = Callback::new(move |()| open.set(None));

    let list = move || {
        let result = due.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) => {
                let info = p.info();
                let mut items: Vec<DueClientDto> = p
                    .items
                    .into_iter()
                    .filter(|d| d.status != DueStatus::Upcoming)
                    .collect();
                if items.is_empty() {
                    return Some(
                        view! { <p class="muted" data-testid="today-empty">{move || i18n.t(CMsg::TodayEmpty)}</p> }
                            .into_any(),
                    );
                }
                // Most overdue first.
                items.sort_by(|a, b| {
                    b.days_overdue
                        .cmp(&a.days_overdue)
                        .then(a.name.cmp(&b.name))
                });
                let overdue = items
                    .iter()
                    .filter(|d| d.status == DueStatus::Overdue)
                    .count();
                let today = items.len() - overdue;
                let cards = items
                    .into_iter()
                    .map(|d| view! { <DueCard due=d open=open on_saved=on_saved on_cancel=on_cancel /> })
                    .collect_view();
                view! {
                    <p class="today-counts">
                        <span class="badge badge-overdue" data-testid="today-overdue-count">
                            {move || i18n.t(CMsg::Overdue)} " " {overdue}
                        </span>
                        <span class="badge" data-testid="today-due-count">
                            {move || i18n.t(CMsg::DueToday)} " " {today}
                        </span>
                    </p>
                    <ul class="client-list" data-testid="today-list">{cards}</ul>
                    <ListNote info=info />
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(CMsg::TodayTitle)}</h1>
                <A href="/clients" attr:class="small-link">{move || i18n.t(CMsg::NavClients)}</A>
            </div>
            <Notice notice=notice />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {list}
            </Transition>
        </section>
    }
}

#[component]
fn DueCard(
    due: DueClientDto,
    open: RwSignal<Option<(i64, FollowUpKind)>>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = due.client_id;
    let status = due.status;
    let days = due.days_overdue;
    let tel = due.phone.clone().map(|p| {
        let href = format!("tel:{}", p.replace([' ', '-'], ""));
        view! { <a class="tel" href=href>{p}</a> }
    });
    view! {
        <li class="client-card due-card" data-testid="today-row" data-client-id=id.to_string()
            class:is-overdue=status == DueStatus::Overdue>
            <A href=format!("/clients/{id}") attr:class="client-link">
                <span class="client-name">{due.name.clone()}</span>
                {due.company.clone().map(|c| view! { <span class="client-company">{c}</span> })}
            </A>
            <div class="cl-badges">
                <span class=if status == DueStatus::Overdue { "badge badge-overdue" } else { "badge badge-today" }>
                    {move || i18n.t(due_msg(status))}
                    {(days > 0).then(|| format!(" {days}"))}
                </span>
                <TierBadge tier=due.tier />
                <StageBadge stage=due.stage />
            </div>
            <div class="client-meta muted">
                {tel}
                <span>{move || i18n.t(CMsg::NextFollowUp)} ": " {due.due_date.to_string()}</span>
            </div>
            <div class="quick-actions">
                <button type="button" class="primary" data-testid="today-log-call"
                    on:click=move |_| open.set(Some((id, FollowUpKind::Call)))>
                    {move || i18n.t(CMsg::LogCall)}
                </button>
                <button type="button" class="primary" data-testid="today-log-visit"
                    on:click=move |_| open.set(Some((id, FollowUpKind::Visit)))>
                    {move || i18n.t(CMsg::LogVisit)}
                </button>
            </div>
            {move || open.get().filter(|(c, _)| *c == id).map(|(_, kind)| view! {
                <FollowUpForm client_id=id kind=kind on_saved=on_saved on_cancel=on_cancel />
            })}
        </li>
    }
}
