//! "My week" (我的一周): the salesperson's weekly plan — create it, set targets and the expense
//! estimate, plan visits from the client list, submit; then tick visits done, missed or moved,
//! and keep the daily log. Phone first.

use chrono::Duration;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use salesops_domain::clients::ClientDto;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::{
    CreatePlanRequest, ExpenseCategory, ExpenseEstimate, PlanDto, PlanKind, PlanState,
    UpdatePlanRequest,
};
use salesops_domain::visits::PlanVisitRequest;

use crate::api::{ApiError, use_api};
use crate::app::is_signed_out;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, InlineError};
use crate::i18n::plans::{P, category_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::plans::daily_log::DailyLogCard;
use crate::pages::plans::visits::VisitCard;
use crate::pages::plans::{
    LateBadge, PField, PNotice, StateBadge, WeekSwitcher, day_label, local_error, money,
    parse_yuan, today, week_from_query, yuan_input,
};

/// What the page shows: an error, the offer to create the plan, or the plan (by identity and
/// state).
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Error(ApiError),
    NoPlan,
    Plan {
        id: i64,
        state: PlanState,
        revision: i32,
        approved: Option<i32>,
        late: bool,
        comment: Option<String>,
    },
}

#[component]
pub fn MyWeekPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let query = use_query_map();
    let week = Memo::new(move |_| week_from_query(query.with(|q| q.get("week"))));
    let me = Memo::new(move |_| auth.user().map(|u| u.id).unwrap_or_default());
    let tick = RwSignal::new(0_u32);
    let notice = RwSignal::new(None::<P>);
    let errors = FormErrors::new();
    let plan = LocalResource::new(move || {
        let w = week.get();
        let me = me.get();
        tick.get();
        async move { api.my_week_plan(me, &w.to_string()).await }
    });
    let reload = Callback::new(move |msg: Option<P>| {
        if msg.is_some() {
            notice.set(msg);
        }
        tick.update(|t| *t += 1);
    });
    // A new week clears the messages of the last one.
    Effect::new(move |_| {
        week.track();
        notice.set(None);
        errors.clear();
    });

    let busy = RwSignal::new(false);
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.clear();
        let request = CreatePlanRequest {
            kind: PlanKind::Weekly,
            period: week.get_untracked().to_string(),
            owner_id: None,
            calls_per_day: None,
            visits_per_week: None,
            new_clients: None,
            sales_target: None,
            other_tasks: None,
            expense_estimate: None,
        };
        spawn_local(async move {
            match api.create_plan(&request).await {
                Ok(_) => reload.run(Some(P::PlanCreated)),
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &[]),
            }
            busy.set(false);
        });
    };

    // What is shown is rebuilt only when the plan's identity or state changes, not on every
    // reload: a visit added or the targets saved keep what is typed in the other forms.
    let latest = Memo::new(move |_| plan.get().and_then(|r| r.ok().flatten()));
    let shown = Memo::new(move |_| {
        plan.get().map(|r| match r {
            Err(e) => Shown::Error(e),
            Ok(None) => Shown::NoPlan,
            Ok(Some(p)) => Shown::Plan {
                id: p.id,
                state: p.state,
                revision: p.revision,
                approved: p.approved_revision,
                late: p.late,
                comment: p.decision_comment,
            },
        })
    });
    let body = move || {
        let shown = shown.get()?;
        Some(match shown {
            Shown::Error(e) if is_signed_out(&e) => ().into_any(),
            Shown::Error(e) => view! { <InlineError error=e /> }.into_any(),
            Shown::NoPlan => view! {
                <section class="panel" data-testid="no-plan">
                    <p class="muted">{move || i18n.t(P::NoPlanYet)}</p>
                    <button
                        type="button"
                        class="primary wide"
                        data-testid="plan-create"
                        disabled=move || busy.get()
                        on:click=create
                    >
                        {move || i18n.t(P::CreatePlan)}
                    </button>
                </section>
            }
            .into_any(),
            Shown::Plan { .. } => match latest.get_untracked() {
                Some(p) => view! {
                    <PlanView plan=p latest=latest tick=tick week=week.get_untracked() reload=reload />
                }
                .into_any(),
                None => ().into_any(),
            },
        })
    };

    view! {
        <section class="panel plan-head">
            <h1>{move || i18n.t(P::MyWeekTitle)}</h1>
            <WeekSwitcher week=week base="/plans/week" />
            <PNotice notice=notice />
            <ErrorBanner errors=errors />
        </section>
        {move || {
            if shown.with(Option::is_none) {
                Some(view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> })
            } else {
                None
            }
        }}
        {body}
        {move || view! { <DailyLogCard week=week.get() /> }}
    }
}

/// One plan: its state, targets and estimate, visits, and what can be done with it now.
#[component]
fn PlanView(
    plan: PlanDto,
    /// The plan as last loaded (its version changes with every write, visits included).
    latest: Memo<Option<PlanDto>>,
    /// Bumped on every change; the visits reload with it.
    tick: RwSignal<u32>,
    week: IsoWeek,
    reload: Callback<Option<P>>,
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
    let busy = RwSignal::new(false);
    let calls = RwSignal::new(plan.calls_per_day.to_string());
    let visits_target = RwSignal::new(plan.visits_per_week.to_string());
    let new_clients = RwSignal::new(plan.new_clients.to_string());
    let other = RwSignal::new(plan.other_tasks.clone().unwrap_or_default());
    let est: Vec<(ExpenseCategory, RwSignal<String>)> = ExpenseCategory::ALL
        .iter()
        .map(|c| (*c, RwSignal::new(yuan_input(plan.expense_estimate.get(*c)))))
        .collect();
    let est_total = {
        let est = est.clone();
        move || {
            est.iter()
                .map(|(_, v)| v.with(|t| parse_yuan(t).unwrap_or(0)))
                .sum::<i64>()
        }
    };

    // The form's content as an update, or the fields that are wrong.
    let read_form = {
        let est = est.clone();
        move || -> Result<UpdatePlanRequest, Vec<salesops_domain::FieldError>> {
            let mut bad = Vec::new();
            let mut int = |name: &str, v: RwSignal<String>| -> i32 {
                match v.get_untracked().trim().parse::<i32>() {
                    Ok(n) if n >= 0 => n,
                    _ => {
                        bad.push(local_error(i18n, name, P::BadNumber));
                        0
                    }
                }
            };
            let calls_v = int("calls_per_day", calls);
            let visits_v = int("visits_per_week", visits_target);
            let new_v = int("new_clients", new_clients);
            let mut estimate = ExpenseEstimate::default();
            for (c, v) in &est {
                let fen = match parse_yuan(&v.get_untracked()) {
                    Some(f) => f,
                    None => {
                        bad.push(local_error(
                            i18n,
                            &format!("est_{}", c.as_str()),
                            P::BadAmount,
                        ));
                        0
                    }
                };
                match c {
                    ExpenseCategory::Travel => estimate.travel = fen,
                    ExpenseCategory::PerDiem => estimate.per_diem = fen,
                    ExpenseCategory::Entertainment => estimate.entertainment = fen,
                    ExpenseCategory::Communication => estimate.communication = fen,
                    ExpenseCategory::BusinessDevelopment => estimate.business_development = fen,
                    ExpenseCategory::Other => estimate.other = fen,
                }
            }
            if !bad.is_empty() {
                return Err(bad);
            }
            Ok(UpdatePlanRequest {
                calls_per_day: Some(calls_v),
                visits_per_week: Some(visits_v),
                new_clients: Some(new_v),
                sales_target: None,
                other_tasks: Some(other.get_untracked().trim().to_owned()),
                expense_estimate: Some(estimate),
                version: latest
                    .get_untracked()
                    .map(|p| p.version)
                    .or(Some(plan.version)),
            })
        }
    };
    let known = [
        "calls_per_day",
        "visits_per_week",
        "new_clients",
        "other_tasks",
        "expense_estimate",
    ];

    // Save (and, with `submit`, submit what was saved).
    let save = move |submit: bool| {
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let request = match read_form() {
            Ok(r) => r,
            Err(bad) => {
                errors.fields.set(bad);
                errors
                    .banner
                    .set(Some(crate::components::Notice::msg(Msg::ErrValidation)));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let result = match api.update_plan(plan_id, &request).await {
                Ok(saved) if submit => api
                    .submit_plan(plan_id, saved.version)
                    .await
                    .map(|_| P::PlanSubmitted),
                Ok(_) => Ok(P::PlanSaved),
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(msg) => reload.run(Some(msg)),
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &known),
            }
        });
    };
    let save_click = {
        let save = save.clone();
        move |_| save(false)
    };
    let submit_click = move |_| save(true);

    let visits = LocalResource::new(move || {
        tick.get();
        async move { api.plan_visits(plan_id).await }
    });
    let on_visit_change = Callback::new(move |msg: P| reload.run(Some(msg)));

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

    let est_fields = est
        .iter()
        .map(|(c, v)| {
            let name: &'static str = match c {
                ExpenseCategory::Travel => "est_travel",
                ExpenseCategory::PerDiem => "est_per_diem",
                ExpenseCategory::Entertainment => "est_entertainment",
                ExpenseCategory::Communication => "est_communication",
                ExpenseCategory::BusinessDevelopment => "est_business_development",
                ExpenseCategory::Other => "est_other",
            };
            view! {
                <PField
                    label=category_msg(*c)
                    name=name
                    testid=format!("plan-est-{}", c.as_str())
                    value=*v
                    errors=errors
                    disabled=!editable
                    placeholder="0.00"
                />
            }
        })
        .collect_view();

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
                <PField label=P::CallsPerDay name="calls_per_day" testid="plan-calls" value=calls errors=errors kind="number" disabled=!editable />
                <PField label=P::VisitsPerWeek name="visits_per_week" testid="plan-visits-target" value=visits_target errors=errors kind="number" disabled=!editable />
                <PField label=P::NewClients name="new_clients" testid="plan-new-clients" value=new_clients errors=errors kind="number" disabled=!editable />
            </div>
            <PField label=P::OtherTasks name="other_tasks" testid="plan-other-tasks" value=other errors=errors kind="textarea" disabled=!editable />
            <h3>{move || i18n.t(P::ExpenseEstimate)}</h3>
            <div class="plan-grid">{est_fields}</div>
            <FieldErrors name="expense_estimate" errors=errors />
            <p class="est-total">
                {move || i18n.t(P::Total)} ": "
                <strong data-testid="plan-est-total">{move || money(est_total())}</strong>
            </p>
            {editable.then(|| view! {
                <div class="form-actions">
                    <button type="button" data-testid="plan-save" disabled=move || busy.get() on:click=save_click>
                        {move || i18n.t(P::SavePlan)}
                    </button>
                    {can_submit.then(|| view! {
                        <button type="button" class="primary" data-testid="plan-submit" disabled=move || busy.get() on:click=submit_click>
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
                {move || {
                    visits
                        .get()
                        .map(|r| match r {
                            Err(e) if is_signed_out(&e) => ().into_any(),
                            Err(e) => view! { <InlineError error=e /> }.into_any(),
                            Ok(list) if list.is_empty() => {
                                view! { <p class="muted" data-testid="no-visits">{move || i18n.t(P::NoVisits)}</p> }
                                    .into_any()
                            }
                            Ok(mut list) => {
                                list.sort_by(|a, b| {
                                    (a.planned_date, a.time_from.clone(), a.id)
                                        .cmp(&(b.planned_date, b.time_from.clone(), b.id))
                                });
                                view! {
                                    <ul class="visit-list">
                                        {list
                                            .into_iter()
                                            .map(|v| {
                                                view! {
                                                    <VisitCard
                                                        visit=v
                                                        week=week
                                                        editable=editable
                                                        executable=executable
                                                        on_change=on_visit_change
                                                    />
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <Show when=move || editable>
                <AddVisitForm plan_id=plan_id week=week on_added=on_visit_change />
            </Show>
        </section>
    }
}

/// Plans a visit: a client picked from the list, a day of the week, a time window, purpose
/// and place.
#[component]
fn AddVisitForm(plan_id: i64, week: IsoWeek, on_added: Callback<P>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let open = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<ClientDto>);
    let today = today();
    let default_day = if week.contains(today) {
        today
    } else {
        week.monday()
    };
    let day = RwSignal::new(default_day.to_string());
    let time_from = RwSignal::new(String::new());
    let time_to = RwSignal::new(String::new());
    let purpose = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);

    let clients = LocalResource::new(move || {
        let q = search.get();
        let wanted = open.get() && chosen.with(Option::is_none);
        async move {
            if wanted {
                api.plan_client_choices(&q).await.map(Some)
            } else {
                Ok::<_, ApiError>(None)
            }
        }
    });

    let days = (0..7)
        .map(|i| week.monday() + Duration::days(i))
        .collect::<Vec<_>>();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let Some(client) = chosen.get_untracked() else {
            errors
                .fields
                .set(vec![local_error(i18n, "client_id", P::ChooseClient)]);
            return;
        };
        let Ok(date) = day.get_untracked().parse() else {
            return;
        };
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let request = PlanVisitRequest {
            client_id: client.id,
            planned_date: date,
            time_from: opt(time_from),
            time_to: opt(time_to),
            purpose: opt(purpose),
            place: opt(place),
        };
        busy.set(true);
        spawn_local(async move {
            match api.add_plan_visit(plan_id, &request).await {
                Ok(_) => {
                    busy.set(false);
                    // Ready for the next one: same day, nothing else kept.
                    chosen.set(None);
                    search.set(String::new());
                    for s in [time_from, time_to, purpose, place] {
                        s.set(String::new());
                    }
                    open.set(false);
                    on_added.run(P::VisitAdded);
                }
                Err(e) => {
                    busy.set(false);
                    if !is_signed_out(&e) {
                        errors.show(
                            &e,
                            &[
                                "client_id",
                                "planned_date",
                                "time_from",
                                "time_to",
                                "purpose",
                                "place",
                            ],
                        );
                    }
                }
            }
        });
    };

    let picker = move || {
        if let Some(c) = chosen.get() {
            let label = match &c.company {
                Some(co) if !co.is_empty() => format!("{} · {co}", c.name),
                _ => c.name.clone(),
            };
            return view! {
                <div class="chosen-client" data-testid="visit-client-chosen">
                    <strong>{label}</strong>
                    <button type="button" class="small" data-testid="visit-client-change" on:click=move |_| chosen.set(None)>
                        {move || i18n.t(P::Change)}
                    </button>
                </div>
            }
            .into_any();
        }
        view! {
            <input
                type="search"
                data-testid="visit-client-search"
                placeholder=move || i18n.t(P::ClientSearch)
                bind:value=search
            />
            <Transition fallback=|| ()>
                {move || {
                    clients
                        .get()
                        .map(|r| match r {
                            Ok(Some(list)) if list.is_empty() => {
                                view! { <p class="muted">{move || i18n.t(P::NoClients)}</p> }.into_any()
                            }
                            Ok(Some(list)) => view! {
                                <ul class="client-options">
                                    {list
                                        .into_iter()
                                        .map(|c| {
                                            let name = c.name.clone();
                                            let name_attr = name.clone();
                                            let company = c.company.clone().unwrap_or_default();
                                            let pick = c.clone();
                                            view! {
                                                <li>
                                                    <button
                                                        type="button"
                                                        class="client-option"
                                                        data-testid="client-option"
                                                        data-name=name_attr
                                                        on:click=move |_| chosen.set(Some(pick.clone()))
                                                    >
                                                        <strong>{name}</strong>
                                                        <span class="muted">{company}</span>
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) if is_signed_out(&e) => ().into_any(),
                            Err(e) => view! { <InlineError error=e /> }.into_any(),
                        })
                }}
            </Transition>
        }
        .into_any()
    };

    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="primary wide" data-testid="visit-add-open" on:click=move |_| open.set(true)>
                    {move || i18n.t(P::AddVisit)}
                </button>
            }
        >
            <form class="card" on:submit=submit data-testid="visit-add-form" novalidate>
                <h3>{move || i18n.t(P::AddVisit)}</h3>
                <ErrorBanner errors=errors />
                <div class="field">
                    <label>{move || i18n.t(P::Client)}</label>
                    {picker}
                    <FieldErrors name="client_id" errors=errors />
                </div>
                <div class="field">
                    <label for="f-visit-day">{move || i18n.t(P::Day)}</label>
                    <select id="f-visit-day" data-testid="visit-day" on:change=move |ev| day.set(event_target_value(&ev))>
                        {days
                            .iter()
                            .map(|d| {
                                let value = d.to_string();
                                let v2 = value.clone();
                                let d = *d;
                                let is_today = d == today;
                                view! {
                                    <option value=value prop:selected=move || day.get() == v2>
                                        {move || day_label(i18n, d)}
                                        {is_today.then_some(" ·")}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldErrors name="planned_date" errors=errors />
                </div>
                <div class="plan-grid two">
                    <PField label=P::TimeFrom name="time_from" testid="visit-time-from" value=time_from errors=errors kind="time" />
                    <PField label=P::TimeTo name="time_to" testid="visit-time-to" value=time_to errors=errors kind="time" />
                </div>
                <PField label=P::Purpose name="purpose" testid="visit-purpose" value=purpose errors=errors />
                <PField label=P::Place name="place" testid="visit-place" value=place errors=errors />
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="visit-add-submit" disabled=move || busy.get()>
                        {move || i18n.t(P::AddVisit)}
                    </button>
                    <button type="button" data-testid="visit-add-cancel" on:click=move |_| open.set(false)>
                        {move || i18n.t(Msg::Cancel)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
