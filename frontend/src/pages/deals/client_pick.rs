//! Picks one of the caller's clients for a project or a contract: a search box and the first
//! matches in a select; a client named by the page (`?client_id=`) is shown chosen.

use leptos::prelude::*;
use salesops_domain::client_changes::ClientListQuery;

use crate::api::use_api;
use crate::components::{Choice, FieldErrors, FormErrors};
use crate::i18n::deals::D;
use crate::i18n::use_i18n;

/// The most matches offered at once.
const MATCHES: u32 = 50;

/// `value` holds the chosen client's id as text (`""` for none).
#[component]
pub fn ClientPick(
    value: RwSignal<String>,
    errors: FormErrors,
    testid: &'static str,
    /// A client fixed by the page: shown, not changeable.
    fixed: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let q = RwSignal::new(String::new());
    if let Some(id) = fixed {
        value.set(id.to_string());
    }
    let found = LocalResource::new(move || {
        let text = q.get();
        async move {
            if let Some(id) = fixed {
                return api.get_client(id).await.map(|c| vec![c]);
            }
            let filter = ClientListQuery {
                q: Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
                ..Default::default()
            };
            api.list_clients(&filter, 1, MATCHES).await.map(|p| p.items)
        }
    });
    let choices = move || {
        let mut out = vec![Choice::new("", i18n.t(D::ChooseClient))];
        if let Some(Ok(list)) = found.get() {
            out.extend(list.into_iter().map(|c| {
                let label = match &c.company {
                    Some(co) if !co.is_empty() => format!("{} · {co}", c.name),
                    _ => c.name.clone(),
                };
                Choice::new(c.id, label)
            }));
        }
        out
    };
    let id = format!("f-{testid}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(D::Client)}</label>
            {fixed.is_none().then(|| view! {
                <input
                    type="search"
                    data-testid=format!("{testid}-search")
                    placeholder=move || i18n.t(D::SearchClient)
                    aria-label=move || i18n.t(D::SearchClient)
                    prop:value=move || q.get()
                    on:input=move |ev| q.set(event_target_value(&ev))
                />
            })}
            <select
                id=id
                name="client_id"
                data-testid=testid
                disabled=fixed.is_some()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || choices().into_iter().map(|c| {
                    let v = c.value.clone();
                    view! { <option value=c.value.clone() prop:selected=move || value.get() == v>{c.label}</option> }
                }).collect_view()}
            </select>
            <FieldErrors name="client_id" errors=errors />
        </div>
    }
}
