//! Next week's plan on the weekly report: linked (with a link to it), or a button that links
//! it, creating the draft plan first when there is none.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanDto;
use salesops_domain::reports::{UpdateWeeklyReportRequest, WeeklyReportDto};

use crate::api::plans::weekly_plan_request;
use crate::api::{Api, ApiError, use_api};
use crate::clock::this_week;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, Submit};
use crate::i18n::reports::R;
use crate::i18n::use_i18n;

/// The owner's plan for `week`, created when there is none (or read when another tab created
/// it meanwhile).
async fn find_or_create_plan(api: Api, owner: i64, week: &str) -> Result<PlanDto, ApiError> {
    if let Some(p) = api.find_weekly_plan(owner, week).await? {
        return Ok(p);
    }
    match api.create_plan(&weekly_plan_request(week)).await {
        Err(e) if e.status() == Some(409) => api
            .find_weekly_plan(owner, week)
            .await?
            .ok_or(ApiError::Network("plan vanished".into())),
        other => other,
    }
}

#[component]
pub fn NextPlanLink(
    report: RwSignal<WeeklyReportDto>,
    errors: FormErrors,
    editable: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let next_week = Memo::new(move |_| {
        report.with(|r| {
            r.week
                .parse::<IsoWeek>()
                .map(IsoWeek::next)
                .unwrap_or_else(|_| this_week().next())
        })
    });
    let owner = report.with_untracked(|r| r.owner_id);
    let plan = LocalResource::new(move || {
        let w = next_week.get();
        // Refetched when the link changes.
        let _ = report.with(|r| r.next_plan_id);
        async move {
            api.find_weekly_plan(owner, &w.to_string())
                .await
                .ok()
                .flatten()
        }
    });
    // Its own errors: linking leaves what the report's submission said about the sections.
    let link_errors = FormErrors::new();
    let link = Submit::new(link_errors, &["next_plan_id"], move |()| async move {
        let id = report.with_untracked(|r| r.id);
        let w = next_week.get_untracked().to_string();
        let p = find_or_create_plan(api, owner, &w).await?;
        let body = UpdateWeeklyReportRequest {
            next_plan_id: Some(p.id),
            ..Default::default()
        };
        report.set(api.update_weekly_report(id, &body).await?);
        errors
            .fields
            .update(|f| f.retain(|e| e.field != "next_plan_id"));
        Ok(())
    });
    let busy = link.pending();
    let linked = Memo::new(move |_| report.with(|r| r.next_plan_id));
    view! {
        <section class="panel" data-testid="next-plan">
            <h2>{move || i18n.t(R::NextPlan)} " " <span class="muted">{move || next_week.get().to_string()}</span></h2>
            {move || match linked.get() {
                Some(pid) => view! {
                    <p data-testid="next-plan-linked" data-plan-id=pid.to_string()>
                        <span class="badge report-submitted">{move || i18n.t(R::NextPlanLinked)}</span>
                        " "
                        <A href=move || format!("/plans/week?week={}", next_week.get())>{move || i18n.t(R::NextPlanOpen)}</A>
                    </p>
                }
                .into_any(),
                None => view! {
                    <p class="muted">{move || i18n.t(R::NextPlanNone)}</p>
                    <Show when=move || editable.get()>
                        <button type="button" data-testid="next-plan-link" disabled=move || busy.get() on:click=move |_| link.send(())>
                            {move || match plan.get().flatten() {
                                Some(_) => i18n.t(R::NextPlanLink),
                                None => i18n.t(R::NextPlanCreate),
                            }}
                        </button>
                    </Show>
                }
                .into_any(),
            }}
            <FieldErrors name="next_plan_id" errors=errors />
            <FieldErrors name="next_plan_id" errors=link_errors />
            <ErrorBanner errors=link_errors />
        </section>
    }
}
