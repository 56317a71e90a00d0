//! Pieces of the leaving screens: the state badge, the form that files a leaving, and the
//! history.

use leptos::prelude::*;
use salesops_domain::leavings::{CreateLeavingRequest, LeavingDto, LeavingState};

use crate::api::{ApiError, use_api};
use crate::components::{
    Choice, ErrorBanner, Field, FormErrors, SelectField, Submit, Timeline, local_error, parse_date,
    parse_id,
};
use crate::i18n::leavings::{LMsg, leaving_action_msg, leaving_state_msg};
use crate::i18n::{AnyText, use_i18n};

#[component]
pub fn LeavingStateBadge(state: LeavingState) -> impl IntoView {
    let i18n = use_i18n();
    let class = match state {
        LeavingState::Submitted => "badge state-submitted",
        LeavingState::Approved => "badge state-approved",
        LeavingState::Rejected => "badge state-rejected",
        LeavingState::Cancelled | LeavingState::Closed => "badge",
    };
    view! {
        <span class=class data-testid="leaving-state" data-state=state.as_str()>
            {move || i18n.t(leaving_state_msg(state))}
        </span>
    }
}

/// Who did what to a leaving, when and why.
#[component]
pub fn LeavingHistory(id: i64) -> impl IntoView {
    let api = use_api();
    let entries = LocalResource::new(move || async move { api.leaving_history(id).await });
    view! {
        <Timeline
            entries=entries
            title=LMsg::History
            empty=LMsg::NoHistory
            label=|a| leaving_action_msg(a).map(AnyText::from)
            testid="leaving-history"
        />
    }
}

/// Files a leaving: one's own (`person` fixed) or, for HR, anyone's chosen in `people`.
#[component]
pub fn FileLeaving(
    /// The person leaving when fixed (one's own); otherwise chosen from `people`.
    #[prop(optional)]
    person: Option<i64>,
    #[prop(optional, into)] people: Option<Signal<Vec<Choice>>>,
    filed: Callback<LeavingDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let chosen = RwSignal::new(String::new());
    let leaving_on = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    // 409 `leaving_open`: the server's words (naming the open leaving) after ours.
    let already = RwSignal::new(None::<String>);
    let file = Submit::new(
        errors,
        &["user_id", "leaving_on", "reason"],
        move |r: CreateLeavingRequest| async move {
            already.set(None);
            match api.create_leaving(&r).await {
                Ok(dto) => {
                    reason.set(String::new());
                    filed.run(dto);
                    Ok(())
                }
                Err(ApiError::Problem { problem, .. }) if problem.code == "leaving_open" => {
                    already.set(Some(problem.detail.unwrap_or_default()));
                    Ok(())
                }
                Err(e) => Err(e),
            }
        },
    );
    let send = move |_| {
        let Some(user_id) = person.or_else(|| parse_id(&chosen.get_untracked())) else {
            file.invalid(vec![local_error(i18n, "user_id", LMsg::ChoosePerson)]);
            return;
        };
        let Some(day) = parse_date(&leaving_on.get_untracked()) else {
            file.invalid(vec![local_error(
                i18n,
                "leaving_on",
                crate::i18n::Msg::ErrRequired,
            )]);
            return;
        };
        file.submit(CreateLeavingRequest {
            user_id,
            leaving_on: day,
            reason: reason.get_untracked(),
        });
    };
    view! {
        <div data-testid="leaving-file">
            {move || already.get().map(|words| view! {
                <div class="banner banner-error" role="alert" data-testid="leaving-already-open">
                    <span>{move || i18n.t(LMsg::AlreadyOpen)} " (" {words.clone()} ")"</span>
                </div>
            })}
            <ErrorBanner errors=errors />
            <div class="form-grid">
                {people.map(|choices| view! {
                    <SelectField label=LMsg::Person name="user_id" testid="leaving-person" value=chosen choices=choices errors=errors />
                })}
                <Field label=LMsg::LeavingOn name="leaving_on" testid="leaving-on" value=leaving_on errors=errors kind="date" />
                <Field label=LMsg::Reason name="reason" testid="leaving-reason" value=reason errors=errors kind="textarea" rows=2 />
            </div>
            <button type="button" class="primary" data-testid="leaving-submit" disabled=move || file.pending().get() on:click=send>
                {move || i18n.t(if person.is_some() { LMsg::FileOwn } else { LMsg::FileFor })}
            </button>
        </div>
    }
}
