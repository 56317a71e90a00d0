//! A case on the client page's timeline: escalate an open case to the manager, resolve an
//! open or escalated one with the answer given to the client.

use gloo_net::http::Method;
use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::cases::{CaseAction, CaseDto, CaseState, ResolveCaseRequest};

use crate::api::{Api, ApiError, Call};
use crate::app::is_signed_out;
use crate::components::{ErrorBanner, FormErrors};
use crate::i18n::clients::CMsg;
use crate::i18n::use_i18n;
use crate::pages::clients::CField;

impl Api {
    /// `POST /cases/{id}/escalate`.
    pub async fn escalate_case(&self, id: i64) -> Result<CaseDto, ApiError> {
        self.fetch(Call::new(Method::POST, format!("/cases/{id}/escalate")))
            .await
    }

    /// `POST /cases/{id}/resolve` with the answer given to the client.
    pub async fn resolve_case(
        &self,
        id: i64,
        request: &ResolveCaseRequest,
    ) -> Result<CaseDto, ApiError> {
        self.fetch(Call::new(Method::POST, format!("/cases/{id}/resolve")).json(request)?)
            .await
    }
}

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
    matches!(e, ApiError::Problem { problem, .. }
        if problem.status == 409 && matches!(problem.code.as_str(), "stale_version" | "invalid_state"))
}

/// The buttons under a case (none once it is resolved), and the answer form for "resolve".
#[component]
pub fn CaseActions(
    case: CaseDto,
    refresh: Callback<()>,
    notice: RwSignal<Option<CMsg>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = crate::api::use_api();
    let id = case.id;
    let actions = allowed_actions(case.state);
    let may_escalate = actions.contains(&CaseAction::Escalate);
    let may_resolve = actions.contains(&CaseAction::Resolve);
    let resolving = RwSignal::new(false);
    let answer = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);
    let stale = RwSignal::new(false);

    let failed = move |e: ApiError| match e {
        e if is_signed_out(&e) => {}
        e if moved_elsewhere(&e) => stale.set(true),
        e => errors.show(&e, &["resolution"]),
    };
    let escalate = move |_| {
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        busy.set(true);
        spawn_local(async move {
            match api.escalate_case(id).await {
                Ok(_) => {
                    notice.set(Some(CMsg::CaseEscalatedNotice));
                    refresh.run(());
                }
                Err(e) => failed(e),
            }
            busy.set(false);
        });
    };
    let resolve = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let request = ResolveCaseRequest {
            resolution: answer.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            match api.resolve_case(id, &request).await {
                Ok(_) => {
                    notice.set(Some(CMsg::CaseResolvedNotice));
                    refresh.run(());
                }
                Err(e) => failed(e),
            }
            busy.set(false);
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
                            <button type="button" data-testid="case-escalate" disabled=move || busy.get() on:click=escalate>
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
                    <form class="card" on:submit=resolve data-testid="case-resolve-form" novalidate>
                        <CField
                            label=CMsg::CaseAnswer
                            name="resolution"
                            testid="case-resolution"
                            value=answer
                            errors=errors
                            multiline=true
                            required=true
                        />
                        <div class="form-actions">
                            <button type="submit" class="primary" data-testid="case-resolve-submit" disabled=move || busy.get()>
                                {move || if busy.get() { i18n.t(CMsg::Saving) } else { i18n.t(CMsg::CaseResolveConfirm) }}
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
