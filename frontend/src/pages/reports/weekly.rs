//! "This week's report" (周工作汇报表) for a salesperson, phone first.
//!
//! The report for the week is created when missing. The figures come from the server and are
//! read-only; the eleven sections are saved as the person types, and kept on the device until
//! the server has them (`components::Autosave`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::period::IsoWeek;
use salesops_domain::reports::{
    ReportState, Section, Sections, UpdateWeeklyReportRequest, WeeklyReportDto,
};
use validator::Validate;

use crate::api::{Api, ApiError, use_api};
use crate::auth::use_auth;
use crate::clock::{local_time, this_week, week_from_query};
use crate::components::{
    Autosave, ErrorBanner, FieldErrors, FormErrors, InlineError, Notice, SaveIndicator, Submit,
    WeekSwitcher,
};
use crate::i18n::reports::{R, section_msg};
use crate::i18n::{AnyText, Msg, use_i18n};
use crate::pages::reports::marks::MarksView;
use crate::pages::reports::next_plan::NextPlanLink;
use crate::pages::reports::parts::{LateMark, ReportFigures, ReportStateBadge};
use crate::pages::reports::print::PrintView;

const SECTIONS: usize = 11;

fn draft_key(id: i64) -> String {
    format!("salesops.report-draft.{id}")
}

fn set_section(s: &mut Sections, section: Section, text: Option<String>) {
    let slot = match section {
        Section::SalesVolume => &mut s.sales_volume,
        Section::Collections => &mut s.collections,
        Section::ClientVisits => &mut s.client_visits,
        Section::SalesExpenses => &mut s.sales_expenses,
        Section::PromotionEffect => &mut s.promotion_effect,
        Section::KeyClients => &mut s.key_clients,
        Section::NewClients => &mut s.new_clients,
        Section::AbnormalClients => &mut s.abnormal_clients,
        Section::ClientsToDevelop => &mut s.clients_to_develop,
        Section::CompetitorMoves => &mut s.competitor_moves,
        Section::PolicyChanges => &mut s.policy_changes,
    };
    *slot = text;
}

/// The sections as typed (all of them: the server keeps what it is sent); `None` once the
/// page is gone.
fn typed(texts: [RwSignal<String>; SECTIONS]) -> Option<Sections> {
    let mut s = Sections::default();
    for (i, section) in Section::ALL.iter().enumerate() {
        set_section(&mut s, *section, Some(texts.get(i)?.try_get_untracked()?));
    }
    Some(s)
}

/// Loads the person's report for `week`, creating it when missing (this week or earlier).
async fn load_or_create(
    api: Api,
    owner: i64,
    week: IsoWeek,
) -> Result<Option<WeeklyReportDto>, ApiError> {
    let w = week.to_string();
    // `find_weekly_report` reads the report itself, so a draft comes with its live figures.
    if let Some(r) = api.find_weekly_report(owner, &w).await? {
        return Ok(Some(r));
    }
    if week.monday() > this_week().monday() {
        return Ok(None);
    }
    match api.create_weekly_report(&w).await {
        Ok(r) => Ok(Some(r)),
        // Created meanwhile (another tab): read it.
        Err(e) if e.status() == Some(409) => api.find_weekly_report(owner, &w).await,
        Err(e) => Err(e),
    }
}

#[component]
pub fn WeeklyReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let query = use_query_map();
    let week = Memo::new(move |_| week_from_query(query.with(|q| q.get("week"))));
    let me = Memo::new(move |_| auth.user().map(|u| u.id));
    let loaded = LocalResource::new(move || {
        let w = week.get();
        let me = me.get();
        async move {
            match me {
                Some(me) => load_or_create(api, me, w).await,
                None => Err(ApiError::SignedOut),
            }
        }
    });

    let body = move || {
        let result = loaded.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(None) => view! {
                <section class="panel"><p class="muted" data-testid="report-none">{move || i18n.t(Msg::Empty)}</p></section>
            }
            .into_any(),
            Ok(Some(r)) => view! { <ReportEditor report=r /> }.into_any(),
        })
    };

    view! {
        <section class="panel">
            <h1>{move || i18n.t(R::WeeklyTitle)}</h1>
            <WeekSwitcher week=week base="/reports/week" />
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {body}
        </Transition>
    }
}

#[component]
fn ReportEditor(report: WeeklyReportDto) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = report.id;
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<AnyText>);

    // The device's copy wins when it is newer than the server's and says something else.
    let restored = Autosave::restore(
        &draft_key(id),
        report.state == ReportState::Draft,
        &report.sections,
        report.updated_at.timestamp_millis() as f64,
    );
    let start = restored.clone().unwrap_or_else(|| report.sections.clone());
    let texts: [RwSignal<String>; SECTIONS] = std::array::from_fn(|i| {
        let text = Section::ALL
            .get(i)
            .and_then(|s| start.get(*s))
            .unwrap_or_default()
            .to_owned();
        RwSignal::new(text)
    });
    let report = RwSignal::new(report);
    let saver = Autosave::new(
        draft_key(id),
        errors,
        &["sections"],
        move || typed(texts),
        move |sections: Sections| async move {
            let body = UpdateWeeklyReportRequest {
                sections: Some(sections),
                ..Default::default()
            };
            // The server's validators, here first.
            body.validate()
                .map_err(|e| ApiError::validation(salesops_domain::problem::field_errors(&e)))?;
            report.set(api.update_weekly_report(id, &body).await?);
            Ok(())
        },
    );
    if restored.is_some() {
        notice.set(Some(Msg::DraftRestored.into()));
        saver.resume();
    }

    let editable = Memo::new(move |_| report.with(|r| r.state == ReportState::Draft));
    // What is typed goes first, then the submission.
    let submit = Submit::new(
        errors,
        &["sections", "next_plan_id"],
        move |()| async move {
            saver.save_now().await?;
            report.set(api.submit_weekly_report(id, None).await?);
            notice.set(Some(R::Submitted.into()));
            Ok(())
        },
    );
    let submitting = submit.pending();

    let sections = Section::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = *s;
            let text = texts.get(i).copied().unwrap_or_else(|| RwSignal::new(String::new()));
            let name = s.as_str();
            let field = format!("sections.{name}");
            let required = Section::REQUIRED.contains(&s);
            let invalid = {
                let field = field.clone();
                Memo::new(move |_| errors.fields.with(|all| all.iter().any(|e| e.field == field)))
            };
            let id_attr = format!("sec-{name}");
            view! {
                <div class="field report-section" class:invalid=move || invalid.get() data-testid=format!("section-{name}")>
                    <label for=id_attr.clone()>
                        <span class="sec-no">{format!("({})", i + 1)}</span>
                        {move || i18n.t(section_msg(s))}
                        {required.then(|| view! { <span class="req" title=move || i18n.t(R::Required)>" *"</span> })}
                    </label>
                    <textarea
                        id=id_attr
                        name=field.clone()
                        rows="3"
                        data-testid=format!("report-{name}")
                        readonly=move || !editable.get()
                        aria-invalid=move || invalid.get().to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            text.set(event_target_value(&ev));
                            saver.edited();
                        }
                    ></textarea>
                    <FieldErrors name=field errors=errors exact=true />
                </div>
            }
        })
        .collect_view();

    let head = move || {
        let r = report.get();
        view! {
            <div class="report-head">
                <ReportStateBadge state=r.state />
                {r.late.then(|| view! { <LateMark /> })}
                {r.submitted_at.map(|at| view! {
                    <span class="muted" data-testid="report-submitted-at">{move || i18n.t(R::SubmittedAt)} " " {local_time(at)}</span>
                })}
            </div>
        }
    };
    let reviewed = move || {
        let r = report.get();
        (r.state == ReportState::Reviewed).then(|| view! { <MarksView report=r /> })
    };

    view! {
        <Notice notice=notice />
        <ErrorBanner errors=errors />
        <section class="panel">
            {head}
            <PrintView id=id />
        </section>
        <ReportFigures report=report />
        {reviewed}
        <section class="panel report-sections">
            <div class="sections-head">
                <h2>{move || i18n.t(R::Sections)}</h2>
                <Show when=move || editable.get()>
                    <SaveIndicator state=saver.state() />
                </Show>
            </div>
            <Show when=move || !editable.get()>
                <p class="muted" data-testid="report-locked">{move || i18n.t(R::Locked)}</p>
            </Show>
            {sections}
        </section>
        <NextPlanLink report=report errors=errors editable=editable />
        <Show when=move || editable.get()>
            <section class="panel">
                <div class="form-actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="report-submit"
                        disabled=move || submitting.get()
                        on:click=move |_| submit.send(())
                    >
                        {move || if submitting.get() { i18n.t(R::Submitting) } else { i18n.t(R::Submit) }}
                    </button>
                </div>
            </section>
        </Show>
    }
}
