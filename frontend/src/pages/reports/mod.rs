//! The report screens (SPEC §5): the salesperson's weekly report (saved as they type, kept on
//! the device while offline), the manager's team status with the 12-week trend, the review of
//! a weekly report, and the managers' monthly report.

pub mod monthly;
pub mod review;
pub mod status;
pub mod weekly;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::Role;
use salesops_domain::period::IsoWeek;
use salesops_domain::reports::{Figure, ReportState};

use crate::auth::use_auth;
use crate::i18n::reports::{R, figure_msg, state_msg};
use crate::i18n::use_i18n;

/// Who writes a weekly report.
pub const WRITER_ROLES: &[Role] = &[Role::Salesperson, Role::Manager];
/// Who follows the team's reports.
pub const MANAGER_ROLES: &[Role] = &[Role::Manager, Role::Admin];
/// Who may open one report.
pub const READER_ROLES: &[Role] = &[Role::Salesperson, Role::Manager, Role::Admin];

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

pub fn this_week() -> IsoWeek {
    IsoWeek::of(today())
}

/// Milliseconds since the epoch, by the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A time shown in the browser's time zone.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i64);
    (at + chrono::Duration::minutes(offset))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `11-23 – 11-29`.
pub fn week_span(w: IsoWeek) -> String {
    format!(
        "{} – {}",
        w.monday().format("%m-%d"),
        w.sunday().format("%m-%d")
    )
}

/// A report's state as a coloured badge.
#[component]
pub fn ReportStateBadge(state: ReportState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge report-{}", state.as_str()) data-testid="report-state" data-state=state.as_str()>
            {move || i18n.t(state_msg(state))}
        </span>
    }
}

#[component]
pub fn LateMark() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge r-late" data-testid="report-late">{move || i18n.t(R::Late)}</span> }
}

/// The figures the server filled in: read-only tiles.
#[component]
pub fn FigureTiles(figures: Vec<Figure>, frozen: bool) -> impl IntoView {
    let i18n = use_i18n();
    let tiles = figures
        .into_iter()
        .map(|f| {
            let label = f.key.clone();
            let key = f.key.clone();
            let value = if f.unit == "fen" {
                format!("¥{}.{:02}", f.value / 100, (f.value % 100).abs())
            } else {
                f.value.to_string()
            };
            view! {
                <div class="figure-tile" data-testid="figure" data-key=key>
                    <strong>{value}</strong>
                    <span>{move || figure_msg(&label).map(|m| i18n.t(m).to_owned()).unwrap_or_else(|| label.clone())}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>{move || i18n.t(R::Figures)}</h2>
            {frozen.then(|| view! { <p class="muted">{move || i18n.t(R::FiguresFrozen)}</p> })}
            <div class="figure-tiles" data-testid="figures">{tiles}</div>
        </section>
    }
}

/// Previous / this / next week, kept in the URL (`?week=`).
#[component]
pub fn ReportWeekSwitcher(week: Memo<IsoWeek>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |w: IsoWeek| format!("{base}?week={w}");
    view! {
        <div class="r-week-switch" data-testid="report-week-switch">
            <A href=move || href(week.get().prev()) attr:class="r-button" attr:data-testid="report-week-prev" attr:title=move || i18n.t(R::PrevWeek)>
                "‹"
            </A>
            <div class="r-week-label">
                <strong data-testid="report-week">{move || week.get().to_string()}</strong>
                <span class="muted">{move || week_span(week.get())}</span>
            </div>
            <A href=move || href(week.get().next()) attr:class="r-button" attr:data-testid="report-week-next" attr:title=move || i18n.t(R::NextWeek)>
                "›"
            </A>
            <Show when=move || week.get() != this_week()>
                <A href=move || href(this_week()) attr:class="r-button" attr:data-testid="report-week-this">
                    {move || i18n.t(R::ThisWeek)}
                </A>
            </Show>
        </div>
    }
}

/// The nav entries of the report screens, by role.
#[component]
pub fn ReportsNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Show when=move || auth.has_role(Role::Salesperson)>
            <A href="/reports/week" attr:data-testid="nav-weekly-report">{move || i18n.t(R::NavWeekly)}</A>
        </Show>
        <Show when=move || auth.has_any_role(MANAGER_ROLES)>
            <A href="/reports/status" attr:data-testid="nav-reports-status">{move || i18n.t(R::NavStatus)}</A>
        </Show>
        <Show when=move || auth.has_any_role(MANAGER_ROLES)>
            <A href="/reports/monthly" attr:data-testid="nav-monthly-report">{move || i18n.t(R::NavMonthly)}</A>
        </Show>
    }
}

/// The report entries of the home page's to-do list that `home.rs` does not list itself.
#[component]
pub fn ReportsTodos() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    move || {
        auth.has_role(Role::Manager).then(|| {
            view! {
                <li class="todo" data-testid="todo">
                    <A href="/reports/monthly">{move || i18n.t(R::TodoMonthly)}</A>
                </li>
            }
        })
    }
}

/// A success message of the report screens that the user can dismiss.
#[component]
pub fn RNotice(notice: RwSignal<Option<R>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        notice.get().map(|m| {
            view! {
                <div class="banner banner-ok" role="status" data-testid="notice">
                    <span>{move || i18n.t(m)}</span>
                    <button
                        type="button"
                        class="banner-close"
                        title=move || i18n.t(crate::i18n::Msg::Dismiss)
                        on:click=move |_| notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}
