//! A case on the client page's timeline: escalate an open case to the manager, resolve an
//! open or escalated one with the answer given to the client.

use leptos::prelude::*;
use salesops_domain::cases::{CaseAction, CaseDto, CaseState, ResolveCaseRequest};

use crate::api::{ApiError, use_api};
use crate::components::{ErrorBanner, Field, FormErrors, Submit};
use crate::i18n::clients::CMsg;
use crate::i18n::{AnyText, use_i18n};

/// The actions the case rules allow from `state`, in the order shown.
pub fn allowed_actions(state: CaseState) -> Vec<CaseAction> {
    CaseAction::ALL
        .iter()
        .copied()
        .filter(|a| state.apply(*a).is_ok())
        .collect()
}

/// Someone else moved the case on since the timeline was read.
fn moved_elsewhere(e: &ApiError) -> bool {
    e.status() == Some(409) && matches!(e.code(), Some("stale_version" | "invalid_state"))
}

/// The buttons under a case (none once it is resolved), and the answer form for "resolve".
#[component]
pub fn CaseActions(
    case: CaseDto,
    refresh: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = case.id;
    let actions = allowed_actions(case.state);
    let may_escalate = actions.contains(&CaseAction::Escalate);
    let may_resolve = actions.contains(&CaseAction::Resolve);
    let resolving = RwSignal::new(false);
    let answer = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    // What follows either action: the notice and a reload, or "someone else was first".
    let after = move |result: Result<CaseDto, ApiError>, done: CMsg| match result {
        Ok(_) => {
            notice.set(Some(done.into()));
            refresh.run(());
            Ok(())
        }
        Err(e) if moved_elsewhere(&e) => {
            stale.set(true);
            Ok(())
        }
        Err(e) => Err(e),
    };
    let escalate = Submit::new(errors, &[], move |()| async move {
        after(api.escalate_case(id).await, CMsg::CaseEscalatedNotice)
    });
    let resolve = Submit::new(
        errors,
        &["resolution"],
        move |request: ResolveCaseRequest| async move {
            after(
                api.resolve_case(id, &request).await,
                CMsg::CaseResolvedNotice,
            )
        },
    );
    let busy = move || escalate.pending().get() || resolve.pending().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        resolve.submit(ResolveCaseRequest {
            resolution: answer.get_untracked().trim().to_owned(),
        });
    };

    (may_escalate || may_resolve).then(|| {
        view! {
            <div class="case-actions">
                <ErrorBanner errors=errors />
                <Show when=move || stale.get()>
                    <div class="banner banner-error" role="alert" data-testid="case-stale">
                        <span>{move || i18n.t(CMsg::StaleCase)}</span>
                        <button type="button" class="small" data-testid="case-reload" on:click=move |_| refresh.run(())>
                            {move || i18n.t(CMsg::Reload)}
                        </button>
                    </div>
                </Show>
                <Show when=move || !resolving.get()>
                    <div class="quick-actions">
                        {may_escalate.then(|| view! {
                            <button type="button" data-testid="case-escalate" disabled=busy on:click=move |_| escalate.send(())>
                                {move || i18n.t(CMsg::CaseEscalate)}
                            </button>
                        })}
                        {may_resolve.then(|| view! {
                            <button type="button" class="primary" data-testid="case-resolve" on:click=move |_| resolving.set(true)>
                                {move || i18n.t(CMsg::CaseResolve)}
                            </button>
                        })}
                    </div>
                </Show>
                <Show when=move || resolving.get()>
                    <form class="card" on:submit=submit data-testid="case-resolve-form" novalidate>
                        <Field
                            label=CMsg::CaseAnswer
                            name="resolution"
                            testid="case-resolution"
                            value=answer
                            errors=errors
                            kind="textarea"
                            required=true
                        />
                        <div class="form-actions">
                            <button type="submit" class="primary" data-testid="case-resolve-submit" disabled=busy>
                                {move || if busy() { i18n.t(CMsg::Saving) } else { i18n.t(CMsg::CaseResolveConfirm) }}
                            </button>
                            <button type="button" data-testid="case-resolve-cancel" on:click=move |_| {
                                errors.clear();
                                resolving.set(false);
                            }>
                                {move || i18n.t(CMsg::Cancel)}
                            </button>
                        </div>
                    </form>
                </Show>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_the_case_rules() {
        assert_eq!(
            allowed_actions(CaseState::Open),
            vec![CaseAction::Escalate, CaseAction::Resolve]
        );
        assert_eq!(
            allowed_actions(CaseState::Escalated),
            vec![CaseAction::Resolve]
        );
        assert!(allowed_actions(CaseState::Resolved).is_empty());
    }
}
