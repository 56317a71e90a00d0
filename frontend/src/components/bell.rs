//! The bell in the header: the unread count (also in the tab's title, `(3) 业务员管理`), and a
//! panel of the newest notifications; a click opens the record and marks it read. The count
//! is read every minute and on every navigation: one small query, so polling stays modest.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use salesops_domain::notifications::NotificationDto;

use crate::api::use_api;
use crate::clock::local_time;
use crate::i18n::notifications::NMsg;
use crate::i18n::{Msg, use_i18n};

/// How often the count is read while the app is open.
const POLL: Duration = Duration::from_secs(60);

fn set_title(text: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(text);
    }
}

#[component]
pub fn Bell() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    let unread = RwSignal::new(0_i64);
    let open = RwSignal::new(false);
    let items = RwSignal::new(Vec::<NotificationDto>::new());

    let refresh = move || {
        spawn_local(async move {
            // A failed poll keeps the last count; the next one tries again.
            if let Ok(c) = api.unread_count().await {
                unread.set(c.unread);
            }
        });
    };
    let load_items = move || {
        spawn_local(async move {
            if let Ok(page) = api.latest_notifications().await {
                items.set(page.items);
            }
        });
    };
    // On every navigation (and at the start).
    Effect::new(move |_| {
        location.pathname.track();
        refresh();
    });
    if let Ok(handle) = set_interval_with_handle(refresh, POLL) {
        on_cleanup(move || handle.clear());
    }
    // The tab's title carries the count.
    Effect::new(move |_| {
        let name = i18n.t(Msg::AppName);
        match unread.get() {
            0 => set_title(name),
            n => set_title(&format!("({n}) {name}")),
        }
    });
    on_cleanup(move || set_title(i18n.t(Msg::AppName)));

    let toggle = move |_| {
        let now_open = !open.get_untracked();
        open.set(now_open);
        if now_open {
            load_items();
        }
    };
    let mark_all = move |_| {
        spawn_local(async move {
            if let Ok(c) = api.mark_all_read().await {
                unread.set(c.unread);
                load_items();
            }
        });
    };
    let rows = move || {
        let list = items.get();
        if list.is_empty() {
            return view! { <p class="muted" data-testid="bell-empty">{move || i18n.t(NMsg::Empty)}</p> }
                .into_any();
        }
        list.into_iter()
            .map(|n| {
                let navigate = navigate.clone();
                let (id, link, was_unread) = (n.id, n.link.clone(), n.read_at.is_none());
                let go = move |_| {
                    let navigate = navigate.clone();
                    let link = link.clone();
                    open.set(false);
                    spawn_local(async move {
                        if was_unread && let Ok(c) = api.mark_read(vec![id]).await {
                            unread.set(c.unread);
                        }
                        if let Some(link) = link {
                            navigate(&link, Default::default());
                        }
                    });
                };
                view! {
                    <li class:unread=was_unread data-testid="bell-item">
                        <button type="button" class="link-button bell-item" on:click=go>
                            <span class="bell-item-title">{n.title.clone()}</span>
                            {n.body.clone().map(|b| view! { <span class="muted bell-item-body">{b}</span> })}
                            <span class="muted bell-item-time">{local_time(n.created_at)}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };

    view! {
        <div class="bell">
            <button
                type="button"
                class="link-button bell-button"
                data-testid="bell"
                title=move || i18n.t(NMsg::BellTitle)
                aria-expanded=move || open.get().to_string()
                on:click=toggle
            >
                {move || i18n.t(NMsg::Bell)}
                <Show when=move || { unread.get() > 0 }>
                    <span class="bell-count" data-testid="bell-count">{move || unread.get()}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div class="bell-panel" data-testid="bell-panel">
                    <div class="bell-panel-tools">
                        <button type="button" class="link-button" data-testid="bell-mark-all" on:click=mark_all>
                            {move || i18n.t(NMsg::MarkAllRead)}
                        </button>
                        <button type="button" class="link-button" on:click=move |_| open.set(false)>
                            {move || i18n.t(NMsg::Close)}
                        </button>
                    </div>
                    <ul class="bell-list">{rows.clone()}</ul>
                </div>
            </Show>
        </div>
    }
}
