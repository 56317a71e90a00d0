//! Pieces of the money screens: amounts, state and flag badges, a document's history.

use leptos::prelude::*;
use salesops_domain::Fen;
use salesops_domain::advances::AdvanceState;
use salesops_domain::expenses::{ClaimState, LineFlag};
use salesops_domain::plans::ExpenseCategory;

use crate::api::money::MoneyDoc;
use crate::api::use_api;
use crate::components::Timeline;
use crate::i18n::money::{M, action_msg, advance_state_msg, claim_state_msg, flag_msg};
use crate::i18n::plans::category_msg;
use crate::i18n::{AnyText, use_i18n};

/// 分 as people read it: `¥1,234.50`.
pub fn money(fen: i64) -> String {
    Fen(fen).to_string()
}

/// What was typed in an amount field, in 分 (`None` when it is not an amount above zero).
pub fn typed_fen(text: &str) -> Option<i64> {
    Fen::parse(text).ok().map(|f| f.0).filter(|f| *f >= 0)
}

/// The category choices, in the domain's order, with their names.
pub fn category_choices() -> Vec<(&'static str, crate::i18n::plans::P)> {
    ExpenseCategory::ALL
        .iter()
        .map(|c| (c.as_str(), category_msg(*c)))
        .collect()
}

#[component]
pub fn ClaimStateBadge(state: ClaimState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge money-{}", state.as_str()) data-testid="claim-state" data-state=state.as_str()>
            {move || i18n.t(claim_state_msg(state))}
        </span>
    }
}

#[component]
pub fn AdvanceStateBadge(state: AdvanceState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge money-{}", state.as_str()) data-testid="advance-state" data-state=state.as_str()>
            {move || i18n.t(advance_state_msg(state))}
        </span>
    }
}

/// A line's flags as warning badges.
#[component]
pub fn FlagBadges(#[prop(into)] flags: Signal<Vec<LineFlag>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        flags
            .get()
            .into_iter()
            .map(|f| {
                view! {
                    <span class="badge badge-warn" data-testid="line-flag" data-flag=f.as_str()>
                        {move || i18n.t(flag_msg(f))}
                    </span>
                }
            })
            .collect_view()
    }
}

/// Who did what to a document, when and why.
#[component]
pub fn History(doc: MoneyDoc, id: i64) -> impl IntoView {
    let api = use_api();
    let entries = LocalResource::new(move || async move { api.money_history(doc, id).await });
    view! {
        <Timeline
            entries=entries
            title=M::History
            empty=M::NoHistory
            label=|a| action_msg(a).map(AnyText::from)
            testid="history"
        />
    }
}
