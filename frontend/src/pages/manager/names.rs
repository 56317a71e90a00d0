//! The names of the people in the manager's teams.

use leptos::prelude::*;

use crate::api::Api;
use crate::clock::this_week;

/// The names of the people in the manager's teams, by user id. Plans and visits carry only the
/// owner's id; the team summary names everyone in scope.
pub fn team_names(api: Api) -> LocalResource<Vec<(i64, String)>> {
    LocalResource::new(move || async move {
        api.week_summary(&this_week().to_string())
            .await
            .map(|s| {
                s.people
                    .into_iter()
                    .map(|p| (p.user_id, p.display_name))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The name of `id` in `names`, or `#id`.
pub fn name_of(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| format!("#{id}"))
}
