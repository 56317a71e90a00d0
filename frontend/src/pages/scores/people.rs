//! The people a screen works on: a manager's team members (from the team week, as the other
//! manager screens read them), everyone scored for HR and admin.

use leptos::prelude::*;
use salesops_domain::Role;
use salesops_domain::users::UserListQuery;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::this_week;

/// `(user id, name)` of the people in the caller's care, by name.
pub fn people() -> LocalResource<Vec<(i64, String)>> {
    let api = use_api();
    let auth = use_auth();
    let manager = auth.has_role(Role::Manager) && !auth.has_role(Role::Hr);
    let me = auth.user().map(|u| u.id);
    LocalResource::new(move || async move {
        let mut out: Vec<(i64, String)> = if manager {
            api.week_summary(&this_week().to_string())
                .await
                .map(|s| {
                    s.people
                        .into_iter()
                        .map(|p| (p.user_id, p.display_name))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            api.all_users(&UserListQuery {
                disabled: Some(false),
                ..Default::default()
            })
            .await
            .map(|l| {
                l.items
                    .into_iter()
                    .filter(|u| u.has_role(Role::Salesperson) || u.has_role(Role::Manager))
                    .map(|u| (u.id, u.display_name))
                    .collect()
            })
            .unwrap_or_default()
        };
        out.retain(|(id, _)| Some(*id) != me);
        out
    })
}
