//! A document's history as a timeline: who did what, when and why. The page loads the entries
//! (each area has its own history endpoint) and says how an action is named.

use leptos::prelude::*;
use salesops_domain::workflow::HistoryEntry;

use crate::api::ApiError;
use crate::clock::local_time;
use crate::components::InlineError;
use crate::i18n::{AnyText, use_i18n};

/// The loaded history under a heading; `label` names an action (`None`: the action's code is
/// shown), `testid` is the list's `data-testid` (each area's browser tests look for their own).
#[component]
pub fn Timeline(
    entries: LocalResource<Result<Vec<HistoryEntry>, ApiError>>,
    #[prop(into)] title: AnyText,
    #[prop(into)] empty: AnyText,
    label: fn(&str) -> Option<AnyText>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3>{move || i18n.t(title)}</h3>
        {move || entries.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <p class="muted small">{move || i18n.t(empty)}</p>
            }.into_any(),
            Ok(list) => view! {
                <ul class="timeline" data-testid=testid>
                    {list.into_iter().map(|h| {
                        let action = h.action.clone();
                        let name = move || label(&action).map(|m| i18n.t(m).to_owned()).unwrap_or_else(|| action.clone());
                        view! {
                            <li data-testid="history-entry" data-action=h.action.clone() data-to=h.to_state.clone()>
                                <strong>{name}</strong> " · " {h.actor_name.clone().unwrap_or_default()}
                                " · " <span class="muted small">{local_time(h.at)}</span>
                                {h.comment.clone().filter(|c| !c.is_empty()).map(|c| view! {
                                    <div class="small" data-testid="history-comment">{c}</div>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}
