//! Handover (HR, admin): pick the leaver and the successor, see what will move, confirm, see
//! the result; the history below.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::handovers::{CreateHandoverRequest, HandoverDto};
use salesops_domain::users::UserDto;

use crate::api::use_api;
use crate::clock::local_time;
use crate::components::{
    ErrorBanner, Field, FieldErrors, FormErrors, InlineError, ListNote, Submit, non_empty, parse_id,
};
use crate::i18n::clients::{CMsg, handover_kind_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::clients::parts::visible_users;

/// Counts per kind, as a list ("Clients 12 · Plans 3").
#[component]
fn Counts(
    counts: std::collections::BTreeMap<String, i64>,
    #[prop(into)] testid: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = counts
        .into_iter()
        .map(|(kind, n)| {
            let k = kind.clone();
            view! {
                <li data-testid=format!("{testid}-{kind}")>
                    <span>{move || handover_kind_msg(&k).map(|m| i18n.t(m).to_owned()).unwrap_or_else(|| k.clone())}</span>
                    " "
                    <strong>{n}</strong>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="counts">{items}</ul> }
}

#[component]
pub fn HandoverPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let users = visible_users(api, None);
    // `?from=<user id>`: the leaver chosen (a leaving's checklist links here).
    let from = RwSignal::new(
        use_query_map()
            .with_untracked(|q| q.get("from"))
            .unwrap_or_default(),
    );
    let to = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let result = RwSignal::new(None::<HandoverDto>);

    let preview = LocalResource::new(move || {
        let from = parse_id(&from.get());
        async move {
            match from {
                Some(id) => api.handover_preview(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let history = LocalResource::new(move || async move { api.list_handovers().await });

    let name_of = move |id: i64| -> String {
        users
            .get()
            .and_then(|us| us.into_iter().find(|u| u.id == id).map(|u| u.display_name))
            .unwrap_or_else(|| format!("#{id}"))
    };

    let confirm = Submit::new(
        errors,
        &["from_user_id", "to_user_id", "note"],
        move |request: CreateHandoverRequest| async move {
            let h = api.create_handover(&request).await?;
            result.set(Some(h));
            from.set(String::new());
            to.set(String::new());
            note.set(String::new());
            users.refetch();
            history.refetch();
            Ok(())
        },
    );
    let busy = confirm.pending();
    let ready = move || {
        let (f, t) = (parse_id(&from.get()), parse_id(&to.get()));
        f.is_some() && t.is_some() && f != t && !busy.get()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Some(f), Some(t)) = (
            parse_id(&from.get_untracked()),
            parse_id(&to.get_untracked()),
        ) {
            confirm.submit(CreateHandoverRequest {
                from_user_id: f,
                to_user_id: t,
                note: non_empty(&note.get_untracked()),
            });
        }
    };

    let user_select = move |value: RwSignal<String>,
                            label: CMsg,
                            name: &'static str,
                            testid: &'static str,
                            enabled_only: bool| {
        view! {
            <div class="field">
                <label for=format!("f-{testid}")>{move || i18n.t(label)}</label>
                <select id=format!("f-{testid}") data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || value.get().is_empty()>{move || i18n.t(CMsg::ChooseUser)}</option>
                    {move || {
                        let mut list: Vec<UserDto> = users.get().unwrap_or_default();
                        list.retain(|u| !enabled_only || !u.disabled);
                        list.sort_by(|a, b| a.display_name.cmp(&b.display_name));
                        list.into_iter().map(|u| {
                            let v = u.id.to_string();
                            let v2 = v.clone();
                            view! {
                                <option value=v prop:selected=move || value.get() == v2>
                                    {format!("{} ({})", u.display_name, u.username)}
                                </option>
                            }
                        }).collect_view()
                    }}
                </select>
                <FieldErrors name=name errors=errors />
            </div>
        }
    };

    view! {
        <section class="panel narrow">
            <h1>{move || i18n.t(CMsg::HandoverTitle)}</h1>
            {move || result.get().map(|h| view! {
                <div class="banner banner-ok" role="status" data-testid="handover-result">
                    <div>
                        <strong>{move || i18n.t(CMsg::HandoverDone)}</strong>
                        " " {name_of(h.from_user_id)} " → " {name_of(h.to_user_id)}
                        <Counts counts=h.counts.clone() testid="handover-moved" />
                    </div>
                    <button type="button" class="banner-close" on:click=move |_| result.set(None)>"×"</button>
                </div>
            })}
            <form on:submit=submit data-testid="handover-form" novalidate>
                <ErrorBanner errors=errors />
                {user_select(from, CMsg::Leaver, "from_user_id", "handover-from", true)}
                <div class="card" data-testid="handover-preview">
                    <h2>{move || i18n.t(CMsg::WillMove)}</h2>
                    <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                        {move || preview.get().map(|r| match r {
                            Ok(Some(p)) => view! { <Counts counts=p.counts testid="handover-count" /> }.into_any(),
                            Ok(None) => view! { <p class="muted">"—"</p> }.into_any(),
                            Err(e) => view! { <InlineError error=e /> }.into_any(),
                        })}
                    </Transition>
                </div>
                {user_select(to, CMsg::Successor, "to_user_id", "handover-to", true)}
                <Show when=move || { !from.get().is_empty() && from.get() == to.get() }>
                    <p class="field-error">{move || i18n.t(CMsg::SameUser)}</p>
                </Show>
                <Field label=CMsg::Note name="note" testid="handover-note" value=note errors=errors kind="textarea" />
                <p class="muted">{move || i18n.t(CMsg::HandoverWarn)}</p>
                <button type="submit" class="primary danger-fill wide" data-testid="handover-confirm" disabled=move || !ready()>
                    {move || if busy.get() { i18n.t(CMsg::Saving) } else { i18n.t(CMsg::HandoverConfirm) }}
                </button>
            </form>
        </section>
        <section class="panel narrow">
            <h2>{move || i18n.t(CMsg::HandoverHistory)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || history.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p class="muted">{move || i18n.t(Msg::Empty)}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="history" data-testid="handover-history">
                            {l.items.clone().into_iter().map(|h| view! {
                                <li data-testid="handover-history-row">
                                    <div>
                                        <strong>{name_of(h.from_user_id)} " → " {name_of(h.to_user_id)}</strong>
                                        " " <time class="muted">{local_time(h.created_at)}</time>
                                    </div>
                                    <Counts counts=h.counts.clone() testid="handover-history-count" />
                                    {h.note.clone().map(|n| view! { <p class="muted">{n}</p> })}
                                </li>
                            }).collect_view()}
                        </ul>
                        <ListNote info=l.info() />
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
