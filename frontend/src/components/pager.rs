//! Lists that grow ("load more") and the selects that filter them.

use leptos::prelude::*;
use salesops_domain::page::MAX_PER_PAGE;

use super::field::Choice;
use crate::i18n::{AnyText, Msg, use_i18n};

/// How many rows a growing list asks for: `step` more on each "load more", up to the API's
/// largest page; back to `step` when its filter changes.
#[derive(Debug, Clone, Copy)]
pub struct Growing {
    pub limit: RwSignal<u32>,
    step: u32,
}

impl Growing {
    pub fn new(step: u32) -> Self {
        Growing {
            limit: RwSignal::new(step),
            step,
        }
    }

    /// Starts from the first rows again.
    pub fn reset(&self) {
        if self.limit.get_untracked() != self.step {
            self.limit.set(self.step);
        }
    }
}

/// The total of a growing list, and the "load more" button while there is more.
#[component]
pub fn MorePager(list: Growing, shown: usize, total: i64) -> impl IntoView {
    let i18n = use_i18n();
    let more = (shown as i64) < total && list.limit.get_untracked() < MAX_PER_PAGE;
    view! {
        <div class="pager">
            <span data-testid="clients-total">{move || i18n.t(Msg::TotalRows)} " " {total}</span>
            {more.then(|| view! {
                <button type="button" class="small" data-testid="clients-more"
                    on:click=move |_| list.limit.update(|l| *l = (*l + list.step).min(MAX_PER_PAGE))>
                    {move || i18n.t(Msg::MoreResults)}
                </button>
            })}
        </div>
    }
}

/// A select that filters a list: "all" (`""`) first, then the choices.
#[component]
pub fn FilterSelect(
    #[prop(into)] label: AnyText,
    #[prop(into)] all: AnyText,
    value: RwSignal<String>,
    testid: &'static str,
    #[prop(into)] choices: Signal<Vec<Choice>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select
            data-testid=testid
            aria-label=move || i18n.t(label)
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            <option value="">{move || i18n.t(all)}</option>
            <For each=move || choices.get() key=|c| (c.value.clone(), c.label.clone()) let:c>
                <option value=c.value.clone()>{c.label.clone()}</option>
            </For>
        </select>
    }
}
