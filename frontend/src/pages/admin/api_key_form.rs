//! The form that creates an API key (admin), and the box that shows the new key once.

use leptos::prelude::*;
use salesops_domain::api_keys::{ApiKeyRequest, ApiScope, CreatedApiKeyDto};
use salesops_domain::users::UserListQuery;

use crate::api::use_api;
use crate::components::{
    Choice, ErrorBanner, Field, FieldErrors, FormErrors, SelectField, Submit, after_empty, parse_id,
};
use crate::i18n::api_keys::{KMsg, scope_msg};
use crate::i18n::{Msg, use_i18n};

const FIELDS: &[&str] = &["name", "owner_id", "scopes", "expires_at"];

/// The create form; `on_created` receives the answer (with the key, to show once).
#[component]
pub fn ApiKeyForm(
    on_created: Callback<CreatedApiKeyDto>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let name = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<ApiScope>::new());
    let errors = FormErrors::new();
    // Keys act for enabled people only (the server refuses a disabled owner).
    let users = LocalResource::new(move || async move {
        let filter = UserListQuery {
            disabled: Some(false),
            ..Default::default()
        };
        api.all_users(&filter)
            .await
            .map(|l| l.items)
            .unwrap_or_default()
    });
    let owner_choices = Signal::derive(move || {
        after_empty(
            i18n,
            Some(KMsg::ChooseOwner.into()),
            users
                .get()
                .unwrap_or_default()
                .into_iter()
                .map(|u| Choice::new(u.id, format!("{} ({})", u.display_name, u.username))),
        )
    });
    let save = Submit::new(errors, FIELDS, move |request: ApiKeyRequest| async move {
        let created = api.create_api_key(&request).await?;
        on_created.run(created);
        Ok(())
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A date means the end of that day (UTC); empty means the key lasts until revoked.
        let expires_at = chrono::NaiveDate::parse_from_str(&expires.get_untracked(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .map(|t| t.and_utc());
        let request = ApiKeyRequest {
            name: name.get_untracked().trim().to_owned(),
            owner_id: parse_id(&owner.get_untracked()).unwrap_or(0),
            scopes: scopes.get_untracked(),
            expires_at,
        };
        if errors.check(&request, FIELDS) {
            save.send(request);
        }
    };
    let boxes = ApiScope::ALL
        .iter()
        .map(|s| {
            let s = *s;
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid=format!("api-key-scope-{}", s.as_str())
                        prop:checked=move || scopes.with(|v| v.contains(&s))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            scopes.update(|v| {
                                v.retain(|x| *x != s);
                                if on {
                                    v.push(s);
                                }
                            });
                        }
                    />
                    <span>{move || i18n.t(scope_msg(s))} " " <code>{s.as_str()}</code></span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="card form-grid" on:submit=submit data-testid="api-key-form" novalidate>
            <h2 class="span-all">{move || i18n.t(KMsg::NewKey)}</h2>
            <div class="span-all">
                <ErrorBanner errors=errors />
            </div>
            <Field label=KMsg::Name name="name" testid="api-key-name" value=name errors=errors required=true />
            <SelectField label=KMsg::Owner name="owner_id" testid="api-key-owner" value=owner choices=owner_choices errors=errors />
            <Field label=KMsg::ExpiresOn name="expires_at" testid="api-key-expires" value=expires errors=errors kind="date" />
            <fieldset class="field span-all">
                <legend>{move || i18n.t(KMsg::Scopes)}</legend>
                <div class="checks">{boxes}</div>
                <FieldErrors name="scopes" errors=errors />
            </fieldset>
            <div class="form-actions span-all">
                <button type="submit" class="primary" data-testid="api-key-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::Saving) } else { i18n.t(KMsg::CreateKey) }}
                </button>
                <button type="button" data-testid="api-key-cancel" on:click=move |_| on_cancel.run(())>
                    {move || i18n.t(Msg::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// The new key, shown this once, with a copy button and the warning that it cannot be seen
/// again.
#[component]
pub fn NewKeyBox(key: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let for_copy = key.clone();
    let copy = move |_| {
        if copy_text(&for_copy) {
            copied.set(true);
        }
    };
    view! {
        <div class="card notice-warning" role="alert" data-testid="api-key-created">
            <p><strong>{move || i18n.t(KMsg::ShownOnce)}</strong></p>
            <input
                type="text"
                readonly=true
                class="key-box"
                data-testid="api-key-value"
                prop:value=key
                on:focus=move |ev| {
                    use wasm_bindgen::JsCast as _;
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.select();
                    }
                }
            />
            <div class="form-actions">
                <button type="button" class="small" data-testid="api-key-copy" on:click=copy>
                    {move || if copied.get() { i18n.t(KMsg::Copied) } else { i18n.t(KMsg::Copy) }}
                </button>
                <button type="button" class="primary small" data-testid="api-key-done" on:click=move |_| on_done.run(())>
                    {move || i18n.t(KMsg::Done)}
                </button>
            </div>
        </div>
    }
}

/// Puts `text` on the clipboard (`navigator.clipboard.writeText`), looked up at run time so
/// no extra web-sys feature is needed; false where the browser offers no clipboard.
fn copy_text(text: &str) -> bool {
    use wasm_bindgen::{JsCast as _, JsValue};
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined());
    let Some(clipboard) = clipboard else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    write.is_some_and(|f| f.call1(&clipboard, &JsValue::from_str(text)).is_ok())
}
