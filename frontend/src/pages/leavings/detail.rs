//! One leaving (`/leavings/:id`): who leaves when and why, its state, the checklist
//! ([`super::checklist`]), the steps the caller may take (the manager approves or rejects, the
//! person or HR withdraws, HR closes — refused with the server's words until the checklist is
//! complete) and the history.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use salesops_domain::Role;
use salesops_domain::budgets::DecideRequest;
use salesops_domain::expenses::RejectRequest;
use salesops_domain::leavings::{LeavingDto, LeavingState};

use crate::api::leavings::LeavingStep;
use crate::api::{ApiError, use_api};
use crate::auth::use_auth;
use crate::components::{ErrorBanner, Field, FormErrors, InlineError, Notice, Submit, local_error};
use crate::i18n::leavings::LMsg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::leavings::checklist::Checklist;
use crate::pages::leavings::parts::{LeavingHistory, LeavingStateBadge};

#[component]
pub fn LeavingPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let leaving = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api.leaving(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let notice = RwSignal::new(None::<AnyText>);
    let changed = Callback::new(move |m: LMsg| {
        notice.set(Some(m.into()));
        leaving.refetch();
    });
    let reload = Callback::new(move |()| leaving.refetch());
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(LMsg::MyLeaving)} " #" {move || id.get()}</h1>
                <A href="/leavings" attr:class="small-link">{move || i18n.t(LMsg::Back)}</A>
            </div>
            <Notice notice=notice />
            {move || leaving.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(None) => view! { <p>{move || i18n.t(Msg::NotFoundPage)}</p> }.into_any(),
                Ok(Some(l)) => view! {
                    <LeavingView leaving=l changed=changed reload=reload />
                }.into_any(),
            })}
        </section>
    }
}

#[component]
fn LeavingView(
    leaving: LeavingDto,
    changed: Callback<LMsg>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, state) = (leaving.id, leaving.state);
    view! {
        <div data-testid="leaving" data-leaving-id=id data-state=state.as_str()>
            <p>
                <strong data-testid="leaving-person">{leaving.user_name.clone()}</strong> " "
                <LeavingStateBadge state=state />
            </p>
            <p>{move || i18n.t(LMsg::LeavingOn)} ": " <span data-testid="leaving-day">{leaving.leaving_on.to_string()}</span></p>
            <p class="report-text">{move || i18n.t(LMsg::Reason)} ": " {leaving.reason.clone()}</p>
            <Checklist leaving=leaving.clone() changed=changed reload=reload />
            <Steps leaving=leaving changed=changed reload=reload />
            <LeavingHistory id=id />
        </div>
    }
}

/// What to send: a step with its comment, or a rejection with its reason.
#[derive(Debug, Clone)]
enum Decide {
    Step(LeavingStep, DecideRequest),
    Reject(RejectRequest),
}

impl validator::Validate for Decide {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        match self {
            Decide::Step(_, r) => r.validate(),
            Decide::Reject(r) => r.validate(),
        }
    }
}

fn stale(e: &ApiError) -> bool {
    e.status() == Some(409) && e.code() == Some("stale_version")
}

/// The server's words when it refuses to close: what the checklist still misses.
fn close_refusal(e: &ApiError) -> Option<String> {
    match e {
        ApiError::Problem { problem, .. } if problem.code == "checklist_incomplete" => Some(
            problem
                .detail
                .clone()
                .unwrap_or_else(|| problem.title.clone()),
        ),
        _ => None,
    }
}

/// The buttons the caller's roles allow now; the server decides (a manager outside the chain,
/// or the person on their own leaving, is refused with its words).
#[component]
fn Steps(leaving: LeavingDto, changed: Callback<LMsg>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let errors = FormErrors::new();
    let comment = RwSignal::new(String::new());
    let outdated = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let (id, version, state) = (leaving.id, leaving.version, leaving.state);
    let me = auth.user().map(|u| u.id);
    let own = me == Some(leaving.user_id);
    let hr = auth.has_role(Role::Hr) || auth.has_role(Role::Admin);
    let decides = !own
        && state == LeavingState::Submitted
        && (auth.has_role(Role::Manager) || auth.has_role(Role::Admin));
    let withdraws = (own && state == LeavingState::Submitted) || (hr && state.is_open());
    let closes = hr && !own && state == LeavingState::Approved;
    let step = Submit::new(
        errors,
        &["reason", "comment"],
        move |s: Decide| async move {
            let result = match &s {
                Decide::Step(step, r) => api.leaving_step(id, *step, r).await,
                Decide::Reject(r) => api.reject_leaving(id, r).await,
            };
            match result {
                Ok(_) => {
                    changed.run(match s {
                        Decide::Step(LeavingStep::Approve, _) => LMsg::Approved,
                        Decide::Step(LeavingStep::Cancel, _) => LMsg::Withdrawn,
                        Decide::Step(LeavingStep::Close, _) => LMsg::Closed,
                        Decide::Reject(_) => LMsg::Rejected,
                    });
                    Ok(())
                }
                Err(e) => {
                    outdated.set(stale(&e));
                    if let Some(words) = close_refusal(&e) {
                        refused.set(Some(words));
                        return Ok(());
                    }
                    Err(e)
                }
            }
        },
    );
    let note = move || Some(comment.get_untracked().trim().to_owned()).filter(|c| !c.is_empty());
    let take = move |s: LeavingStep| {
        outdated.set(false);
        refused.set(None);
        step.submit(Decide::Step(
            s,
            DecideRequest {
                version,
                comment: note(),
            },
        ));
    };
    let reject = move |_| {
        outdated.set(false);
        let Some(reason) = note() else {
            step.invalid(vec![local_error(i18n, "reason", LMsg::ReasonRequired)]);
            return;
        };
        step.submit(Decide::Reject(RejectRequest { version, reason }));
    };
    let busy = step.pending();
    (decides || withdraws || closes).then(|| view! {
        <div class="card" data-testid="leaving-steps">
            <Show when=move || outdated.get()>
                <div class="banner banner-error" role="alert" data-testid="leaving-stale">
                    <span>{move || i18n.t(LMsg::Stale)}</span>
                    <button type="button" class="small" on:click=move |_| reload.run(())>{move || i18n.t(LMsg::Reload)}</button>
                </div>
            </Show>
            {move || refused.get().map(|words| view! {
                <div class="banner banner-error" role="alert" data-testid="leaving-close-refused">
                    <span>{move || i18n.t(LMsg::CloseRefused)} ": " {words.clone()}</span>
                </div>
            })}
            <ErrorBanner errors=errors />
            <Field label=LMsg::Comment name="reason" testid="leaving-comment" value=comment errors=errors kind="textarea" rows=2 />
            <div class="form-actions">
                {decides.then(|| view! {
                    <button type="button" class="primary" data-testid="leaving-approve" disabled=move || busy.get()
                        on:click=move |_| take(LeavingStep::Approve)>{move || i18n.t(LMsg::Approve)}</button>
                    <button type="button" class="danger" data-testid="leaving-reject" disabled=move || busy.get()
                        on:click=reject>{move || i18n.t(LMsg::Reject)}</button>
                })}
                {closes.then(|| view! {
                    <button type="button" class="primary" data-testid="leaving-close" disabled=move || busy.get()
                        on:click=move |_| take(LeavingStep::Close)>{move || i18n.t(LMsg::Close)}</button>
                })}
                {withdraws.then(|| view! {
                    <button type="button" data-testid="leaving-withdraw" disabled=move || busy.get()
                        on:click=move |_| take(LeavingStep::Cancel)>{move || i18n.t(LMsg::Withdraw)}</button>
                })}
            </div>
        </div>
    })
}
