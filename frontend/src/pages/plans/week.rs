//! "My week" (我的一周): the salesperson's weekly plan — create it, set targets and the expense
//! estimate, plan visits from the client list, submit; then tick visits done, missed or moved,
//! and keep the daily log. Phone first.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::plans::{CreatePlanRequest, PlanState};

use crate::api::plans::weekly_plan_request;
use crate::api::{ApiError, use_api};
use crate::auth::use_auth;
use crate::clock::week_from_query;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice, Submit, WeekSwitcher};
use crate::i18n::plans::P;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::plans::daily_log::DailyLogCard;
use crate::pages::plans::plan_view::PlanView;

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
    let notice = RwSignal::new(None::<AnyText>);
    let errors = FormErrors::new();
    let plan = LocalResource::new(move || {
        let w = week.get();
        let me = me.get();
        async move { api.my_week_plan(me, &w.to_string()).await }
    });
    let reload = Callback::new(move |msg: Option<AnyText>| {
        if msg.is_some() {
            notice.set(msg);
        }
        plan.refetch();
    });
    // A new week clears the messages of the last one.
    Effect::new(move |_| {
        week.track();
        notice.set(None);
        errors.clear();
    });

    let create = Submit::new(errors, &[], move |request: CreatePlanRequest| async move {
        api.create_plan(&request).await?;
        reload.run(Some(P::PlanCreated.into()));
        Ok(())
    });
    let start = move |_| create.submit(weekly_plan_request(&week.get_untracked().to_string()));

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
            Shown::Error(e) => view! { <InlineError error=e /> }.into_any(),
            Shown::NoPlan => view! {
                <section class="panel" data-testid="no-plan">
                    <p class="muted">{move || i18n.t(P::NoPlanYet)}</p>
                    <button
                        type="button"
                        class="primary wide"
                        data-testid="plan-create"
                        disabled=move || create.pending().get()
                        on:click=start
                    >
                        {move || i18n.t(P::CreatePlan)}
                    </button>
                </section>
            }
            .into_any(),
            Shown::Plan { .. } => match latest.get_untracked() {
                Some(p) => view! {
                    <PlanView plan=p latest=latest week=week.get_untracked() reload=reload />
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
            <Notice notice=notice />
            <ErrorBanner errors=errors />
        </section>
        {move || shown.with(Option::is_none).then(|| view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> })}
        {body}
        {move || view! { <DailyLogCard week=week.get() /> }}
    }
}
