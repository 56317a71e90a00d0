//! API keys (admin, issue #14): the keys with their owners, scopes and last use; create one
//! (shown once); revoke one, after a confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::api_keys::{ApiKeyDto, CreatedApiKeyDto};

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice};
use crate::i18n::api_keys::KMsg;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::admin::api_key_form::{ApiKeyForm, NewKeyBox};

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let keys = LocalResource::new(move || async move { api.all_api_keys().await });
    let notice = RwSignal::new(None::<AnyText>);
    let errors = FormErrors::new();
    let creating = RwSignal::new(false);
    // The key just created: shown until the admin says they have saved it.
    let shown = RwSignal::new(None::<String>);
    let on_created = Callback::new(move |created: CreatedApiKeyDto| {
        creating.set(false);
        shown.set(Some(created.key));
        keys.refetch();
    });
    let on_cancel = Callback::new(move |()| creating.set(false));
    let on_done = Callback::new(move |()| shown.set(None));
    let revoke = Callback::new(move |id: i64| {
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(i18n.t(KMsg::ConfirmRevoke)).ok())
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        errors.clear();
        notice.set(None);
        spawn_local(async move {
            match api.revoke_api_key(id).await {
                Ok(()) => {
                    notice.set(Some(KMsg::RevokedNotice.into()));
                    keys.refetch();
                }
                Err(e) => errors.show(&e, &[]),
            }
        });
    });
    let row = move |k: ApiKeyDto| {
        let expired = k
            .expires_at
            .is_some_and(|e| e.timestamp_millis() as f64 <= crate::clock::now_ms());
        let state = if k.revoked_at.is_some() {
            KMsg::Revoked
        } else if expired {
            KMsg::Expired
        } else {
            KMsg::Live
        };
        let live = state == KMsg::Live;
        let scopes = k
            .scopes
            .iter()
            .map(|s| view! { <span class="tag">{s.as_str()}</span> })
            .collect_view();
        let id = k.id;
        let expires = k.expires_at.map(local_time);
        let last_used = k.last_used_at.map(local_time);
        view! {
            <tr data-testid="api-key-row" data-prefix=k.prefix.clone() class:row-disabled=!live>
                <td data-label=move || i18n.t(KMsg::Name)>{k.name.clone()}</td>
                <td data-label=move || i18n.t(KMsg::Prefix)><code>{format!("sok_{}_…", k.prefix)}</code></td>
                <td data-label=move || i18n.t(KMsg::Owner)>{k.owner_name.clone()}</td>
                <td data-label=move || i18n.t(KMsg::Scopes)>{scopes}</td>
                <td data-label=move || i18n.t(KMsg::Created)>{local_time(k.created_at)}</td>
                <td data-label=move || i18n.t(KMsg::Expires)>
                    {move || expires.clone().unwrap_or_else(|| i18n.t(KMsg::Never).to_owned())}
                </td>
                <td data-label=move || i18n.t(KMsg::LastUsed)>
                    {move || last_used.clone().unwrap_or_else(|| i18n.t(KMsg::NotUsed).to_owned())}
                </td>
                <td data-label=move || i18n.t(KMsg::State) data-testid="api-key-state">{move || i18n.t(state)}</td>
                <td class="actions">
                    {live.then(|| view! {
                        <button type="button" class="small danger" data-testid="api-key-revoke"
                            on:click=move |_| revoke.run(id)>
                            {move || i18n.t(KMsg::Revoke)}
                        </button>
                    })}
                </td>
            </tr>
        }
    };
    let rows = move || {
        let result = keys.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(l) if l.items.is_empty() => {
                view! { <p class="muted" data-testid="api-keys-empty">{move || i18n.t(KMsg::NoKeys)}</p> }
                    .into_any()
            }
            Ok(l) => {
                let items = l.items.into_iter().map(row).collect_view();
                view! {
                    <table class="list" data-testid="api-keys-table">
                        <thead>
                            <tr>
                                <th>{move || i18n.t(KMsg::Name)}</th>
                                <th>{move || i18n.t(KMsg::Prefix)}</th>
                                <th>{move || i18n.t(KMsg::Owner)}</th>
                                <th>{move || i18n.t(KMsg::Scopes)}</th>
                                <th>{move || i18n.t(KMsg::Created)}</th>
                                <th>{move || i18n.t(KMsg::Expires)}</th>
                                <th>{move || i18n.t(KMsg::LastUsed)}</th>
                                <th>{move || i18n.t(KMsg::State)}</th>
                                <th>{move || i18n.t(Msg::Actions)}</th>
                            </tr>
                        </thead>
                        <tbody>{items}</tbody>
                    </table>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(KMsg::Title)}</h1>
                <button type="button" class="primary" data-testid="api-keys-new"
                    disabled=move || creating.get()
                    on:click=move |_| { notice.set(None); shown.set(None); creating.set(true); }>
                    {move || i18n.t(KMsg::NewKey)}
                </button>
            </div>
            <p class="muted small">{move || i18n.t(KMsg::Intro)}</p>
            <Notice notice=notice />
            <ErrorBanner errors=errors />
            {move || shown.get().map(|key| view! { <NewKeyBox key=key on_done=on_done /> })}
            <Show when=move || creating.get()>
                <ApiKeyForm on_created=on_created on_cancel=on_cancel />
            </Show>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {rows}
            </Transition>
        </section>
    }
}
