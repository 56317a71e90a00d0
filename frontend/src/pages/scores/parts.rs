//! Pieces of the scoring screens: the month in the URL (`?month=`) and its switcher, the
//! state badge, points as text, and what was typed in a points or count field.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::period::Month;
use salesops_domain::scoring::score::{ScoreState, tenths_of};

use crate::clock::today;
use crate::i18n::scores::{S, score_state_msg};
use crate::i18n::use_i18n;

pub fn this_month() -> Month {
    Month::of(today())
}

/// The month before `m`.
pub fn prev_month(m: Month) -> Month {
    salesops_domain::scoring::previous(m)
}

/// The month named in `?month=`, else `fallback`.
pub fn month_from_query(q: Option<String>, fallback: Month) -> Month {
    q.and_then(|m| m.parse().ok()).unwrap_or(fallback)
}

/// Points with their one decimal (`88.3`, `100.0`).
pub fn pts(p: f64) -> String {
    format!("{p:.1}")
}

/// Points typed by a manager: at most one decimal, from 0 to `max`.
pub fn typed_points(text: &str, max: f64) -> Option<f64> {
    let p: f64 = text.trim().parse().ok()?;
    let t = tenths_of(p)?;
    (t >= 0 && (t as f64) <= max * 10.0 + 1e-6).then_some(t as f64 / 10.0)
}

/// A count typed by a manager: a whole number from 0 to 100.
pub fn typed_count(text: &str) -> Option<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=100).contains(n))
}

/// Previous / this / next month, kept in the URL (`?month=`).
#[component]
pub fn MonthSwitcher(month: Memo<Month>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |m: Month| format!("{base}?month={m}");
    view! {
        <div class="week-switch" data-testid="month-switch">
            <A href=move || href(prev_month(month.get())) attr:class="button-link" attr:data-testid="month-prev" attr:title=move || i18n.t(S::PrevMonth)>
                "‹"
            </A>
            <div class="week-label">
                <strong data-testid="month-label">{move || month.get().to_string()}</strong>
            </div>
            <A href=move || href(month.get().next()) attr:class="button-link" attr:data-testid="month-next" attr:title=move || i18n.t(S::NextMonth)>
                "›"
            </A>
            <Show when=move || month.get() != this_month()>
                <A href=move || href(this_month()) attr:class="button-link" attr:data-testid="month-this">
                    {move || i18n.t(S::ThisMonth)}
                </A>
            </Show>
        </div>
    }
}

#[component]
pub fn ScoreStateBadge(state: Option<ScoreState>) -> impl IntoView {
    let i18n = use_i18n();
    let code = state.map(|s| s.as_str()).unwrap_or("none");
    let msg = state.map(score_state_msg).unwrap_or(S::StNone);
    view! {
        <span class=format!("badge score-{code}") data-testid="score-state" data-state=code>
            {move || i18n.t(msg)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_typed_with_one_decimal_within_the_maximum() {
        assert_eq!(typed_points("12.5", 20.0), Some(12.5));
        assert_eq!(typed_points(" 0 ", 20.0), Some(0.0));
        assert_eq!(typed_points("20", 20.0), Some(20.0));
        assert_eq!(typed_points("20.1", 20.0), None);
        assert_eq!(typed_points("1.25", 20.0), None);
        assert_eq!(typed_points("-1", 20.0), None);
        assert_eq!(typed_points("abc", 20.0), None);
        assert_eq!(pts(88.3), "88.3");
        assert_eq!(pts(100.0), "100.0");
    }

    #[test]
    fn counts_and_months() {
        assert_eq!(typed_count("3"), Some(3));
        assert_eq!(typed_count("101"), None);
        assert_eq!(typed_count("-1"), None);
        let jan = Month::new(2027, 1).unwrap_or(Month {
            year: 2027,
            month: 1,
        });
        assert_eq!(prev_month(jan).to_string(), "2026-12");
        assert_eq!(
            month_from_query(Some("2026-11".into()), jan).to_string(),
            "2026-11"
        );
        assert_eq!(month_from_query(Some("junk".into()), jan), jan);
    }
}

/// "Someone else changed it", with a reload button, while `stale` holds.
#[component]
pub fn StaleNote(stale: RwSignal<bool>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || stale.get()>
            <p class="field-error" role="alert" data-testid="score-stale">
                {move || i18n.t(S::Stale)} " "
                <button type="button" class="small" data-testid="score-reload" on:click=move |_| reload.run(())>
                    {move || i18n.t(S::Reload)}
                </button>
            </p>
        </Show>
    }
}
