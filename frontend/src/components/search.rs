//! A search box that searches once typing pauses.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{AnyText, use_i18n};

/// How long typing must pause before the search runs.
const PAUSE: Duration = Duration::from_millis(300);

/// Search input state: what is typed, and what is searched for (after a pause).
#[derive(Debug, Clone, Copy)]
pub struct Debounced {
    pub input: RwSignal<String>,
    pub value: RwSignal<String>,
    ticket: StoredValue<u64>,
}

impl Default for Debounced {
    fn default() -> Self {
        Self::new()
    }
}

impl Debounced {
    pub fn new() -> Self {
        Debounced {
            input: RwSignal::new(String::new()),
            value: RwSignal::new(String::new()),
            ticket: StoredValue::new(0),
        }
    }

    /// Records what was typed; the search follows once typing pauses.
    pub fn typed(&self, text: String) {
        self.input.set(text);
        let ticket = self.ticket.get_value() + 1;
        self.ticket.set_value(ticket);
        let this = *self;
        set_timeout(
            move || {
                if this.ticket.try_get_value() == Some(ticket) {
                    this.value.set(this.input.get_untracked());
                }
            },
            PAUSE,
        );
    }

    /// Searches now (Enter).
    pub fn flush(&self) {
        self.ticket.update_value(|t| *t += 1);
        self.value.set(self.input.get_untracked());
    }
}

/// The search input of a [`Debounced`] search.
#[component]
pub fn SearchInput(
    search: Debounced,
    testid: &'static str,
    #[prop(into)] placeholder: AnyText,
    /// What a screen reader calls the box.
    #[prop(into)]
    label: AnyText,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <input
            type="search"
            data-testid=testid
            placeholder=move || i18n.t(placeholder)
            aria-label=move || i18n.t(label)
            prop:value=move || search.input.get()
            on:input=move |ev| search.typed(event_target_value(&ev))
        />
    }
}
