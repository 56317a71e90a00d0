//! The manager's monthly report (月报): summary, next month's plan, proposals for the local
//! market; due by the 30th (the last day of February). Below it, the monthly reports of the
//! managers below this one, to review.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::period::Month;
use salesops_domain::reports::{
    CreateMonthlyReportRequest, MonthlyReportDto, ReportState, ReviewMonthlyRequest,
    UpdateMonthlyReportRequest,
};

use crate::api::{ApiError, use_api};
use crate::app::is_signed_out;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, InlineError};
use crate::i18n::reports::R;
use crate::i18n::{Msg, use_i18n};
use crate::pages::reports::{LateMark, RNotice, ReportStateBadge, local_time, today};

const FIELDS: [(&str, R); 3] = [
    ("summary", R::MSummary),
    ("next_month_plan", R::MNextPlan),
    ("proposals", R::MProposals),
];

#[component]
pub fn MonthlyReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let me = auth.user().map(|u| u.id).unwrap_or_default();
    let month = Month::of(today()).to_string();
    let reload = RwSignal::new(0u32);
    // Kept here: a submission reloads the list, which rebuilds the form below.
    let notice = RwSignal::new(None::<R>);
    let list = LocalResource::new(move || {
        reload.track();
        async move { api.list_monthly_reports().await }
    });
    let month_for_body = month.clone();
    let body = move || {
        let result = list.get()?;
        let month = month_for_body.clone();
        Some(match result {
            Err(e) if is_signed_out(&e) => ().into_any(),
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(all) => {
                let mine = all
                    .iter()
                    .find(|r| r.owner_id == me && r.month == month)
                    .cloned();
                let earlier: Vec<MonthlyReportDto> = all
                    .iter()
                    .filter(|r| r.owner_id == me && r.month != month)
                    .cloned()
                    .collect();
                let others: Vec<MonthlyReportDto> =
                    all.into_iter().filter(|r| r.owner_id != me).collect();
                let none_to_review = others.is_empty();
                let others = others
                    .into_iter()
                    .map(|r| view! { <OtherReport report=r show_author=true /> })
                    .collect_view();
                view! {
                    <MyMonthly month=month mine=mine reload=reload notice=notice />
                    <section class="panel" data-testid="monthly-to-review">
                        <h2>{move || i18n.t(R::ToReview)}</h2>
                        {none_to_review.then(|| view! { <p class="muted">{move || i18n.t(R::NothingToReview)}</p> })}
                        {others}
                    </section>
                    {(!earlier.is_empty()).then(|| {
                        let earlier = earlier
                            .into_iter()
                            .map(|r| view! { <OtherReport report=r show_author=false /> })
                            .collect_view();
                        view! {
                            <section class="panel">
                                <h2>{move || i18n.t(R::EarlierReports)}</h2>
                                {earlier}
                            </section>
                        }
                    })}
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="panel">
            <h1>{move || i18n.t(R::MonthlyTitle)}</h1>
            <p class="muted">{move || i18n.t(R::Month)} " " <strong data-testid="monthly-month">{month.clone()}</strong></p>
        </section>
        <RNotice notice=notice />
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {body}
        </Transition>
    }
}

/// This month's report of the caller: start it, write it, save, submit.
#[component]
fn MyMonthly(
    month: String,
    mine: Option<MonthlyReportDto>,
    reload: RwSignal<u32>,
    notice: RwSignal<Option<R>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let errors = FormErrors::new();
    let busy = RwSignal::new(false);
    let report = RwSignal::new(mine);
    let texts: [RwSignal<String>; 3] = std::array::from_fn(|i| {
        let r = report.get_untracked();
        let v = r.and_then(|r| match i {
            0 => r.summary,
            1 => r.next_month_plan,
            _ => r.proposals,
        });
        RwSignal::new(v.unwrap_or_default())
    });
    let body = move || UpdateMonthlyReportRequest {
        summary: Some(texts[0].get_untracked()),
        next_month_plan: Some(texts[1].get_untracked()),
        proposals: Some(texts[2].get_untracked()),
        version: None,
    };
    let keys = ["summary", "next_month_plan", "proposals"];

    let start = {
        let month = month.clone();
        move |_| {
            let req = CreateMonthlyReportRequest {
                month: month.clone(),
                summary: None,
                next_month_plan: None,
                proposals: None,
            };
            busy.set(true);
            errors.clear();
            spawn_local(async move {
                match api.create_monthly_report(&req).await {
                    Ok(r) => report.set(Some(r)),
                    Err(e) if is_signed_out(&e) => {}
                    Err(e) => errors.show(&e, &keys),
                }
                busy.set(false);
            });
        }
    };

    // Saves; then submits when `submit` is set.
    let save = move |submit: bool| {
        let Some(id) = report.with_untracked(|r| r.as_ref().map(|r| r.id)) else {
            return;
        };
        busy.set(true);
        errors.clear();
        let b = body();
        spawn_local(async move {
            let mut result: Result<MonthlyReportDto, ApiError> =
                api.update_monthly_report(id, &b).await;
            if submit && result.is_ok() {
                result = api.submit_monthly_report(id).await;
            }
            match result {
                Ok(r) => {
                    report.set(Some(r));
                    notice.set(Some(if submit {
                        R::MonthlySubmitted
                    } else {
                        R::Saved
                    }));
                    if submit {
                        reload.update(|n| *n += 1);
                    }
                }
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &keys),
            }
            busy.set(false);
        });
    };

    let editable =
        move || report.with(|r| r.as_ref().is_some_and(|r| r.state == ReportState::Draft));
    let _ = auth;

    view! {
        <ErrorBanner errors=errors />
        <section class="panel" data-testid="monthly-mine">
            {move || match report.get() {
                None => view! {
                    <button type="button" class="primary" data-testid="monthly-start" disabled=move || busy.get() on:click=start.clone()>
                        {move || i18n.t(R::StartMonthly)}
                    </button>
                }
                .into_any(),
                Some(r) => view! {
                    <div class="report-head">
                        <ReportStateBadge state=r.state />
                        {r.late.then(|| view! { <LateMark /> })}
                        <span class="muted">{move || i18n.t(R::DueDate)} " " <span data-testid="monthly-due">{r.due_date.to_string()}</span></span>
                        {r.submitted_at.map(|at| view! { <span class="muted">{move || i18n.t(R::SubmittedAt)} " " {local_time(at)}</span> })}
                    </div>
                    {r.review_comment.clone().map(|c| view! { <p data-testid="monthly-review-comment"><strong>{move || i18n.t(R::Comment)} "："</strong>{c}</p> })}
                }
                .into_any(),
            }}
            <Show when=move || report.with(Option::is_some)>
                {FIELDS
                    .iter()
                    .enumerate()
                    .map(|(i, (name, label))| {
                        let text = texts[i];
                        let label = *label;
                        let name = *name;
                        view! {
                            <div class="field">
                                <label for=format!("m-{name}")>{move || i18n.t(label)} <span class="req">" *"</span></label>
                                <textarea
                                    id=format!("m-{name}")
                                    rows="5"
                                    data-testid=format!("monthly-{name}")
                                    readonly=move || !editable()
                                    prop:value=move || text.get()
                                    on:input=move |ev| text.set(event_target_value(&ev))
                                ></textarea>
                                <FieldErrors name=name errors=errors />
                            </div>
                        }
                    })
                    .collect_view()}
                <Show when=editable>
                    <div class="form-actions">
                        <button type="button" data-testid="monthly-save" disabled=move || busy.get() on:click=move |_| save(false)>
                            {move || i18n.t(R::Save)}
                        </button>
                        <button type="button" class="primary" data-testid="monthly-submit" disabled=move || busy.get() on:click=move |_| save(true)>
                            {move || i18n.t(R::SubmitMonthly)}
                        </button>
                    </div>
                </Show>
            </Show>
        </section>
    }
}

/// Another manager's monthly report (or an earlier one of the caller's): read it; review it
/// when it is submitted and not the caller's.
#[component]
fn OtherReport(report: MonthlyReportDto, show_author: bool) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    // The author's name (a manager may read the users of their teams one by one).
    let owner = report.owner_id;
    let author = LocalResource::new(move || async move {
        if !show_author {
            return String::new();
        }
        api.get_user_by_id(owner)
            .await
            .map(|u| u.display_name)
            .unwrap_or_else(|_| format!("#{owner}"))
    });
    let auth = use_auth();
    let errors = FormErrors::new();
    let mine = auth.user().is_some_and(|u| u.id == report.owner_id);
    let report = RwSignal::new(report);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let review = move |_| {
        let (id, version) = report.with_untracked(|r| (r.id, r.version));
        let body = ReviewMonthlyRequest {
            version,
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
        };
        busy.set(true);
        errors.clear();
        spawn_local(async move {
            match api.review_monthly_report(id, &body).await {
                Ok(r) => report.set(r),
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &["comment"]),
            }
            busy.set(false);
        });
    };
    let can_review = move || !mine && report.with(|r| r.state == ReportState::Submitted);
    move || {
        let r = report.get();
        let part = |label: R, text: Option<String>| {
            view! {
                <h4>{move || i18n.t(label)}</h4>
                <p class="report-text">{text.unwrap_or_default()}</p>
            }
        };
        view! {
            <details class="card monthly-other" data-testid="monthly-other" data-month=r.month.clone() data-state=r.state.as_str()>
                <summary>
                    <strong data-testid="monthly-author">{move || author.get().unwrap_or_default()}</strong> " " {r.month.clone()} " "
                    <ReportStateBadge state=r.state />
                    {r.late.then(|| view! { <LateMark /> })}
                    <span class="muted">" " {move || i18n.t(R::DueDate)} " " {r.due_date.to_string()}</span>
                </summary>
                <ErrorBanner errors=errors />
                {part(R::MSummary, r.summary.clone())}
                {part(R::MNextPlan, r.next_month_plan.clone())}
                {part(R::MProposals, r.proposals.clone())}
                {r.review_comment.clone().map(|c| view! { <p><strong>{move || i18n.t(R::Comment)} "："</strong>{c}</p> })}
                <Show when=can_review>
                    <div class="field">
                        <label>{move || i18n.t(R::Comment)}</label>
                        <textarea
                            rows="2"
                            data-testid="monthly-review-comment-input"
                            prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))
                        ></textarea>
                    </div>
                    <button type="button" class="primary" data-testid="monthly-review" disabled=move || busy.get() on:click=review>
                        {move || i18n.t(R::ReviewMonthly)}
                    </button>
                </Show>
            </details>
        }
    }
}
