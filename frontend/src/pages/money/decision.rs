//! The decision on a money document in an inbox: a comment, approve (the comment optional) or
//! reject (the comment is the reason, required). Decisions carry the version read; when
//! someone else decided first, the item says so.

use leptos::prelude::*;
use salesops_domain::expenses::RejectRequest;
use validator::Validate;

use crate::api::ApiError;
use crate::components::{ErrorBanner, Field, FormErrors, Submit};
use crate::i18n::money::M;
use crate::i18n::use_i18n;

/// An approval (with its comment) or a rejection (with its reason).
#[derive(Debug, Clone)]
pub enum Decision {
    Approve(Option<String>),
    Reject(RejectRequest),
}

impl Validate for Decision {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        match self {
            Decision::Approve(_) => Ok(()),
            Decision::Reject(r) => r.validate(),
        }
    }
}

/// Someone else decided (or the document moved on) since the inbox was loaded.
pub fn decided_elsewhere(e: &ApiError) -> bool {
    e.status() == Some(409) && matches!(e.code(), Some("stale_version" | "invalid_state"))
}

/// The comment and the two buttons; `decide` sends the decision (and reports the outcome).
#[component]
pub fn DecisionBar<F, Fut>(version: i64, decide: F, reload: Callback<()>) -> impl IntoView
where
    F: Fn(Decision) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<(), ApiError>> + 'static,
{
    let i18n = use_i18n();
    let errors = FormErrors::new();
    let comment = RwSignal::new(String::new());
    let stale = RwSignal::new(false);
    let submit = Submit::new(errors, &["reason"], move |d: Decision| async move {
        match decide(d).await {
            Err(e) if decided_elsewhere(&e) => {
                stale.set(true);
                Ok(())
            }
            other => other,
        }
    });
    let busy = submit.pending();
    let send = move |approve: bool| {
        stale.set(false);
        let text = comment.get_untracked().trim().to_owned();
        if approve {
            submit.submit(Decision::Approve(Some(text).filter(|t| !t.is_empty())));
        } else {
            submit.submit(Decision::Reject(RejectRequest {
                version,
                reason: text,
            }));
        }
    };
    view! {
        <Show when=move || stale.get()>
            <div class="banner banner-error" role="alert" data-testid="stale-decision">
                <span>{move || i18n.t(M::StaleDecision)}</span>
                <button type="button" class="small" data-testid="stale-reload" on:click=move |_| reload.run(())>
                    {move || i18n.t(M::Reload)}
                </button>
            </div>
        </Show>
        <ErrorBanner errors=errors />
        <Field label=M::Comment name="reason" testid="money-comment" value=comment errors=errors kind="textarea" rows=2 />
        <div class="form-actions">
            <button type="button" class="primary" data-testid="money-approve" disabled=move || busy.get() on:click=move |_| send(true)>
                {move || i18n.t(M::Approve)}
            </button>
            <button type="button" class="danger" data-testid="money-reject" disabled=move || busy.get() on:click=move |_| send(false)>
                {move || i18n.t(M::Reject)}
            </button>
        </div>
    }
}
