//! The teams, for names and selects.

use leptos::prelude::*;
use salesops_domain::teams::TeamDto;

use crate::api::Api;
use crate::components::{Choice, after_empty};
use crate::i18n::{AnyText, use_i18n};

/// Every team, for names and selects. Roles that may not list teams just see ids.
pub fn all_teams(api: Api) -> LocalResource<Vec<TeamDto>> {
    LocalResource::new(
        move || async move { api.all_teams().await.map(|l| l.items).unwrap_or_default() },
    )
}

/// The teams as choices, after `empty` (the choice of none) when given.
pub fn team_choices(
    teams: LocalResource<Vec<TeamDto>>,
    empty: Option<AnyText>,
) -> Signal<Vec<Choice>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        after_empty(
            i18n,
            empty,
            teams
                .get()
                .unwrap_or_default()
                .into_iter()
                .map(|t| Choice::new(t.id, t.name)),
        )
    })
}

/// The name of team `id` (`#id` while unknown), empty for none.
pub fn team_name(teams: LocalResource<Vec<TeamDto>>, id: Option<i64>) -> String {
    match id {
        None => String::new(),
        Some(id) => teams
            .get()
            .and_then(|ts| ts.into_iter().find(|t| t.id == id).map(|t| t.name))
            .unwrap_or_else(|| format!("#{id}")),
    }
}
