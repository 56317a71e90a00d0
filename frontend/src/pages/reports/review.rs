//! One weekly report, read in full; the author's manager marks each section full, partial or
//! zero with a note, adds a comment and sends the review (with the version they read). Marks
//! the system forced (a spot-check found a visit untrue) are shown with their note.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use salesops_domain::Capability;
use salesops_domain::reports::{
    Mark, ReportState, ReviewRequest, Section, SectionMark, WeeklyReportDto,
};

use crate::api::{ApiError, use_api};
use crate::auth::use_auth;
use crate::clock::local_time;
use crate::components::{ErrorBanner, FormErrors, InlineError, Notice, Submit};
use crate::i18n::reports::{R, section_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::reports::marks::{MarkLine, ReviewSummary, mark_chips};
use crate::pages::reports::parts::{LateMark, ReportFigures, ReportStateBadge};
use crate::pages::reports::print::PrintView;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .with(|p| p.get("id"))
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let report = api.get_weekly_report(id).await?;
            let author = api
                .get_user_by_id(report.owner_id)
                .await
                .map(|u| u.display_name)
                .unwrap_or_else(|_| format!("#{}", report.owner_id));
            Ok::<_, ApiError>((report, author))
        }
    });
    let body = move || {
        let result = loaded.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok((r, author)) => view! { <ReviewScreen report=r author=author /> }.into_any(),
        })
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(R::ReviewTitle)}</h1>
            <A href="/reports/status" attr:class="r-button" attr:data-testid="review-back">{move || i18n.t(R::Back)}</A>
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {body}
        </Transition>
    }
}

#[component]
fn ReviewScreen(report: WeeklyReportDto, author: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<AnyText>);
    let id = report.id;
    let can_review = report.state == ReportState::Submitted
        && auth.user().is_some_and(|u| u.id != report.owner_id)
        && auth.can(Capability::ReportsSupervise);
    let report = RwSignal::new(report);
    // One (mark, note) per section, full by default.
    let marks: Vec<(Section, RwSignal<Mark>, RwSignal<String>)> = Section::ALL
        .iter()
        .map(|s| (*s, RwSignal::new(Mark::Full), RwSignal::new(String::new())))
        .collect();
    let marks = StoredValue::new(marks);
    let comment = RwSignal::new(String::new());
    let reviewing = RwSignal::new(can_review);
    let review = Submit::new(
        errors,
        &["marks", "comment"],
        move |body: ReviewRequest| async move {
            let r = api.review_weekly_report(id, &body).await?;
            report.set(r);
            reviewing.set(false);
            notice.set(Some(R::Reviewed.into()));
            Ok(())
        },
    );
    let busy = review.pending();
    let send = move |_| {
        review.submit(ReviewRequest {
            version: report.with_untracked(|r| r.version),
            comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
            marks: marks.with_value(|m| {
                m.iter()
                    .map(|(s, mark, note)| SectionMark {
                        section: *s,
                        mark: mark.get_untracked(),
                        note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
                        forced: false,
                    })
                    .collect()
            }),
        });
    };

    let head = move || {
        let r = report.get();
        view! {
            <div class="report-head">
                <strong data-testid="review-author">{author.clone()}</strong>
                <span class="muted">{r.week.clone()}</span>
                <ReportStateBadge state=r.state />
                {r.late.then(|| view! { <LateMark /> })}
                {r.submitted_at.map(|at| view! {
                    <span class="muted">{move || i18n.t(R::SubmittedAt)} " " {local_time(at)}</span>
                })}
            </div>
        }
    };

    let sections = move || {
        let r = report.get();
        let rows = marks.with_value(|m| m.clone());
        rows.into_iter()
            .map(|(s, mark, note)| {
                let text = r.sections.get(s).map(str::to_owned).filter(|t| !t.trim().is_empty());
                let name = s.as_str();
                let given = r.marks.iter().find(|m| m.section == s).cloned();
                view! {
                    <div class="review-section" data-testid=format!("review-section-{name}")>
                        <h3>{move || i18n.t(section_msg(s))}</h3>
                        <p class="report-text">
                            {match text {
                                Some(t) => view! { <span data-testid=format!("review-text-{name}")>{t}</span> }.into_any(),
                                None => view! { <span class="muted">{move || i18n.t(R::NoText)}</span> }.into_any(),
                            }}
                        </p>
                        {given.map(|g| view! { <MarkLine mark=g /> })}
                        <Show when=move || reviewing.get()>
                            <div class="chips">{mark_chips(name, mark)}</div>
                            <input
                                type="text"
                                class="mark-note"
                                placeholder=move || i18n.t(R::Note)
                                data-testid=format!("mark-note-{name}")
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))
                            />
                        </Show>
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <Notice notice=notice />
        <ErrorBanner errors=errors />
        <section class="panel">
            {head}
            <PrintView id=id />
        </section>
        <ReportFigures report=report />
        {move || {
            let r = report.get();
            (r.state == ReportState::Reviewed).then(|| view! { <ReviewSummary report=r /> })
        }}
        <section class="panel report-sections">{sections}</section>
        <Show when=move || reviewing.get()>
            <section class="panel">
                <div class="field">
                    <label for="review-comment">{move || i18n.t(R::Comment)}</label>
                    <textarea
                        id="review-comment"
                        rows="3"
                        data-testid="review-comment"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="form-actions">
                    <button type="button" class="primary" data-testid="review-submit" disabled=move || busy.get() on:click=send>
                        {move || i18n.t(R::SendReview)}
                    </button>
                </div>
            </section>
        </Show>
    }
}
