//! The leavings (离职, `/leavings`) in scope: HR's and admin's all of them, a manager's their
//! teams' (to decide on), anyone else's their own; filtered by state. HR files a leaving for
//! anyone here.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use salesops_domain::leavings::{LeavingDto, LeavingState};
use salesops_domain::{Capability, Role};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{Choice, FilterSelect, InlineError, ListNote, after_empty, text_choices};
use crate::i18n::leavings::{LMsg, leaving_state_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::clients::parts::visible_users;
use crate::pages::leavings::parts::{FileLeaving, LeavingStateBadge};

#[component]
pub fn LeavingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let state = RwSignal::new(String::new());
    let leavings = LocalResource::new(move || {
        let s = state.get();
        let filter = LeavingState::ALL.iter().copied().find(|x| x.as_str() == s);
        async move { api.leavings(filter, None).await }
    });
    // HR and admin file anyone's leaving.
    let files_anyones = Memo::new(move |_| {
        auth.can(Capability::LeavingsManage)
            && (auth.has_role(Role::Hr) || auth.has_role(Role::Admin))
    });
    let states = text_choices(
        LeavingState::ALL
            .iter()
            .map(|s| (s.as_str(), leaving_state_msg(*s)))
            .collect(),
        None,
    );
    view! {
        <section class="panel">
            <h1>{move || i18n.t(LMsg::Title)}</h1>
            <Show when=move || files_anyones.get()>
                <FileForAnyone />
            </Show>
            <div class="filters">
                <FilterSelect label=LMsg::State all=LMsg::AllStates testid="leavings-state" value=state choices=states />
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || leavings.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted" data-testid="leavings-empty">{move || i18n.t(LMsg::NoLeavings)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ListNote info=l.info() />
                        <table class="list" data-testid="leavings-table">
                            <thead>
                                <tr>
                                    <th>{move || i18n.t(LMsg::Person)}</th>
                                    <th>{move || i18n.t(LMsg::LeavingOn)}</th>
                                    <th>{move || i18n.t(LMsg::State)}</th>
                                    <th>{move || i18n.t(LMsg::Checklist)}</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>
                                {l.items.into_iter().map(|x| view! { <LeavingRow leaving=x /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn LeavingRow(leaving: LeavingDto) -> impl IntoView {
    let i18n = use_i18n();
    let complete = leaving.checklist.complete;
    let href = format!("/leavings/{}", leaving.id);
    view! {
        <tr data-testid="leaving-row" data-leaving-id=leaving.id data-user-id=leaving.user_id>
            <td data-label=move || i18n.t(LMsg::Person)>{leaving.user_name.clone()}</td>
            <td data-label=move || i18n.t(LMsg::LeavingOn)>{leaving.leaving_on.to_string()}</td>
            <td data-label=move || i18n.t(LMsg::State)><LeavingStateBadge state=leaving.state /></td>
            <td data-label=move || i18n.t(LMsg::Checklist)>
                <span class="badge" class:badge-warn=!complete data-testid="leaving-complete" data-complete=complete.to_string()>
                    {move || i18n.t(if complete { LMsg::Done } else { LMsg::NotDone })}
                </span>
            </td>
            <td class="actions">
                <A href=href attr:class="small-link" attr:data-testid="leaving-open">{move || i18n.t(LMsg::Open)}</A>
            </td>
        </tr>
    }
}

/// HR's form: someone's leaving, then their page.
#[component]
fn FileForAnyone() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let users = visible_users(api, None);
    let people = Signal::derive(move || {
        let mut list = users.get().unwrap_or_default();
        list.retain(|u| !u.disabled);
        list.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        after_empty(
            i18n,
            Some(LMsg::ChoosePerson.into()),
            list.into_iter().map(|u| Choice::new(u.id, u.display_name)),
        )
    });
    let filed = Callback::new(move |dto: LeavingDto| {
        navigate(&format!("/leavings/{}", dto.id), Default::default());
    });
    view! {
        <details class="card more" data-testid="leaving-new">
            <summary>{move || i18n.t(LMsg::FileFor)}</summary>
            <FileLeaving people=people filed=filed />
        </details>
    }
}
