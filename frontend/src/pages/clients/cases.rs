//! Open complaints (未解决的客诉): the cases not resolved yet of the clients in the caller's
//! scope, oldest first — the inbox's "open complaints" — each with its client, escalate and
//! resolve.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::cases::{CaseDto, CaseListQuery};

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{InlineError, ListNote, Notice};
use crate::i18n::clients::{CMsg, case_state_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::clients::case_actions::CaseActions;
use crate::pages::clients::parts::OverdueBadge;

#[component]
pub fn CasesPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let notice = RwSignal::new(None::<AnyText>);
    let cases = LocalResource::new(move || async move {
        let filter = CaseListQuery {
            unresolved: Some(true),
            ..CaseListQuery::default()
        };
        api.list_cases(&filter).await
    });
    let refresh = Callback::new(move |()| cases.refetch());
    let list = move || {
        let result = cases.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.items.is_empty() => {
                view! { <p class="muted" data-testid="cases-empty">{move || i18n.t(CMsg::CasesEmpty)}</p> }
                    .into_any()
            }
            Ok(l) => {
                let info = l.info();
                let items = l
                    .items
                    .into_iter()
                    .map(|c| view! { <CaseCard case=c refresh=refresh notice=notice /> })
                    .collect_view();
                view! {
                    <ul class="timeline" data-testid="cases">{items}</ul>
                    <ListNote info=info />
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(CMsg::CasesTitle)}</h1>
            <p class="muted small">{move || i18n.t(CMsg::CasesHint)}</p>
            <Notice notice=notice />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {list}
            </Transition>
        </section>
    }
}

#[component]
fn CaseCard(
    case: CaseDto,
    refresh: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = case.state;
    let client_name = case.client_name.clone();
    view! {
        <li class="tl-item tl-case" data-testid="case-row" data-case-id=case.id.to_string() data-state=state.as_str()>
            <div class="tl-head">
                <A href=format!("/clients/{}", case.client_id) attr:class="client-link">
                    <span class="client-name">{client_name}</span>
                </A>
                <span class=format!("badge case-{}", state.as_str()) data-testid="case-state">{move || i18n.t(case_state_msg(state))}</span>
                {case.overdue.then(|| view! { <OverdueBadge /> })}
                <time class="muted">{local_time(case.opened_at)}</time>
            </div>
            <p class="tl-summary">{case.summary.clone()}</p>
            <CaseActions case=case.clone() refresh=refresh notice=notice />
        </li>
    }
}
