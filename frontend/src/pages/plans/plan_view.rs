//! One plan in "my week": its state, targets and expense estimate (save, submit), and its
//! visits.

use leptos::prelude::*;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::{
    ExpenseCategory, ExpenseEstimate, PlanDto, PlanState, UpdatePlanRequest,
};
use salesops_domain::{Fen, PerCategory};

use crate::api::use_api;
use crate::components::{
    ErrorBanner, Field, FieldErrors, FormErrors, InlineError, Submit, local_error,
};
use crate::i18n::plans::{P, category_msg};
use crate::i18n::{AnyText, I18n, Msg, use_i18n};
use crate::pages::plans::add_visit::AddVisitForm;
use crate::pages::plans::parts::{LateBadge, StateBadge};
use crate::pages::plans::visits::VisitCard;

const FIELDS: &[&str] = &[
    "calls_per_day",
    "visits_per_week",
    "new_clients",
    "other_tasks",
    "expense_estimate",
];

/// An amount as typed into an estimate field: blank is nothing.
fn amount(text: &str) -> Option<Fen> {
    if text.trim().is_empty() {
        Some(Fen::ZERO)
    } else {
        Fen::parse(text).ok()
    }
}

/// An amount for its input: `1200.50`, blank for nothing.
fn amount_input(fen: i64) -> String {
    if fen == 0 {
        String::new()
    } else {
        Fen(fen).plain()
    }
}

/// The input of the estimate of `c` (its errors are the API's `expense_estimate.<c>`).
fn estimate_field(c: ExpenseCategory) -> &'static str {
    match c {
        ExpenseCategory::Travel => "expense_estimate.travel",
        ExpenseCategory::PerDiem => "expense_estimate.per_diem",
        ExpenseCategory::Entertainment => "expense_estimate.entertainment",
        ExpenseCategory::Communication => "expense_estimate.communication",
        ExpenseCategory::BusinessDevelopment => "expense_estimate.business_development",
        ExpenseCategory::Other => "expense_estimate.other",
    }
}

/// The targets and estimate as typed.
#[derive(Debug, Clone, Copy)]
struct Targets {
    calls: RwSignal<String>,
    visits: RwSignal<String>,
    new_clients: RwSignal<String>,
    other: RwSignal<String>,
    estimate: PerCategory<RwSignal<String>>,
}

impl Targets {
    fn of(plan: &PlanDto) -> Self {
        let text = |v: i32| RwSignal::new(v.to_string());
        Targets {
            calls: text(plan.calls_per_day),
            visits: text(plan.visits_per_week),
            new_clients: text(plan.new_clients),
            other: RwSignal::new(plan.other_tasks.clone().unwrap_or_default()),
            estimate: PerCategory::from_fn(|c| {
                RwSignal::new(amount_input(plan.expense_estimate.get(c)))
            }),
        }
    }

    /// The estimate's total as typed (what is not an amount counts as nothing).
    fn total(&self) -> Fen {
        Fen::sum(
            self.estimate
                .iter()
                .map(|(_, v)| v.with(|t| amount(t).unwrap_or_default())),
        )
        .unwrap_or_default()
    }

    /// The update to send (the server's validators run on it next), or the fields that are
    /// not numbers or amounts.
    fn read(
        &self,
        i18n: I18n,
        version: Option<i64>,
    ) -> Result<UpdatePlanRequest, Vec<salesops_domain::FieldError>> {
        let mut bad = Vec::new();
        let mut int = |name: &str, v: RwSignal<String>| -> i32 {
            v.get_untracked().trim().parse::<i32>().unwrap_or_else(|_| {
                bad.push(local_error(i18n, name, P::BadNumber));
                0
            })
        };
        let calls = int("calls_per_day", self.calls);
        let visits = int("visits_per_week", self.visits);
        let new_clients = int("new_clients", self.new_clients);
        let fen = self.estimate.map(|c, v| {
            let typed = amount(&v.get_untracked());
            typed.map(|f| f.0).unwrap_or_else(|| {
                bad.push(local_error(i18n, estimate_field(c), P::BadAmount));
                0
            })
        });
        let estimate = ExpenseEstimate {
            travel: fen.travel,
            per_diem: fen.per_diem,
            entertainment: fen.entertainment,
            communication: fen.communication,
            business_development: fen.business_development,
            other: fen.other,
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(UpdatePlanRequest {
            calls_per_day: Some(calls),
            visits_per_week: Some(visits),
            new_clients: Some(new_clients),
            sales_target: None,
            other_tasks: Some(self.other.get_untracked().trim().to_owned()),
            expense_estimate: Some(estimate),
            version,
        })
    }
}

/// One plan: its state, targets and estimate, visits, and what can be done with it now.
#[component]
pub fn PlanView(
    plan: PlanDto,
    /// The plan as last loaded (its version changes with every write, visits included).
    latest: Memo<Option<PlanDto>>,
    week: IsoWeek,
    reload: Callback<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let plan_id = plan.id;
    let state = plan.state;
    // Submitted plans wait for a decision; everything else may be changed (an approved one
    // through a new revision).
    let editable = state.editable();
    let can_submit = matches!(state, PlanState::Draft | PlanState::Rejected);
    // Outcomes are recorded against an approved plan (the revision in force).
    let executable = plan.approved_revision.is_some();

    let errors = FormErrors::new();
    let targets = Targets::of(&plan);
    // Save, and with `true` submit what was saved.
    let save = Submit::new(
        errors,
        FIELDS,
        move |(request, submit): (UpdatePlanRequest, bool)| async move {
            let saved = api.update_plan(plan_id, &request).await?;
            let msg = if submit {
                api.submit_plan(plan_id, saved.version).await?;
                P::PlanSubmitted
            } else {
                P::PlanSaved
            };
            reload.run(Some(msg.into()));
            Ok(())
        },
    );
    let busy = save.pending();
    let version = plan.version;
    let send = move |submit: bool| {
        let version = latest.get_untracked().map(|p| p.version).or(Some(version));
        match targets.read(i18n, version) {
            Ok(request) => {
                if save.check(&request) {
                    save.send((request, submit));
                }
            }
            Err(bad) => save.invalid(bad),
        }
    };

    let visits = LocalResource::new(move || async move { api.plan_visits(plan_id).await });
    let on_visit_change = Callback::new(move |msg: P| {
        visits.refetch();
        reload.run(Some(msg.into()));
    });

    let revision_line = {
        let current = plan.revision;
        plan.approved_revision.map(|a| {
            view! {
                <p class="muted small" data-testid="approved-revision">
                    {move || i18n.t(P::ApprovedInForce)} {a}
                    {(current != a).then(|| format!(" · {} {current}", i18n.t(P::Revision)))}
                </p>
            }
        })
    };
    let comment = plan
        .decision_comment
        .clone()
        .filter(|c| !c.trim().is_empty());
    let comment_view = match (state, comment) {
        (PlanState::Rejected, Some(c)) => Some(
            view! {
                <div class="banner banner-error" data-testid="rejection-comment">
                    <span><strong>{move || i18n.t(P::RejectedBy)}</strong> {c}</span>
                </div>
            }
            .into_any(),
        ),
        (_, Some(c)) => Some(
            view! {
                <p class="muted" data-testid="decision-comment">
                    {move || i18n.t(P::DecisionComment)} {c}
                </p>
            }
            .into_any(),
        ),
        _ => None,
    };

    let est_fields = targets
        .estimate
        .iter()
        .map(|(c, v)| {
            view! {
                <Field
                    label=category_msg(c)
                    name=estimate_field(c)
                    testid=format!("plan-est-{}", c.as_str())
                    value=*v
                    errors=errors
                    inputmode="decimal"
                    disabled=!editable
                    placeholder="0.00"
                />
            }
        })
        .collect_view();

    let visit_list = move || {
        visits.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(list) if list.is_empty() => {
                view! { <p class="muted" data-testid="no-visits">{move || i18n.t(P::NoVisits)}</p> }.into_any()
            }
            Ok(mut list) => {
                list.sort_by(|a, b| {
                    (a.planned_date, a.time_from.clone(), a.id).cmp(&(b.planned_date, b.time_from.clone(), b.id))
                });
                let cards = list
                    .into_iter()
                    .map(|v| view! { <VisitCard visit=v week=week editable=editable executable=executable on_change=on_visit_change /> })
                    .collect_view();
                view! { <ul class="visit-list">{cards}</ul> }.into_any()
            }
        })
    };

    view! {
        <section class="panel" data-testid="plan" data-plan-id=plan_id data-state=state.as_str()>
            <div class="panel-head">
                <h2>{week.to_string()}</h2>
                <div class="badges">
                    <StateBadge state=state />
                    {plan.late.then(|| view! { <LateBadge /> })}
                </div>
            </div>
            {revision_line}
            {comment_view}
            {(state == PlanState::Submitted)
                .then(|| view! { <p class="muted" data-testid="waiting">{move || i18n.t(P::WaitingDecision)}</p> })}
            {(state == PlanState::Approved)
                .then(|| view! { <p class="muted small">{move || i18n.t(P::RevisionNote)}</p> })}
            <ErrorBanner errors=errors />
            <h3>{move || i18n.t(P::Targets)}</h3>
            <div class="plan-grid">
                <Field label=P::CallsPerDay name="calls_per_day" testid="plan-calls" value=targets.calls errors=errors kind="number" disabled=!editable />
                <Field label=P::VisitsPerWeek name="visits_per_week" testid="plan-visits-target" value=targets.visits errors=errors kind="number" disabled=!editable />
                <Field label=P::NewClients name="new_clients" testid="plan-new-clients" value=targets.new_clients errors=errors kind="number" disabled=!editable />
            </div>
            <Field label=P::OtherTasks name="other_tasks" testid="plan-other-tasks" value=targets.other errors=errors kind="textarea" rows=2 disabled=!editable />
            <h3>{move || i18n.t(P::ExpenseEstimate)}</h3>
            <div class="plan-grid">{est_fields}</div>
            <FieldErrors name="expense_estimate" errors=errors exact=true />
            <p class="est-total">
                {move || i18n.t(P::Total)} ": "
                <strong data-testid="plan-est-total">{move || targets.total().to_string()}</strong>
            </p>
            {editable.then(|| view! {
                <div class="form-actions">
                    <button type="button" data-testid="plan-save" disabled=move || busy.get() on:click=move |_| send(false)>
                        {move || i18n.t(P::SavePlan)}
                    </button>
                    {can_submit.then(|| view! {
                        <button type="button" class="primary" data-testid="plan-submit" disabled=move || busy.get() on:click=move |_| send(true)>
                            {move || i18n.t(P::SubmitPlan)}
                        </button>
                    })}
                </div>
            })}
        </section>
        <section class="panel" data-testid="visits">
            <h2>{move || i18n.t(P::Visits)}</h2>
            {(!executable).then(|| view! { <p class="muted small">{move || i18n.t(P::ExecuteAfterApproval)}</p> })}
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {visit_list}
            </Transition>
            <Show when=move || editable>
                <AddVisitForm plan_id=plan_id week=week on_added=on_visit_change />
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_amounts_are_fen() {
        assert_eq!(amount(""), Some(Fen::ZERO));
        assert_eq!(amount("120"), Some(Fen(12_000)));
        assert_eq!(amount("120.5"), Some(Fen(12_050)));
        assert_eq!(amount("¥1,200.05"), Some(Fen(120_005)));
        assert_eq!(amount("1.234"), None);
        assert_eq!(amount("abc"), None);
        // A negative amount is read; the plan's validators refuse it (as the server does).
        assert_eq!(amount("-3"), Some(Fen(-300)));
        assert_eq!(amount_input(0), "");
        assert_eq!(amount_input(12_050), "120.50");
        assert_eq!(amount(&amount_input(98_765)), Some(Fen(98_765)));
        assert_eq!(
            estimate_field(ExpenseCategory::PerDiem),
            "expense_estimate.per_diem"
        );
    }
}
