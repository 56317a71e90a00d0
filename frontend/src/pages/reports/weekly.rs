//! "This week's report" (周工作汇报表) for a salesperson, phone first.
//!
//! The report for the week is created when missing. The figures come from the server and are
//! read-only; the eleven sections are saved as the person types (a debounced PATCH). Every
//! keystroke is also kept in localStorage under the report's id, so a dropped connection loses
//! nothing: the indicator says "offline — saved on this device", the save is retried when the
//! browser is back online, and a reload restores the local draft when it is newer than the
//! server's copy.

use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use salesops_domain::period::IsoWeek;
use salesops_domain::reports::{
    ReportState, Section, Sections, UpdateWeeklyReportRequest, WeeklyReportDto,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::api::{Api, ApiError, use_api};
use crate::app::is_signed_out;
use crate::auth::use_auth;
use crate::components::{ErrorBanner, FieldErrors, FormErrors, InlineError};
use crate::i18n::reports::{R, section_msg};
use crate::i18n::{Msg, field_error_msg, use_i18n};
use crate::pages::reports::review::MarksView;
use crate::pages::reports::{
    FigureTiles, LateMark, RNotice, ReportStateBadge, ReportWeekSwitcher, local_time, now_ms,
    this_week,
};

const SECTIONS: usize = 11;
/// How long typing must pause before the sections are sent.
const DEBOUNCE: Duration = Duration::from_millis(700);
/// How often a failed save is tried again (besides the browser's `online` event).
const RETRY: Duration = Duration::from_secs(10);

/// What is kept on the device until the server has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalDraft {
    sections: Sections,
    /// Browser clock, milliseconds since the epoch.
    edited_at: f64,
}

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

/// Where the typed text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SaveState {
    Saved,
    Pending,
    Saving,
    Offline,
    Failed,
}

impl SaveState {
    fn code(self) -> &'static str {
        match self {
            SaveState::Saved => "saved",
            SaveState::Pending => "pending",
            SaveState::Saving => "saving",
            SaveState::Offline => "offline",
            SaveState::Failed => "failed",
        }
    }

    fn msg(self) -> R {
        match self {
            SaveState::Saved => R::SaveSaved,
            SaveState::Pending => R::SavePending,
            SaveState::Saving => R::SaveSaving,
            SaveState::Offline => R::SaveOffline,
            SaveState::Failed => R::SaveFailed,
        }
    }
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
        Err(ApiError::Problem { problem, .. }) if problem.status == 409 => {
            api.find_weekly_report(owner, &w).await
        }
        Err(e) => Err(e),
    }
}

#[component]
pub fn WeeklyReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let auth = use_auth();
    let query = use_query_map();
    let week = Memo::new(move |_| {
        query
            .with(|q| q.get("week"))
            .and_then(|w| w.parse::<IsoWeek>().ok())
            .unwrap_or_else(this_week)
    });
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
            Err(e) if is_signed_out(&e) => ().into_any(),
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
            <ReportWeekSwitcher week=week base="/reports/week" />
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {body}
        </Transition>
    }
}

/// Sends the sections as they are typed; keeps them on the device until the server has them.
#[derive(Debug, Clone, Copy)]
struct Saver {
    api: Api,
    id: i64,
    texts: [RwSignal<String>; SECTIONS],
    report: RwSignal<WeeklyReportDto>,
    state: RwSignal<SaveState>,
    dirty: RwSignal<bool>,
    errors: FormErrors,
    busy: StoredValue<bool>,
    again: StoredValue<bool>,
    generation: StoredValue<u64>,
}

impl Saver {
    /// The sections as typed (all of them: the server keeps what it is sent).
    fn sections(self) -> Option<Sections> {
        let mut s = Sections::default();
        for (i, section) in Section::ALL.iter().enumerate() {
            set_section(&mut s, *section, Some(self.texts[i].try_get_untracked()?));
        }
        Some(s)
    }

    fn keep_local(self) {
        if let Some(sections) = self.sections() {
            let draft = LocalDraft {
                sections,
                edited_at: now_ms(),
            };
            // A full storage only means the local copy is missing; the save goes on.
            let _ = LocalStorage::set(draft_key(self.id), &draft);
        }
    }

    /// Called on every keystroke.
    fn edited(self) {
        self.dirty.set(true);
        self.keep_local();
        if self.state.get_untracked() != SaveState::Offline {
            self.state.set(SaveState::Pending);
        }
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(generation) {
                    self.flush();
                }
            },
            DEBOUNCE,
        );
    }

    /// Sends the unsaved sections now (one request at a time).
    fn flush(self) {
        if self.dirty.try_get_untracked() != Some(true) {
            return;
        }
        if self.busy.get_value() {
            self.again.set_value(true);
            return;
        }
        let Some(sent) = self.sections() else {
            return;
        };
        self.busy.set_value(true);
        self.state.set(SaveState::Saving);
        spawn_local(async move {
            let body = UpdateWeeklyReportRequest {
                sections: Some(sent.clone()),
                ..Default::default()
            };
            let result = self.api.update_weekly_report(self.id, &body).await;
            if self.busy.try_set_value(false).is_some() {
                // The page is gone; the local copy waits for the next visit.
                return;
            }
            match result {
                Ok(r) => {
                    self.report.set(r);
                    if self.sections().as_ref() == Some(&sent) {
                        self.dirty.set(false);
                        LocalStorage::delete(draft_key(self.id));
                        self.state.set(SaveState::Saved);
                    } else {
                        self.again.set_value(true);
                    }
                }
                Err(e) if is_signed_out(&e) => {}
                Err(ApiError::Network(_)) => {
                    self.state.set(SaveState::Offline);
                    self.retry_later();
                }
                Err(e) => {
                    self.state.set(SaveState::Failed);
                    self.errors.show(&e, &["sections"]);
                    // A server in trouble may recover; a refusal will not.
                    if matches!(&e, ApiError::Problem { problem, .. } if problem.status >= 500) {
                        self.retry_later();
                    }
                }
            }
            if self.again.get_value() {
                self.again.set_value(false);
                self.flush();
            }
        });
    }

    fn retry_later(self) {
        set_timeout(
            move || {
                if matches!(
                    self.state.try_get_untracked(),
                    Some(SaveState::Offline | SaveState::Failed)
                ) {
                    self.flush();
                }
            },
            RETRY,
        );
    }
}

#[component]
fn ReportEditor(report: WeeklyReportDto) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = report.id;
    let errors = FormErrors::new();
    let notice = RwSignal::new(None::<R>);

    // The local copy wins when it is newer than the server's and says something else.
    let local: Option<LocalDraft> = LocalStorage::get(draft_key(id)).ok();
    let restored = match local {
        Some(d)
            if report.state == ReportState::Draft
                && d.sections != report.sections
                && d.edited_at > report.updated_at.timestamp_millis() as f64 =>
        {
            Some(d.sections)
        }
        Some(_) => {
            LocalStorage::delete(draft_key(id));
            None
        }
        None => None,
    };
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
    let saver = Saver {
        api,
        id,
        texts,
        report,
        state: RwSignal::new(SaveState::Saved),
        dirty: RwSignal::new(false),
        errors,
        busy: StoredValue::new(false),
        again: StoredValue::new(false),
        generation: StoredValue::new(0),
    };
    if restored.is_some() {
        saver.dirty.set(true);
        saver.state.set(SaveState::Pending);
        notice.set(Some(R::DraftRestored));
        saver.flush();
    }

    // Back online: send what waited on the device. Offline: say so at once.
    let on_online = window_event_listener(leptos::ev::online, move |_| saver.flush());
    let on_offline = window_event_listener(leptos::ev::offline, move |_| {
        if saver.dirty.try_get_untracked() == Some(true) {
            saver.state.set(SaveState::Offline);
        }
    });
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
    });

    let editable = Memo::new(move |_| report.with(|r| r.state == ReportState::Draft));
    let submitting = RwSignal::new(false);
    let submit = move |_| {
        if submitting.get_untracked() {
            return;
        }
        errors.clear();
        submitting.set(true);
        spawn_local(async move {
            // What is typed goes first, then the submission.
            if saver.dirty.get_untracked() {
                let body = UpdateWeeklyReportRequest {
                    sections: saver.sections(),
                    ..Default::default()
                };
                match api.update_weekly_report(id, &body).await {
                    Ok(r) => {
                        report.set(r);
                        saver.dirty.set(false);
                        LocalStorage::delete(draft_key(id));
                        saver.state.set(SaveState::Saved);
                    }
                    Err(e) => {
                        if matches!(e, ApiError::Network(_)) {
                            saver.state.set(SaveState::Offline);
                        }
                        if !is_signed_out(&e) {
                            errors.show(&e, &["sections", "next_plan_id"]);
                        }
                        submitting.set(false);
                        return;
                    }
                }
            }
            match api.submit_weekly_report(id, None).await {
                Ok(r) => {
                    report.set(r);
                    notice.set(Some(R::Submitted));
                }
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &["sections", "next_plan_id"]),
            }
            submitting.set(false);
        });
    };

    let sections = Section::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = *s;
            let text = texts[i];
            let name = s.as_str();
            let field = format!("sections.{name}");
            let required = Section::REQUIRED.contains(&s);
            let field_for_err = field.clone();
            let my_errors = Memo::new(move |_| {
                errors.fields.with(|all| {
                    all.iter()
                        .filter(|e| e.field == field_for_err)
                        .map(|e| (e.code.clone(), e.message.clone()))
                        .collect::<Vec<_>>()
                })
            });
            let id_attr = format!("sec-{name}");
            view! {
                <div class="field report-section" class:invalid=move || !my_errors.get().is_empty() data-testid=format!("section-{name}")>
                    <label for=id_attr.clone()>
                        <span class="sec-no">{format!("({})", i + 1)}</span>
                        {move || i18n.t(section_msg(s))}
                        {required.then(|| view! { <span class="req" title=move || i18n.t(R::Required)>" *"</span> })}
                    </label>
                    <textarea
                        id=id_attr
                        name=field
                        rows="3"
                        data-testid=format!("report-{name}")
                        readonly=move || !editable.get()
                        aria-invalid=move || (!my_errors.get().is_empty()).to_string()
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            text.set(event_target_value(&ev));
                            saver.edited();
                        }
                    ></textarea>
                    {move || {
                        let list = my_errors.get();
                        (!list.is_empty()).then(|| {
                            let t = list
                                .iter()
                                .map(|(code, message)| match field_error_msg(code) {
                                    Some(m) => i18n.t(m).to_owned(),
                                    None => message.clone(),
                                })
                                .collect::<Vec<_>>()
                                .join("; ");
                            view! { <p class="field-error" data-testid=format!("field-error-sections.{name}")>{t}</p> }
                        })
                    }}
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

    let figures = move || {
        let r = report.get();
        let frozen = r.submitted_at.is_some();
        view! { <FigureTiles figures=r.figures frozen=frozen /> }
    };

    let reviewed = move || {
        let r = report.get();
        (r.state == ReportState::Reviewed).then(|| view! { <MarksView report=r /> })
    };

    view! {
        <RNotice notice=notice />
        <ErrorBanner errors=errors />
        <section class="panel">
            {head}
            <PrintView id=id />
        </section>
        {figures}
        {reviewed}
        <section class="panel report-sections">
            <div class="sections-head">
                <h2>{move || i18n.t(R::Sections)}</h2>
                <Show when=move || editable.get()>
                    <span
                        class=move || format!("save-state save-{}", saver.state.get().code())
                        data-testid="save-state"
                        data-state=move || saver.state.get().code()
                        role="status"
                    >
                        {move || i18n.t(saver.state.get().msg())}
                    </span>
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
                        on:click=submit
                    >
                        {move || if submitting.get() { i18n.t(R::Submitting) } else { i18n.t(R::Submit) }}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// Next week's plan: linked (with a link to it), or a button that links it, creating the
/// draft plan first when there is none.
#[component]
fn NextPlanLink(
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
    let busy = RwSignal::new(false);
    let link = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = report.with_untracked(|r| r.id);
        let w = next_week.get_untracked().to_string();
        spawn_local(async move {
            let found = match api.find_weekly_plan(owner, &w).await {
                Ok(Some(p)) => Ok(p),
                Ok(None) => match api.create_weekly_plan(&w).await {
                    Err(ApiError::Problem { problem, .. }) if problem.status == 409 => api
                        .find_weekly_plan(owner, &w)
                        .await
                        .and_then(|p| p.ok_or(ApiError::Network("plan vanished".into()))),
                    other => other,
                },
                Err(e) => Err(e),
            };
            let result = match found {
                Ok(p) => {
                    let body = UpdateWeeklyReportRequest {
                        next_plan_id: Some(p.id),
                        ..Default::default()
                    };
                    api.update_weekly_report(id, &body).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(r) => {
                    errors
                        .fields
                        .update(|f| f.retain(|e| e.field != "next_plan_id"));
                    report.set(r);
                }
                Err(e) if is_signed_out(&e) => {}
                Err(e) => errors.show(&e, &["next_plan_id"]),
            }
            busy.set(false);
        });
    };
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
                        <button type="button" data-testid="next-plan-link" disabled=move || busy.get() on:click=link>
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
        </section>
    }
}

/// A button that fetches the print view with the session's token and shows it in a frame,
/// with a print button.
#[component]
pub fn PrintView(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let html = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let frame_id = format!("print-frame-{id}");
    let open = move |_| {
        error.set(None);
        spawn_local(async move {
            match api.weekly_report_html(id).await {
                Ok(text) => html.set(Some(text)),
                Err(e) if is_signed_out(&e) => {}
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let fid = frame_id.clone();
    let print = move |_| {
        let frame = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&fid));
        if let Some(frame) = frame {
            let win = js_sys::Reflect::get(&frame, &"contentWindow".into()).ok();
            let print_fn = win
                .as_ref()
                .and_then(|w| js_sys::Reflect::get(w, &"print".into()).ok())
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let (Some(w), Some(f)) = (win, print_fn) {
                let _ = f.call0(&w);
            }
        }
    };
    view! {
        <div class="print-view">
            <button type="button" class="r-button" data-testid="report-print" on:click=open>
                {move || i18n.t(R::Print)}
            </button>
            {move || error.get().map(|e| view! { <InlineError error=e /> })}
            {
                let frame_id = frame_id.clone();
                move || html.get().map(|h| {
                    let print = print.clone();
                    view! {
                    <div class="print-box">
                        <div class="form-actions">
                            <button type="button" class="primary" data-testid="report-print-now" on:click=print>
                                {move || i18n.t(R::PrintNow)}
                            </button>
                            <button type="button" data-testid="report-print-close" on:click=move |_| html.set(None)>
                                {move || i18n.t(R::ClosePrint)}
                            </button>
                        </div>
                        <iframe id=frame_id.clone() class="print-frame" data-testid="print-frame" srcdoc=h title="print"></iframe>
                    </div>
                    }
                })
            }
        </div>
    }
}
