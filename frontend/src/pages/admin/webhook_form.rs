//! The form that creates a webhook, and the box that shows its signing secret once.

use leptos::prelude::*;
use salesops_domain::webhooks::{CreatedWebhookDto, WebhookFormat, WebhookRequest};

use crate::api::use_api;
use crate::components::{Choice, ErrorBanner, Field, FormErrors, SelectField, Submit};
use crate::i18n::webhooks::{WMsg, format_msg};
use crate::i18n::{Msg, use_i18n};

const FIELDS: &[&str] = &["url", "events", "format", "secret"];

#[component]
pub fn WebhookForm(
    on_created: Callback<CreatedWebhookDto>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let url = RwSignal::new(String::new());
    let events = RwSignal::new("*".to_owned());
    let format = RwSignal::new(WebhookFormat::Standard.as_str().to_owned());
    let secret = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let formats = Signal::derive(move || {
        WebhookFormat::ALL
            .iter()
            .map(|f| Choice::new(f.as_str(), i18n.t(format_msg(*f))))
            .collect::<Vec<_>>()
    });
    let save = Submit::new(errors, FIELDS, move |request: WebhookRequest| async move {
        let created = api.create_webhook(&request).await?;
        on_created.run(created);
        Ok(())
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let secret = secret.get_untracked().trim().to_owned();
        let request = WebhookRequest {
            url: url.get_untracked().trim().to_owned(),
            events: events
                .get_untracked()
                .split([',', '，', ' '])
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
            format: format
                .get_untracked()
                .parse()
                .unwrap_or(WebhookFormat::Standard),
            secret: (!secret.is_empty()).then_some(secret),
            enabled: true,
        };
        if errors.check(&request, FIELDS) {
            save.send(request);
        }
    };
    view! {
        <form class="card form-grid" on:submit=submit data-testid="webhook-form" novalidate>
            <h2 class="span-all">{move || i18n.t(WMsg::NewWebhook)}</h2>
            <div class="span-all">
                <ErrorBanner errors=errors />
            </div>
            <Field label=WMsg::Url name="url" testid="webhook-url" value=url errors=errors required=true kind="url" />
            <SelectField label=WMsg::Format name="format" testid="webhook-format" value=format choices=formats errors=errors />
            <Field label=WMsg::Events name="events" testid="webhook-events" value=events errors=errors required=true />
            <Field label=WMsg::Secret name="secret" testid="webhook-secret" value=secret errors=errors />
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid="webhook-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::Saving) } else { i18n.t(WMsg::Create) }}
                </button>
                <button type="button" data-testid="webhook-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}
