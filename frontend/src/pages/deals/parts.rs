//! Pieces of the deal screens: stage and state badges, a deal's history, the choices of the
//! enums, and what was typed in an amount field.

use leptos::prelude::*;
use salesops_domain::Fen;
use salesops_domain::deals::{ContractState, PaymentMethod, ProjectStage};

use crate::api::deals::DealDoc;
use crate::api::use_api;
use crate::clock::local_time;
use crate::components::InlineError;
use crate::i18n::deals::{
    D, contract_state_msg, deal_action_msg, payment_method_msg, project_stage_msg,
};
use crate::i18n::use_i18n;

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
    let i18n = use_i18n();
    let api = use_api();
    let entries = LocalResource::new(move || async move { api.deal_history(doc, id).await });
    view! {
        <h3>{move || i18n.t(D::History)}</h3>
        {move || entries.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <p class="muted small">{move || i18n.t(D::NoHistory)}</p>
            }.into_any(),
            Ok(list) => view! {
                <ul class="timeline" data-testid="deal-history">
                    {list.into_iter().map(|h| {
                        let action = h.action.clone();
                        let label = move || deal_action_msg(&action).map(|m| i18n.t(m).to_owned()).unwrap_or_else(|| action.clone());
                        view! {
                            <li data-testid="history-entry" data-action=h.action.clone() data-to=h.to_state.clone()>
                                <strong>{label}</strong> " · " {h.actor_name.clone().unwrap_or_default()}
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
