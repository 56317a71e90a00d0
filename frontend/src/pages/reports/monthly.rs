//! The manager's monthly report (月报): summary, next month's plan, proposals for the local
//! market; due by the 30th (the last day of February). Below it, the monthly reports of the
//! managers below this one, to review.

use leptos::prelude::*;
use salesops_domain::period::Month;
use salesops_domain::reports::{
    CreateMonthlyReportRequest, MonthlyReportDto, ReportState, ReviewMonthlyRequest,
    UpdateMonthlyReportRequest,
};

use crate::api::use_api;
use crate::auth::use_auth;
use crate::clock::{local_time, today};
use crate::components::{ErrorBanner, Field, FormErrors, InlineError, ListNote, Notice, Submit};
use crate::i18n::reports::R;
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::reports::monthly_marks::{MarksDraft, MarksGiven, MarksInput};
use crate::pages::reports::parts::{LateMark, ReportStateBadge};

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
    // Kept here: a submission reloads the list, which rebuilds the form below.
    let notice = RwSignal::new(None::<AnyText>);
    let list = LocalResource::new(move || async move { api.list_monthly_reports().await });
    let reload = Callback::new(move |()| list.refetch());
    let month_for_body = month.clone();
    let body = move || {
        let result = list.get()?;
        let month = month_for_body.clone();
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(listing) => {
                let info = listing.info();
                let all = listing.items;
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
                    <ListNote info=info />
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
        <Notice notice=notice />
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
    reload: Callback<()>,
    notice: RwSignal<Option<AnyText>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
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
    const KEYS: &[&str] = &["summary", "next_month_plan", "proposals"];

    let start = Submit::new(
        errors,
        KEYS,
        move |request: CreateMonthlyReportRequest| async move {
            report.set(Some(api.create_monthly_report(&request).await?));
            Ok(())
        },
    );
    // Saves; then submits when the flag is set.
    let save = Submit::new(
        errors,
        KEYS,
        move |(id, body, submit): (i64, UpdateMonthlyReportRequest, bool)| async move {
            let mut r = api.update_monthly_report(id, &body).await?;
            if submit {
                r = api.submit_monthly_report(id).await?;
            }
            report.set(Some(r));
            notice.set(Some(
                if submit {
                    R::MonthlySubmitted
                } else {
                    R::Saved
                }
                .into(),
            ));
            if submit {
                reload.run(());
            }
            Ok(())
        },
    );
    let busy = move || start.pending().get() || save.pending().get();
    let on_start = move |_| {
        start.submit(CreateMonthlyReportRequest {
            month: month.clone(),
            summary: None,
            next_month_plan: None,
            proposals: None,
        })
    };
    let on_save = move |submit: bool| {
        let Some(id) = report.with_untracked(|r| r.as_ref().map(|r| r.id)) else {
            return;
        };
        let body = UpdateMonthlyReportRequest {
            summary: Some(texts[0].get_untracked()),
            next_month_plan: Some(texts[1].get_untracked()),
            proposals: Some(texts[2].get_untracked()),
            version: None,
        };
        if save.check(&body) {
            save.send((id, body, submit));
        }
    };

    let editable =
        move || report.with(|r| r.as_ref().is_some_and(|r| r.state == ReportState::Draft));

    view! {
        <ErrorBanner errors=errors />
        <section class="panel" data-testid="monthly-mine">
            {move || match report.get() {
                None => view! {
                    <button type="button" class="primary" data-testid="monthly-start" disabled=busy on:click=on_start.clone()>
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
                    <MarksGiven marks=r.marks.clone() />
                }
                .into_any(),
            }}
            <Show when=move || report.with(Option::is_some)>
                {FIELDS
                    .iter()
                    .enumerate()
                    .map(|(i, (name, label))| {
                        view! {
                            <Field
                                label=*label
                                name=*name
                                testid=format!("monthly-{name}")
                                value=texts[i]
                                errors=errors
                                kind="textarea"
                                rows=5
                                required=true
                                readonly=Signal::derive(move || !editable())
                            />
                        }
                    })
                    .collect_view()}
                <Show when=editable>
                    <div class="form-actions">
                        <button type="button" data-testid="monthly-save" disabled=busy on:click=move |_| on_save(false)>
                            {move || i18n.t(R::Save)}
                        </button>
                        <button type="button" class="primary" data-testid="monthly-submit" disabled=busy on:click=move |_| on_save(true)>
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
    let draft = MarksDraft::empty();
    let send = Submit::new(
        errors,
        &["comment", "marks"],
        move |body: ReviewMonthlyRequest| async move {
            let id = report.with_untracked(|r| r.id);
            report.set(api.review_monthly_report(id, &body).await?);
            Ok(())
        },
    );
    let busy = send.pending();
    let review = move |_| {
        let marks = match draft.marks(i18n) {
            Ok(marks) => marks,
            Err(missing) => return send.invalid(missing),
        };
        let body = ReviewMonthlyRequest {
            version: report.with_untracked(|r| r.version),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
            marks,
        };
        send.submit(body);
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
                <MarksGiven marks=r.marks.clone() />
                <Show when=can_review>
                    <MarksInput draft=draft errors=errors />
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
