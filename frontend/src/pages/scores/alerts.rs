//! The alerts (考核预警) of a month — below 60, or below 70 three months running — HR's of
//! everyone, a manager's of their teams. Those who manage improvement plans (HR, admin) also
//! "open an improvement plan" (goals, review date, kind) and see the open ones with their close
//! (outcome and note).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::scoring::improvement::{
    CloseImprovementPlanRequest, ImprovementKind, ImprovementOutcome, ImprovementPlanDto,
    ImprovementPlanRequest, ImprovementState,
};
use salesops_domain::scoring::score::AlertDto;

use salesops_domain::Capability;

use crate::api::use_api;
use crate::auth::use_auth;
use crate::components::{
    ErrorBanner, Field, FormErrors, InlineError, Notice, SelectField, Submit, local_error,
    parse_date, text_choices,
};
use crate::i18n::scores::{S, alert_kind_msg, improvement_kind_msg, outcome_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::scores::parts::{MonthSwitcher, month_from_query, prev_month, pts, this_month};

#[component]
pub fn AlertsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let month = Memo::new(move |_| {
        month_from_query(query.with(|q| q.get("month")), prev_month(this_month()))
    });
    let notice = RwSignal::new(None::<AnyText>);
    let manages = use_auth()
        .user()
        .is_some_and(|u| Capability::ImprovementPlansManage.allows(&u.roles));
    let alerts = LocalResource::new(move || {
        let m = month.get().to_string();
        async move { api.alerts(&m).await }
    });
    let plans = LocalResource::new(move || async move {
        if manages {
            api.improvement_plans(Some(ImprovementState::Open))
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    });
    let changed = Callback::new(move |msg: S| {
        notice.set(Some(msg.into()));
        alerts.refetch();
        plans.refetch();
    });
    view! {
        <section class="panel">
            <h1>{move || i18n.t(S::AlertsTitle)}</h1>
            <MonthSwitcher month=month base="/hr/alerts" />
            <Notice notice=notice />
        </section>
        <section class="panel" data-testid="alerts">
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || alerts.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(l) if l.is_empty() => view! { <p class="muted" data-testid="no-alerts">{move || i18n.t(S::NoAlerts)}</p> }.into_any(),
                    Ok(l) => l.into_iter().map(|a| view! { <AlertCard alert=a changed=changed manages=manages /> }).collect_view().into_any(),
                })}
            </Transition>
        </section>
        <Show when=move || manages>
            <section class="panel" data-testid="plans">
                <h2>{move || i18n.t(S::PlansTitle)}</h2>
                {move || plans.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(l)) if l.items.is_empty() => view! { <p class="muted">{move || i18n.t(S::NoPlans)}</p> }.into_any(),
                    Ok(Some(l)) => l.items.into_iter().map(|p| view! { <PlanCard plan=p changed=changed /> }).collect_view().into_any(),
                })}
            </section>
        </Show>
    }
}

#[component]
fn AlertCard(alert: AlertDto, changed: Callback<S>, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let opening = RwSignal::new(false);
    let goals = RwSignal::new(String::new());
    let review_on = RwSignal::new(String::new());
    let kind = RwSignal::new(ImprovementKind::Coaching.as_str().to_owned());
    let user_id = alert.user_id;
    let open = Submit::new(
        errors,
        &["goals", "review_on", "kind"],
        move |r: ImprovementPlanRequest| async move {
            api.open_improvement_plan(&r)
                .await
                .map(|_| changed.run(S::PlanOpened))
        },
    );
    let kinds = text_choices(
        ImprovementKind::ALL
            .iter()
            .map(|k| (k.as_str(), improvement_kind_msg(*k)))
            .collect(),
        None,
    );
    let totals = alert
        .totals
        .iter()
        .map(|t| pts(*t))
        .collect::<Vec<_>>()
        .join(" / ");
    let kind_msg = alert_kind_msg(alert.kind);
    let has_plan = alert.open_plan_id.is_some();
    view! {
        <div class="card" data-testid="alert" data-user-id=user_id data-kind=alert.kind.as_str()>
            <strong>{alert.user_name.clone()}</strong>
            {alert.team_name.clone().map(|t| view! { " · " <span class="muted">{t}</span> })}
            " · " <span class="badge badge-warn">{move || i18n.t(kind_msg)}</span>
            <div class="small">{alert.months.join("、")} " · " {totals}</div>
            {if has_plan {
                view! { <span class="badge" data-testid="alert-has-plan">{move || i18n.t(S::HasPlan)}</span> }.into_any()
            } else if !manages {
                ().into_any()
            } else {
                view! {
                    <Show when=move || !opening.get()>
                        <button type="button" class="small primary" data-testid="alert-open-plan" on:click=move |_| opening.set(true)>
                            {move || i18n.t(S::OpenPlan)}
                        </button>
                    </Show>
                    <Show when=move || opening.get()>
                        <div data-testid="plan-form">
                            <ErrorBanner errors=errors />
                            <Field label=S::Goals name="goals" testid="plan-goals" value=goals errors=errors kind="textarea" rows=3 required=true />
                            <Field label=S::ReviewOn name="review_on" testid="plan-review-on" value=review_on errors=errors kind="date" required=true />
                            <SelectField label=S::Kind name="kind" testid="plan-kind" value=kind choices=kinds errors=errors />
                            <div class="form-actions">
                                <button type="button" class="primary" data-testid="plan-open" disabled=move || open.pending().get()
                                    on:click=move |_| {
                                        let Some(date) = parse_date(&review_on.get_untracked()) else {
                                            open.invalid(vec![local_error(i18n, "review_on", Msg::ErrRequired)]);
                                            return;
                                        };
                                        open.submit(ImprovementPlanRequest {
                                            user_id,
                                            goals: goals.get_untracked().trim().to_owned(),
                                            review_on: date,
                                            kind: kind.get_untracked().parse().unwrap_or(ImprovementKind::Coaching),
                                        });
                                    }>
                                    {move || i18n.t(S::Confirm)}
                                </button>
                                <button type="button" class="small" on:click=move |_| opening.set(false)>{move || i18n.t(S::Cancel)}</button>
                            </div>
                        </div>
                    </Show>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn PlanCard(plan: ImprovementPlanDto, changed: Callback<S>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let closing = RwSignal::new(false);
    let outcome = RwSignal::new(ImprovementOutcome::Improved.as_str().to_owned());
    let note = RwSignal::new(String::new());
    let id = plan.id;
    let close = Submit::new(
        errors,
        &["outcome", "note"],
        move |r: CloseImprovementPlanRequest| async move {
            api.close_improvement_plan(id, &r)
                .await
                .map(|_| changed.run(S::PlanClosed))
        },
    );
    let outcomes = text_choices(
        ImprovementOutcome::ALL
            .iter()
            .map(|o| (o.as_str(), outcome_msg(*o)))
            .collect(),
        None,
    );
    let kind = improvement_kind_msg(plan.kind);
    view! {
        <div class="card" data-testid="plan" data-plan-id=id data-user-id=plan.user_id>
            <strong>{plan.user_name.clone()}</strong> " · " <span class="badge">{move || i18n.t(kind)}</span>
            " · " {move || i18n.t(S::ReviewOn)} " " {plan.review_on.to_string()}
            <p class="pre-wrap small">{plan.goals.clone()}</p>
            <Show when=move || !closing.get()>
                <button type="button" class="small" data-testid="plan-close" on:click=move |_| closing.set(true)>
                    {move || i18n.t(S::ClosePlan)}
                </button>
            </Show>
            <Show when=move || closing.get()>
                <div data-testid="close-form">
                    <ErrorBanner errors=errors />
                    <SelectField label=S::Outcome name="outcome" testid="close-outcome" value=outcome choices=outcomes errors=errors />
                    <Field label=S::Note name="note" testid="close-note" value=note errors=errors kind="textarea" rows=2 required=true />
                    <div class="form-actions">
                        <button type="button" class="primary" data-testid="close-send" disabled=move || close.pending().get()
                            on:click=move |_| close.submit(CloseImprovementPlanRequest {
                                outcome: outcome.get_untracked().parse().unwrap_or(ImprovementOutcome::Improved),
                                note: note.get_untracked().trim().to_owned(),
                            })>
                            {move || i18n.t(S::Confirm)}
                        </button>
                        <button type="button" class="small" on:click=move |_| closing.set(false)>{move || i18n.t(S::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
