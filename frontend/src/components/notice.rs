//! Success messages, and the note under a list that was cut short.

use leptos::prelude::*;

use crate::api::ListInfo;
use crate::i18n::{AnyText, Msg, use_i18n};

/// A success message (any text) that the user can dismiss; nothing while there is none.
#[component]
pub fn Notice(notice: RwSignal<Option<AnyText>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        notice.get().map(|m| {
            view! {
                <div class="banner banner-ok" role="status" data-testid="notice">
                    <span>{move || i18n.t(m)}</span>
                    <button
                        type="button"
                        class="banner-close"
                        title=move || i18n.t(Msg::Dismiss)
                        on:click=move |_| notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// Says that a list shows only its first rows (the client stopped following its pages);
/// nothing for a complete list.
#[component]
pub fn ListNote(info: ListInfo) -> impl IntoView {
    let i18n = use_i18n();
    (!info.complete).then(|| {
        view! {
            <p class="muted small" data-testid="list-incomplete">
                {move || i18n.t(Msg::ListIncomplete)} " " {info.shown} " / " {info.total}
            </p>
        }
    })
}
