//! A visit named by a score's evidence (`/scores/visit/:id`): read, then shown on its week —
//! the owner's own week plan, or the team week for their manager.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use salesops_domain::period::IsoWeek;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::InlineError;
use crate::i18n::scores::S;
use crate::i18n::use_i18n;

/// Where a visit of `owner_id` on `date` is shown to `me`.
pub fn visit_page(me: Option<i64>, owner_id: i64, date: chrono::NaiveDate) -> String {
    let week = IsoWeek::of(date);
    if me == Some(owner_id) {
        format!("/plans/week?week={week}")
    } else {
        format!("/manager/team-week?week={week}")
    }
}

#[component]
pub fn VisitEvidencePage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let params = use_params_map();
    let navigate = use_navigate();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let visit = LocalResource::new(move || async move {
        match id {
            Some(id) => api.visit(id).await.map(Some),
            None => Ok(None),
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(v))) = visit.get() {
            let me = auth.user().map(|u| u.id);
            navigate(
                &visit_page(me, v.owner_id, v.planned_date),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! {
        <section class="panel">
            {move || match visit.get() {
                Some(Err(e)) => view! { <InlineError error=e /> }.into_any(),
                _ => view! { <p class="muted">{move || i18n.t(S::OpenVisit)}</p> }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_sees_their_week_a_manager_the_team_week() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        assert_eq!(visit_page(Some(3), 3, d), "/plans/week?week=2026-W48");
        assert_eq!(
            visit_page(Some(1), 3, d),
            "/manager/team-week?week=2026-W48"
        );
    }
}
