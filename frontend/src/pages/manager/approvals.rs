//! The approval inbox (计划审批): submitted plans of the manager's people, late ones marked,
//! with the plan's content, its visits and what changed; approve, or reject with a comment.
//! Decisions carry the plan's version: when someone else decided first, say so.

use leptos::prelude::*;
use salesops_domain::Fen;
use salesops_domain::plans::{
    ApprovePlanRequest, ExpenseCategory, PlanChange, PlanDto, PlanRevisionsDto, RejectPlanRequest,
    diff,
};
use salesops_domain::visits::VisitDto;
use serde_json::Value;

use crate::api::{ApiError, use_api};
use crate::clock::{local_time, week_span};
use crate::components::{ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, Submit};
use crate::i18n::plans::{P, category_msg, change_field_msg};
use crate::i18n::{AnyText, I18n, Msg, use_i18n};
use crate::pages::manager::names::{name_of, team_names};
use crate::pages::plans::parts::{LateBadge, StateBadge, day_label, time_window};

/// 分 shown as money.
fn money(fen: i64) -> String {
    Fen(fen).to_string()
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let inbox = LocalResource::new(move || async move { api.plans_to_review().await });
    let names = team_names(api);
    let notice = RwSignal::new(None::<AnyText>);
    let on_decided = Callback::new(move |msg: P| {
        notice.set(Some(msg.into()));
        inbox.refetch();
    });
    let reload = Callback::new(move |()| {
        notice.set(None);
        inbox.refetch();
    });

    let list = move || {
        let result = inbox.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(p) if p.items.is_empty() => view! {
                <p class="muted" data-testid="inbox-empty">{move || i18n.t(P::InboxEmpty)}</p>
            }
            .into_any(),
            Ok(p) => view! {
                <ListNote info=p.info() />
                <ul class="inbox">
                    {p
                        .items
                        .into_iter()
                        .map(|plan| {
                            view! { <InboxItem plan=plan names=names on_decided=on_decided reload=reload /> }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        })
    };

    view! {
        <section class="panel">
            <div class="panel-head">
                <h1>{move || i18n.t(P::ApprovalsTitle)}</h1>
                <button type="button" class="small" data-testid="inbox-reload" on:click=move |_| reload.run(())>
                    {move || i18n.t(P::Reload)}
                </button>
            </div>
            <Notice notice=notice />
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {list}
            </Transition>
        </section>
    }
}

#[component]
fn InboxItem(
    plan: PlanDto,
    names: LocalResource<Vec<(i64, String)>>,
    on_decided: Callback<P>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = plan.id;
    let version = plan.version;
    let owner = plan.owner_id;
    let open = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let stale = RwSignal::new(false);
    let owner_name = move || name_of(&names.get().unwrap_or_default(), owner);

    let decide = Submit::new(errors, &["comment"], move |decision: Decision| async move {
        let result = match decision {
            Decision::Approve(request) => api.approve_plan(id, &request).await.map(|_| P::Approved),
            Decision::Reject(request) => api.reject_plan(id, &request).await.map(|_| P::Rejected),
        };
        match result {
            Ok(msg) => {
                on_decided.run(msg);
                Ok(())
            }
            Err(e) if decided_elsewhere(&e) => {
                stale.set(true);
                Ok(())
            }
            Err(e) => Err(e),
        }
    });
    let busy = decide.pending();
    let send = move |approve: bool| {
        stale.set(false);
        let text = comment.get_untracked().trim().to_owned();
        if approve {
            decide.submit(Decision::Approve(ApprovePlanRequest {
                version,
                comment: Some(text).filter(|t| !t.is_empty()),
            }));
        } else {
            decide.submit(Decision::Reject(RejectPlanRequest {
                version,
                comment: text,
            }));
        }
    };

    let submitted = plan.submitted_at.map(local_time).unwrap_or_default();
    let week = plan.period.parse().ok();
    let summary = plan.clone();

    view! {
        <li class="inbox-item card" data-testid="inbox-item" data-plan-id=id data-owner=owner_name>
            <div class="visit-head">
                <div>
                    <strong data-testid="inbox-owner">{owner_name}</strong>
                    <div class="muted small">
                        {plan.period.clone()} " " {week.map(week_span)}
                    </div>
                    <div class="muted small">{move || i18n.t(P::SubmittedAt)} ": " {submitted.clone()}</div>
                </div>
                <div class="badges">
                    <StateBadge state=plan.state />
                    {plan.late.then(|| view! { <LateBadge /> })}
                    {(plan.revision > 1).then(|| view! {
                        <span class="badge badge-info">{move || i18n.t(P::Revision)} " " {plan.revision}</span>
                    })}
                </div>
            </div>
            <PlanFigures plan=summary />
            <button type="button" class="small" data-testid="inbox-details" on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { i18n.t(P::HideDetails) } else { i18n.t(P::Details) }}
            </button>
            <Show when=move || open.get()>
                <PlanDetails plan_id=id revision=plan.revision />
            </Show>
            <Show when=move || stale.get()>
                <div class="banner banner-error" role="alert" data-testid="stale-decision">
                    <span>{move || i18n.t(P::StaleDecision)}</span>
                    <button type="button" class="small" data-testid="stale-reload" on:click=move |_| reload.run(())>
                        {move || i18n.t(P::Reload)}
                    </button>
                </div>
            </Show>
            <ErrorBanner errors=errors />
            <Field label=P::RejectComment name="comment" testid="decision-comment-input" value=comment errors=errors kind="textarea" rows=2 />
            <div class="form-actions">
                <button type="button" class="primary" data-testid="approve" disabled=move || busy.get() on:click=move |_| send(true)>
                    {move || i18n.t(P::Approve)}
                </button>
                <button type="button" class="danger" data-testid="reject" disabled=move || busy.get() on:click=move |_| send(false)>
                    {move || i18n.t(P::Reject)}
                </button>
            </div>
        </li>
    }
}

/// An approval or a rejection, with the version the manager read.
#[derive(Debug, Clone)]
enum Decision {
    Approve(ApprovePlanRequest),
    Reject(RejectPlanRequest),
}

impl validator::Validate for Decision {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        match self {
            Decision::Approve(r) => r.validate(),
            Decision::Reject(r) => r.validate(),
        }
    }
}

/// Someone else decided (or the plan moved on) since the inbox was loaded.
fn decided_elsewhere(e: &ApiError) -> bool {
    e.status() == Some(409) && matches!(e.code(), Some("stale_version" | "invalid_state"))
}

/// Targets and the expense estimate, compactly.
#[component]
fn PlanFigures(plan: PlanDto) -> impl IntoView {
    let i18n = use_i18n();
    let est = plan.expense_estimate;
    let cats = ExpenseCategory::ALL
        .iter()
        .filter(|c| est.get(**c) != 0)
        .map(|c| {
            let c = *c;
            view! { <span class="figure">{move || i18n.t(category_msg(c))} " " {money(est.get(c))}</span> }
        })
        .collect_view();
    view! {
        <div class="figures" data-testid="plan-figures">
            <span class="figure">{move || i18n.t(P::CallsPerDay)} " " <strong>{plan.calls_per_day}</strong></span>
            <span class="figure">{move || i18n.t(P::VisitsPerWeek)} " " <strong>{plan.visits_per_week}</strong></span>
            <span class="figure">{move || i18n.t(P::NewClients)} " " <strong>{plan.new_clients}</strong></span>
        </div>
        <div class="figures">
            <span class="figure">
                {move || i18n.t(P::ExpenseEstimate)} " " <strong data-testid="plan-figures-total">{money(est.total())}</strong>
            </span>
            {cats}
        </div>
        {plan.other_tasks.clone().filter(|t| !t.is_empty()).map(|t| view! {
            <p class="small">{move || i18n.t(P::OtherTasks)} ": " {t.clone()}</p>
        })}
    }
}

/// The plan's visits and what changed: against the approved revision when there is one, else
/// against the revision submitted before (the rejected one).
#[component]
fn PlanDetails(plan_id: i64, revision: i32) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let data = LocalResource::new(move || async move {
        let visits = api.plan_visits(plan_id).await?;
        let revisions = api.plan_revisions(plan_id).await?;
        Ok::<(Vec<VisitDto>, PlanRevisionsDto), ApiError>((visits, revisions))
    });
    move || {
        data.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok((mut visits, revs)) => {
                visits.sort_by_key(|a| (a.planned_date, a.time_from.clone()));
                let (changes, against) = changes_to_show(&revs, revision);
                let visit_items = visits
                    .iter()
                    .map(|v| {
                        let d = v.planned_date;
                        let line = [time_window(v), v.purpose.clone().unwrap_or_default(), v.place.clone().unwrap_or_default()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! {
                            <li data-testid="inbox-visit">
                                <strong>{move || day_label(i18n, d)}</strong> " " {v.client_name.clone()}
                                <div class="muted small">{line}</div>
                            </li>
                        }
                    })
                    .collect_view();
                let change_items = changes
                    .iter()
                    .map(|c| {
                        let c = c.clone();
                        let visits = visits.clone();
                        view! {
                            <tr data-testid="change" data-field=c.field.clone()>
                                <td>{change_label(i18n, &c.field)}</td>
                                <td class="before">{value_text(&c.field, &c.before, &visits)}</td>
                                <td class="after">{value_text(&c.field, &c.after, &visits)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let heading = move || match against {
                    Some(n) => format!("{} ({} {n})", i18n.t(P::ChangesTitle), i18n.t(P::Revision)),
                    None => i18n.t(P::ChangesTitle).to_owned(),
                };
                let has_changes = !changes.is_empty();
                view! {
                    <div class="details" data-testid="inbox-detail">
                        <h3>{move || i18n.t(P::Visits)} " (" {visits.len()} ")"</h3>
                        <ul class="plain-list">{visit_items}</ul>
                        <h3>{heading}</h3>
                        {if has_changes {
                            view! {
                                <table class="diff" data-testid="diff">
                                    <thead>
                                        <tr>
                                            <th></th>
                                            <th>{move || i18n.t(P::Before)}</th>
                                            <th>{move || i18n.t(P::After)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{change_items}</tbody>
                                </table>
                            }
                            .into_any()
                        } else {
                            view! { <p class="muted small" data-testid="no-changes">{move || i18n.t(P::NoChanges)}</p> }.into_any()
                        }}
                    </div>
                }
                .into_any()
            }
        })
    }
}

/// The changes to show and the revision they are against: the server's diff against the
/// approved revision, or (when nothing is approved) the diff from the revision submitted
/// before this one.
fn changes_to_show(revs: &PlanRevisionsDto, current: i32) -> (Vec<PlanChange>, Option<i32>) {
    if revs.approved_revision.is_some() {
        return (revs.changes.clone(), revs.approved_revision);
    }
    let now = revs
        .revisions
        .iter()
        .filter(|r| r.revision <= current)
        .max_by_key(|r| (r.revision, r.submitted_at));
    let before = now.and_then(|n| {
        revs.revisions
            .iter()
            .filter(|r| (r.revision, r.submitted_at) < (n.revision, n.submitted_at))
            .max_by_key(|r| (r.revision, r.submitted_at))
    });
    match (before, now) {
        (Some(b), Some(n)) => (diff(&b.snapshot, &n.snapshot), Some(b.revision)),
        _ => (Vec::new(), None),
    }
}

fn change_label(i18n: I18n, field: &str) -> String {
    change_field_msg(field)
        .map(|m| i18n.t(m).to_owned())
        .unwrap_or_else(|| field.to_owned())
}

/// A diff value as text: money for the estimate, a visit as day, client and purpose.
fn value_text(field: &str, v: &Value, visits: &[VisitDto]) -> String {
    if v.is_null() {
        return "—".to_owned();
    }
    if field.starts_with("expense_estimate.") || field == "sales_target" {
        return v.as_i64().map(money).unwrap_or_else(|| v.to_string());
    }
    if field == "visit" {
        let client = v.get("client_id").and_then(Value::as_i64);
        let name = client
            .and_then(|c| {
                visits
                    .iter()
                    .find(|x| x.client_id == c)
                    .map(|x| x.client_name.clone())
            })
            .or_else(|| client.map(|c| format!("#{c}")))
            .unwrap_or_default();
        let date = v
            .get("planned_date")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let purpose = v.get("purpose").and_then(Value::as_str).unwrap_or_default();
        return [date, name.as_str(), purpose]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
    }
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
