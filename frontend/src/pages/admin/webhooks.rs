//! Webhooks (issue #14): the caller's webhooks with their state — the failing ones first, as
//! the inbox's "failing webhooks" line links here — switched on or off, deleted, created
//! (the secret shown once); and one webhook's deliveries with a retry for a failed one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::webhooks::{CreatedWebhookDto, DeliveryDto, DeliveryStatus, WebhookDto};

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice};
use crate::i18n::webhooks::{WMsg, format_msg, status_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::admin::webhook_form::WebhookForm;

/// Failing: switched off by the server, or its last tries failed.
fn failing(w: &WebhookDto) -> bool {
    w.disabled_reason.is_some() || (w.enabled && w.consecutive_failures > 0)
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let hooks = LocalResource::new(move || async move {
        api.webhooks().await.map(|mut v| {
            v.sort_by_key(|w| (!failing(w), w.id));
            v
        })
    });
    let notice = RwSignal::new(None::<AnyText>);
    let errors = FormErrors::new();
    let creating = RwSignal::new(false);
    let secret = RwSignal::new(None::<String>);
    let opened = RwSignal::new(None::<i64>);
    let on_created = Callback::new(move |c: CreatedWebhookDto| {
        creating.set(false);
        secret.set(c.secret);
        hooks.refetch();
    });
    let on_cancel = Callback::new(move |()| creating.set(false));
    let act = move |id: i64, what: WMsg| {
        if what == WMsg::Delete {
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message(i18n.t(WMsg::ConfirmDelete)).ok())
                .unwrap_or(false);
            if !confirmed {
                return;
            }
        }
        errors.clear();
        notice.set(None);
        spawn_local(async move {
            let done = match what {
                WMsg::SwitchOn => api
                    .set_webhook_enabled(id, true)
                    .await
                    .map(|_| WMsg::SwitchedOn),
                WMsg::SwitchOff => api
                    .set_webhook_enabled(id, false)
                    .await
                    .map(|_| WMsg::SwitchedOff),
                _ => api.delete_webhook(id).await.map(|()| WMsg::Deleted),
            };
            match done {
                Ok(m) => {
                    notice.set(Some(m.into()));
                    if m == WMsg::Deleted && opened.get_untracked() == Some(id) {
                        opened.set(None);
                    }
                    hooks.refetch();
                }
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    let row = move |w: WebhookDto| {
        let id = w.id;
        let bad = failing(&w);
        let state = move || {
            if bad {
                format!(
                    "{} · {} {}{}",
                    i18n.t(WMsg::Failing),
                    w.consecutive_failures,
                    i18n.t(WMsg::FailuresInRow),
                    w.disabled_reason
                        .as_ref()
                        .map(|r| format!(" · {r}"))
                        .unwrap_or_default()
                )
            } else if w.enabled {
                i18n.t(WMsg::On).to_owned()
            } else {
                i18n.t(WMsg::Off).to_owned()
            }
        };
        let toggle = if w.enabled && !bad {
            WMsg::SwitchOff
        } else {
            WMsg::SwitchOn
        };
        view! {
            <tr data-testid="webhook-row" data-webhook-id=id data-failing=bad.to_string() class:row-disabled=bad>
                <td data-label=move || i18n.t(WMsg::Url)><code>{w.url.clone()}</code></td>
                <td data-label=move || i18n.t(WMsg::Format)>{move || i18n.t(format_msg(w.format))}</td>
                <td data-label=move || i18n.t(WMsg::EventsShort)>{w.events.join(", ")}</td>
                <td data-label=move || i18n.t(WMsg::State) data-testid="webhook-state">{state}</td>
                <td class="actions">
                    <button type="button" class="small" data-testid="webhook-deliveries"
                        on:click=move |_| opened.set(Some(id))>{move || i18n.t(WMsg::Deliveries)}</button>
                    <button type="button" class="small" data-testid="webhook-toggle"
                        on:click=move |_| act(id, toggle)>{move || i18n.t(toggle)}</button>
                    <button type="button" class="small danger" data-testid="webhook-delete"
                        on:click=move |_| act(id, WMsg::Delete)>{move || i18n.t(WMsg::Delete)}</button>
                </td>
            </tr>
        }
    };
    let rows = move || {
        let result = hooks.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(v) if v.is_empty() => {
                view! { <p class="muted" data-testid="webhooks-empty">{move || i18n.t(WMsg::Empty)}</p> }.into_any()
            }
            Ok(v) => view! {
                <table class="list" data-testid="webhooks-table">
                    <thead><tr>
                        <th>{move || i18n.t(WMsg::Url)}</th>
                        <th>{move || i18n.t(WMsg::Format)}</th>
                        <th>{move || i18n.t(WMsg::EventsShort)}</th>
                        <th>{move || i18n.t(WMsg::State)}</th>
                        <th>{move || i18n.t(Msg::Actions)}</th>
                    </tr></thead>
                    <tbody>{v.into_iter().map(row).collect_view()}</tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(WMsg::Title)}</h1>
                <button type="button" class="primary" data-testid="webhooks-new"
                    disabled=move || creating.get()
                    on:click=move |_| { notice.set(None); secret.set(None); creating.set(true); }>
                    {move || i18n.t(WMsg::NewWebhook)}
                </button>
            </div>
            <p class="muted small">{move || i18n.t(WMsg::Intro)}</p>
            <Notice notice=notice />
            <ErrorBanner errors=errors />
            {move || secret.get().map(|s| view! {
                <div class="card notice-warning" role="alert" data-testid="webhook-created">
                    <p><strong>{move || i18n.t(WMsg::SecretOnce)}</strong></p>
                    <input type="text" readonly=true class="key-box" data-testid="webhook-secret-value" prop:value=s />
                    <button type="button" class="primary small" on:click=move |_| secret.set(None)>
                        {move || i18n.t(WMsg::Done)}
                    </button>
                </div>
            })}
            <Show when=move || creating.get()>
                <WebhookForm on_created=on_created on_cancel=on_cancel />
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {rows}
            </Transition>
            {move || opened.get().map(|id| view! { <Deliveries id=id /> })}
        </section>
    }
}

/// One webhook's newest deliveries; a failed one can be tried again.
#[component]
fn Deliveries(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let list = LocalResource::new(move || async move { api.webhook_deliveries(id).await });
    let notice = RwSignal::new(None::<AnyText>);
    let errors = FormErrors::new();
    let retry = move |delivery: i64| {
        errors.clear();
        spawn_local(async move {
            match api.retry_delivery(id, delivery).await {
                Ok(_) => {
                    notice.set(Some(WMsg::Retried.into()));
                    list.refetch();
                }
                Err(e) => errors.show(&e, &[]),
            }
        });
    };
    let row = move |d: DeliveryDto| {
        let failed = d.status == DeliveryStatus::Failed;
        let did = d.id;
        view! {
            <tr data-testid="delivery-row" data-status=d.status.as_str()>
                <td data-label=move || i18n.t(WMsg::Event)>{d.event.clone()}</td>
                <td data-label=move || i18n.t(WMsg::Status)>{move || i18n.t(status_msg(d.status))}</td>
                <td data-label=move || i18n.t(WMsg::Attempts)>{d.attempts}</td>
                <td data-label=move || i18n.t(WMsg::Response)>{d.response_code.map(|c| c.to_string()).unwrap_or_default()}</td>
                <td data-label=move || i18n.t(WMsg::Duration)>{d.duration_ms.map(|m| format!("{m} ms")).unwrap_or_default()}</td>
                <td class="muted" data-label=move || i18n.t(WMsg::Error)>{d.last_error.clone().unwrap_or_default()}</td>
                <td data-label=move || i18n.t(WMsg::Created)>{local_time(d.created_at)}</td>
                <td class="actions">
                    {failed.then(|| view! {
                        <button type="button" class="small" data-testid="delivery-retry"
                            on:click=move |_| retry(did)>{move || i18n.t(WMsg::Retry)}</button>
                    })}
                </td>
            </tr>
        }
    };
    let rows = move || {
        let result = list.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => {
                view! { <p class="muted" data-testid="deliveries-empty">{move || i18n.t(WMsg::NoDeliveries)}</p> }.into_any()
            }
            Ok(p) => view! {
                <table class="list" data-testid="deliveries-table">
                    <tbody>{p.items.into_iter().map(row).collect_view()}</tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <div class="card" data-testid="webhook-deliveries-panel">
            <h2>{move || i18n.t(WMsg::Deliveries)}</h2>
            <Notice notice=notice />
            <ErrorBanner errors=errors />
            <Transition>{rows}</Transition>
        </div>
    }
}
