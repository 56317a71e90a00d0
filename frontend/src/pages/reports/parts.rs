//! Pieces of the report screens: state badges, the figures, the home page's to-do entry.

use leptos::prelude::*;
use leptos_router::components::A;
use salesops_domain::reports::{Figure, ReportState, WeeklyReportDto};
use salesops_domain::{Capability, Fen};

use crate::auth::use_auth;
use crate::i18n::reports::{R, figure_msg, state_msg};
use crate::i18n::use_i18n;

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

/// A figure's value as people read it: money in 元 (`¥1,234.50`, `-¥0.50`), else the count.
fn figure_text(f: &Figure) -> String {
    if f.unit == "fen" {
        Fen(f.value).to_string()
    } else {
        f.value.to_string()
    }
}

/// The figures the server filled in: read-only tiles.
#[component]
pub fn FigureTiles(figures: Vec<Figure>, frozen: bool) -> impl IntoView {
    let i18n = use_i18n();
    let tiles = figures
        .into_iter()
        .map(|f| {
            let value = figure_text(&f);
            let label = f.key.clone();
            view! {
                <div class="figure-tile" data-testid="figure" data-key=f.key>
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

/// The figures of `report` as it is now (frozen once it was submitted).
#[component]
pub fn ReportFigures(report: RwSignal<WeeklyReportDto>) -> impl IntoView {
    move || {
        let r = report.get();
        let frozen = r.submitted_at.is_some();
        view! { <FigureTiles figures=r.figures frozen=frozen /> }
    }
}

/// The report entries of the home page's to-do list that `home.rs` does not list itself:
/// the monthly report, for those who write one.
#[component]
pub fn ReportsTodos() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    move || {
        auth.can(Capability::MonthlyReportsWrite).then(|| {
            view! {
                <li class="todo" data-testid="todo">
                    <A href="/reports/monthly">{move || i18n.t(R::TodoMonthly)}</A>
                </li>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_figures_read_like_the_print_view() {
        let f = |value, unit: &str| Figure {
            key: "sales".to_owned(),
            value,
            unit: unit.to_owned(),
        };
        assert_eq!(figure_text(&f(123_450, "fen")), "¥1,234.50");
        assert_eq!(figure_text(&f(-50, "fen")), "-¥0.50");
        assert_eq!(figure_text(&f(7, "count")), "7");
    }
}
