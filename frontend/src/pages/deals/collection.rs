//! A collection (催款) logged against an overdue contract: how (催款函, call, visit) and what was
//! said, recorded as the client's follow-up of kind `collection` naming the contract.

use leptos::prelude::*;
use salesops_domain::follow_ups::{CollectionMethod, CreateFollowUpRequest, FollowUpKind};

use crate::api::use_api;
use crate::components::{ErrorBanner, Field, FieldErrors, FormErrors, Submit};
use crate::i18n::deals::{D, collection_method_msg};
use crate::i18n::use_i18n;

const FIELDS: &[&str] = &["method", "summary", "contract_id"];

#[component]
pub fn CollectionForm(
    client_id: i64,
    contract_id: i64,
    /// Tells one line's form from another's (radio groups are named by it).
    line_id: i64,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let method = RwSignal::new(CollectionMethod::Call);
    let summary = RwSignal::new(String::new());
    let save = Submit::new(
        errors,
        FIELDS,
        move |request: CreateFollowUpRequest| async move {
            api.create_follow_up(client_id, &request).await?;
            on_saved.run(());
            Ok(())
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(CreateFollowUpRequest {
            kind: FollowUpKind::Collection,
            occurred_at: None,
            summary: summary.get_untracked().trim().to_owned(),
            needs: None,
            complaint: None,
            next_step: None,
            next_follow_up_date: None,
            open_case: false,
            contract_id: Some(contract_id),
            method: Some(method.get_untracked()),
        });
    };
    let chips = CollectionMethod::ALL
        .iter()
        .map(|m| {
            let m = *m;
            view! {
                <label class="chip" class:chip-on=move || method.get() == m>
                    <input
                        type="radio"
                        name=format!("collection-method-{line_id}")
                        value=m.as_str()
                        data-testid=format!("collection-method-{}", m.as_str())
                        prop:checked=move || method.get() == m
                        on:change=move |_| method.set(m)
                    />
                    <span>{move || i18n.t(collection_method_msg(m))}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="card follow-up-form" data-testid="collection-form" on:submit=submit novalidate>
            <ErrorBanner errors=errors />
            <fieldset class="field">
                <legend>{move || i18n.t(D::Method)}</legend>
                <div class="chips">{chips}</div>
                <FieldErrors name="method" errors=errors />
            </fieldset>
            <Field label=D::CollectionSummary name="summary" testid="collection-summary" value=summary errors=errors kind="textarea" rows=2 required=true />
            <div class="form-actions">
                <button type="submit" class="primary" data-testid="collection-submit" disabled=move || save.pending().get()>
                    {move || i18n.t(D::Save)}
                </button>
                <button type="button" data-testid="collection-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(D::Cancel)}
                </button>
            </div>
        </form>
    }
}
