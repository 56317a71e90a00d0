//! Pieces of the deal screens: stage and state badges, a deal's history, the choices of the
//! enums, and what was typed in an amount field.

use leptos::prelude::*;
use salesops_domain::Fen;
use salesops_domain::deals::{ContractState, PaymentMethod, ProjectStage};

use crate::api::deals::DealDoc;
use crate::api::use_api;
use crate::components::Timeline;
use crate::i18n::deals::{
    D, contract_state_msg, deal_action_msg, payment_method_msg, project_stage_msg,
};
use crate::i18n::{AnyText, use_i18n};

/// 分 as people read it: `¥1,234.50`.
pub fn money(fen: i64) -> String {
    Fen(fen).to_string()
}

/// What was typed in an amount field, in 分: `None` unless it is an amount above zero.
pub fn typed_fen(text: &str) -> Option<i64> {
    Fen::parse(text.trim()).ok().map(|f| f.0).filter(|f| *f > 0)
}

/// 分 as an amount field shows them: `"1234.50"`.
pub fn fen_text(fen: i64) -> String {
    Fen(fen).plain()
}

pub fn payment_method_choices() -> Vec<(&'static str, D)> {
    PaymentMethod::ALL
        .iter()
        .map(|m| (m.as_str(), payment_method_msg(*m)))
        .collect()
}

pub fn contract_state_choices() -> Vec<(&'static str, D)> {
    ContractState::ALL
        .iter()
        .map(|s| (s.as_str(), contract_state_msg(*s)))
        .collect()
}

#[component]
pub fn ProjectStageBadge(stage: ProjectStage) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge deal-{}", stage.as_str()) data-testid="project-stage" data-stage=stage.as_str()>
            {move || i18n.t(project_stage_msg(stage))}
        </span>
    }
}

#[component]
pub fn ContractStateBadge(state: ContractState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge contract-{}", state.as_str()) data-testid="contract-state" data-state=state.as_str()>
            {move || i18n.t(contract_state_msg(state))}
        </span>
    }
}

/// Who did what to a project or a contract, when and why (read when shown: the page shows it
/// anew whenever the document changes).
#[component]
pub fn DealHistory(doc: DealDoc, id: i64) -> impl IntoView {
    let api = use_api();
    let entries = LocalResource::new(move || async move { api.deal_history(doc, id).await });
    view! {
        <Timeline
            entries=entries
            title=D::History
            empty=D::NoHistory
            label=|a| deal_action_msg(a).map(AnyText::from)
            testid="deal-history"
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_typed_in_yuan() {
        assert_eq!(typed_fen("1234.5"), Some(123_450));
        assert_eq!(typed_fen(" 300 "), Some(30_000));
        assert_eq!(typed_fen("0"), None);
        assert_eq!(typed_fen("abc"), None);
        assert_eq!(fen_text(123_450), "1234.50");
        assert_eq!(fen_text(5), "0.05");
    }
}
