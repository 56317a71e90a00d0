//! Pieces of the client screens: badges, the choices of the client's enums, the users to
//! choose from.

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::clients::{Credit, SourceChannel, Stage, Tier};
use salesops_domain::users::{UserDto, UserListQuery};

use crate::api::Api;
use crate::i18n::clients::{CMsg, credit_msg, source_msg, stage_msg, tier_msg};
use crate::i18n::use_i18n;

/// Users the caller may see (admin and HR: everyone; a manager: their teams), for selects.
pub fn visible_users(api: Api, role: Option<Role>) -> LocalResource<Vec<UserDto>> {
    LocalResource::new(move || async move {
        let filter = UserListQuery {
            role,
            ..Default::default()
        };
        api.all_users(&filter)
            .await
            .map(|l| l.items)
            .unwrap_or_default()
    })
}

#[component]
pub fn TierBadge(tier: Tier) -> impl IntoView {
    let i18n = use_i18n();
    let class = match tier {
        Tier::Key => "badge badge-key",
        Tier::General => "badge",
    };
    view! { <span class=class data-testid="badge-tier">{move || i18n.t(tier_msg(tier))}</span> }
}

#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge stage-{}", stage.as_str());
    view! { <span class=class data-testid="badge-stage">{move || i18n.t(stage_msg(stage))}</span> }
}

/// Shows nothing for a normal credit rating.
#[component]
pub fn CreditBadge(credit: Credit) -> impl IntoView {
    let i18n = use_i18n();
    (credit != Credit::Normal).then(|| {
        let class = format!("badge credit-{}", credit.as_str());
        view! { <span class=class data-testid="badge-credit">{move || i18n.t(credit_msg(credit))}</span> }
    })
}

#[component]
pub fn OverdueBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge badge-overdue" data-testid="badge-overdue">{move || i18n.t(CMsg::Overdue)}</span> }
}

pub fn tier_choices() -> Vec<(&'static str, CMsg)> {
    Tier::ALL
        .iter()
        .map(|t| (t.as_str(), tier_msg(*t)))
        .collect()
}

pub fn stage_choices() -> Vec<(&'static str, CMsg)> {
    Stage::ALL
        .iter()
        .map(|s| (s.as_str(), stage_msg(*s)))
        .collect()
}

pub fn credit_choices() -> Vec<(&'static str, CMsg)> {
    Credit::ALL
        .iter()
        .map(|c| (c.as_str(), credit_msg(*c)))
        .collect()
}

pub fn source_choices() -> Vec<(&'static str, CMsg)> {
    SourceChannel::ALL
        .iter()
        .map(|s| (s.as_str(), source_msg(*s)))
        .collect()
}
