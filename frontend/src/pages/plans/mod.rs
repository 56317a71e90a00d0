//! Plans and visits for the salesperson ("my week"), plus helpers shared with the manager
//! screens (`pages/manager/`): weeks, money, badges, the nav entries.

pub mod daily_log;
pub mod visits;
pub mod week;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::period::IsoWeek;
use salesops_domain::plans::PlanState;
use salesops_domain::visits::VisitDto;
use salesops_domain::{FieldError, Role};
use wasm_bindgen::JsCast;

use crate::auth::use_auth;
use crate::components::{FieldErrors, FormErrors};
use crate::i18n::plans::{P, plan_state_msg, visit_status_msg, weekday_msg};
use crate::i18n::use_i18n;

/// Who uses the planner.
pub const PLANNER_ROLES: &[Role] = &[Role::Salesperson, Role::Manager];
/// Who uses the manager screens.
pub const MANAGER_ROLES: &[Role] = &[Role::Manager, Role::Admin];

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

pub fn this_week() -> IsoWeek {
    IsoWeek::of(today())
}

/// The week named in the URL's `?week=`, else this week.
pub fn week_from_query(q: Option<String>) -> IsoWeek {
    q.and_then(|w| w.parse().ok()).unwrap_or_else(this_week)
}

/// An instant in the browser's time zone: `2026-11-23 09:15`.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        at.timestamp_millis() as f64
    ));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `11-23 – 11-29`.
pub fn week_span(w: IsoWeek) -> String {
    format!(
        "{} – {}",
        w.monday().format("%m-%d"),
        w.sunday().format("%m-%d")
    )
}

/// Parses an amount in yuan (`120`, `120.5`, `1,200.50`) into 分. Blank is zero.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let t: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Some(0);
    }
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    if frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || (whole.is_empty() && frac.is_empty())
        || whole.len() > 12
    {
        return None;
    }
    let yuan: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fen: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    yuan.checked_mul(100)?.checked_add(fen)
}

/// 分 as an editable amount in yuan: `1200.50`, `0` for nothing.
pub fn yuan_input(fen: i64) -> String {
    if fen == 0 {
        return String::new();
    }
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, fen % 100)
    }
}

/// 分 shown as money: `¥1,200.50`.
pub fn money(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

/// `周二 11-24`.
pub fn day_label(i18n: crate::i18n::I18n, date: NaiveDate) -> String {
    format!(
        "{} {}",
        i18n.t(weekday_msg(date.weekday().num_days_from_monday())),
        date.format("%m-%d")
    )
}

/// A time window `09:30–11:00`, or what there is of it.
pub fn time_window(v: &VisitDto) -> String {
    match (&v.time_from, &v.time_to) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => a.clone(),
        (None, Some(b)) => format!("–{b}"),
        (None, None) => String::new(),
    }
}

/// A plan's state as a coloured badge.
#[component]
pub fn StateBadge(state: PlanState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge state-{}", state.as_str()) data-testid="plan-state" data-state=state.as_str()>
            {move || i18n.t(plan_state_msg(state))}
        </span>
    }
}

#[component]
pub fn LateBadge() -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class="badge badge-late" data-testid="late-mark">{move || i18n.t(P::Late)}</span> }
}

/// A visit's status and flags as badges.
#[component]
pub fn VisitBadges(visit: VisitDto) -> impl IntoView {
    let i18n = use_i18n();
    let status = visit.status;
    let flag = move |on: bool, msg: P, class: &'static str| {
        on.then(|| view! { <span class=format!("badge {class}")>{move || i18n.t(msg)}</span> })
    };
    view! {
        <span class=format!("badge visit-{}", status.as_str()) data-testid="visit-status" data-status=status.as_str()>
            {move || i18n.t(visit_status_msg(status))}
        </span>
        {flag(visit.unplanned, P::Unplanned, "badge-warn")}
        {flag(visit.rescheduled, P::Rescheduled, "badge-info")}
        {flag(visit.off_site, P::OffSite, "badge-late")}
        {flag(visit.no_location, P::NoLocation, "badge-warn")}
        {flag(visit.false_report, P::FalseReport, "badge-late")}
    }
}

/// Previous / this / next week, kept in the URL (`?week=`).
#[component]
pub fn WeekSwitcher(week: Memo<IsoWeek>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |w: IsoWeek| format!("{base}?week={w}");
    view! {
        <div class="week-switch" data-testid="week-switch">
            <A href=move || href(week.get().prev()) attr:class="button-link" attr:data-testid="week-prev" attr:title=move || i18n.t(P::PrevWeek)>
                "‹"
            </A>
            <div class="week-label">
                <strong data-testid="week-label">{move || week.get().to_string()}</strong>
                <span class="muted">{move || week_span(week.get())}</span>
            </div>
            <A href=move || href(week.get().next()) attr:class="button-link" attr:data-testid="week-next" attr:title=move || i18n.t(P::NextWeek)>
                "›"
            </A>
            <Show when=move || week.get() != this_week()>
                <A href=move || href(this_week()) attr:class="button-link" attr:data-testid="week-this">
                    {move || i18n.t(P::ThisWeek)}
                </A>
            </Show>
        </div>
    }
}

/// The nav entries of the plans screens, by role.
#[component]
pub fn PlansNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Show when=move || auth.has_role(Role::Salesperson)>
            <A href="/plans/week" attr:data-testid="nav-my-week">{move || i18n.t(P::NavMyWeek)}</A>
        </Show>
        <Show when=move || auth.has_any_role(MANAGER_ROLES)>
            <A href="/manager/approvals" attr:data-testid="nav-approvals">{move || i18n.t(P::NavApprovals)}</A>
            <A href="/manager/spot-checks" attr:data-testid="nav-spot-checks">{move || i18n.t(P::NavSpotChecks)}</A>
            <A href="/manager/team-week" attr:data-testid="nav-team-week">{move || i18n.t(P::NavTeamWeek)}</A>
        </Show>
    }
}

/// A success message of the plans screens that the user can dismiss.
#[component]
pub fn PNotice(notice: RwSignal<Option<P>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        notice.get().map(|m| {
            view! {
                <div class="banner banner-ok" role="status" data-testid="notice">
                    <span>{move || i18n.t(m)}</span>
                    <button
                        type="button"
                        class="banner-close"
                        on:click=move |_| notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// A labelled input (or textarea, with `kind = "textarea"`) with its field errors beneath.
#[component]
pub fn PField(
    label: P,
    /// The field's name in the API (errors are matched on it).
    name: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{testid}");
    let invalid = move || {
        errors.fields.with(|f| {
            f.iter()
                .any(|e| e.field.split(['[', '.']).next() == Some(name))
        })
    };
    let control = if kind == "textarea" {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="2"
                data-testid=testid
                disabled=move || disabled.get()
                placeholder=placeholder
                aria-invalid=move || invalid().to_string()
                bind:value=value
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=kind
                name=name
                inputmode=if kind == "number" { "numeric" } else if name.starts_with("est_") { "decimal" } else { "text" }
                min=if kind == "number" { Some("0") } else { None }
                data-testid=testid
                disabled=move || disabled.get()
                placeholder=placeholder
                autocomplete="off"
                aria-invalid=move || invalid().to_string()
                bind:value=value
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{move || i18n.t(label)}</label>
            {control}
            <FieldErrors name=name errors=errors />
        </div>
    }
}

/// Marks `field` invalid with `msg` (a check made here, before asking the server).
pub fn local_error(i18n: crate::i18n::I18n, field: &str, msg: P) -> FieldError {
    FieldError::new(field, "local", i18n.t(msg))
}

/// The browser's position, when it has one and the user allows it; `None` otherwise (also
/// after 15 s without an answer).
pub async fn current_position() -> Option<(f64, f64)> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsValue;
    use wasm_bindgen::closure::Closure;

    let window = web_sys::window()?;
    let geo = window.navigator().geolocation().ok()?;
    let (tx, rx) = futures::channel::oneshot::channel::<Option<(f64, f64)>>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let ok_tx = tx.clone();
    let on_ok = Closure::once_into_js(move |pos: JsValue| {
        let num = |obj: &JsValue, key: &str| {
            js_sys::Reflect::get(obj, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_f64())
        };
        let coords = js_sys::Reflect::get(&pos, &JsValue::from_str("coords")).ok();
        let at = coords.and_then(|c| num(&c, "latitude").zip(num(&c, "longitude")));
        if let Some(t) = ok_tx.borrow_mut().take() {
            let _ = t.send(at);
        }
    });
    // A permission prompt left unanswered does not count against the options' timeout.
    let late_tx = tx.clone();
    let give_up = Closure::once_into_js(move || {
        if let Some(t) = late_tx.borrow_mut().take() {
            let _ = t.send(None);
        }
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), 15_000);
    let err_tx = tx.clone();
    let on_err = Closure::once_into_js(move |_e: JsValue| {
        if let Some(t) = err_tx.borrow_mut().take() {
            let _ = t.send(None);
        }
    });
    let options = web_sys::PositionOptions::new();
    options.set_timeout(10_000);
    options.set_maximum_age(60_000);
    geo.get_current_position_with_error_callback_and_options(
        on_ok.unchecked_ref(),
        Some(on_err.unchecked_ref()),
        &options,
    )
    .ok()?;
    rx.await.ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_to_fen() {
        assert_eq!(parse_yuan(""), Some(0));
        assert_eq!(parse_yuan("120"), Some(12_000));
        assert_eq!(parse_yuan("120.5"), Some(12_050));
        assert_eq!(parse_yuan("¥1,200.05"), Some(120_005));
        assert_eq!(parse_yuan(".5"), Some(50));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("-3"), None);
        assert_eq!(parse_yuan("abc"), None);
        assert_eq!(parse_yuan("."), None);
    }

    #[test]
    fn fen_to_text() {
        assert_eq!(money(0), "¥0.00");
        assert_eq!(money(120_005), "¥1,200.05");
        assert_eq!(money(123_456_789), "¥1,234,567.89");
        assert_eq!(money(-150), "-¥1.50");
        assert_eq!(yuan_input(12_000), "120");
        assert_eq!(yuan_input(12_050), "120.50");
        assert_eq!(yuan_input(0), "");
        assert_eq!(parse_yuan(&yuan_input(98_765)), Some(98_765));
    }
}
