//! The team week (团队周报表): per person planned / done / missed visits, completion rate as a
//! bar chart (inline SVG), calls against target, plan state, late mark and spot-check results.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use salesops_domain::progress::{PersonWeek, Progress, WeekSummary};

use crate::api::use_api;
use crate::clock::week_from_query;
use crate::components::{InlineError, WeekSwitcher};
use crate::i18n::plans::P;
use crate::i18n::{Msg, use_i18n};
use crate::pages::plans::parts::{LateBadge, StateBadge};

#[component]
pub fn TeamWeekPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let week = Memo::new(move |_| week_from_query(query.with(|q| q.get("week"))));
    let summary = LocalResource::new(move || {
        let w = week.get();
        async move { api.week_summary(&w.to_string()).await }
    });

    let body = move || {
        let result = summary.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(s) if s.people.is_empty() => view! {
                <section class="panel"><p class="muted" data-testid="team-empty">{move || i18n.t(P::NoPeople)}</p></section>
            }
            .into_any(),
            Ok(s) => view! { <SummaryView summary=s /> }.into_any(),
        })
    };

    view! {
        <section class="panel">
            <h1>{move || i18n.t(P::TeamWeekTitle)}</h1>
            <WeekSwitcher week=week base="/manager/team-week" />
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {body}
        </Transition>
    }
}

/// `75%`, or `—` with nothing planned.
fn percent(p: &Progress) -> String {
    p.completion_permille
        .map(|m| format!("{}%", (m + 5) / 10))
        .unwrap_or_else(|| "—".to_owned())
}

#[component]
fn SummaryView(summary: WeekSummary) -> impl IntoView {
    let i18n = use_i18n();
    let team = summary.team.clone();
    let rows = summary
        .people
        .iter()
        .map(|p| {
            let p = p.clone();
            let pr = p.progress.clone();
            view! {
                <tr data-testid="team-person" data-name=p.display_name.clone()>
                    <td data-label=move || i18n.t(P::Salesperson)><strong>{p.display_name.clone()}</strong></td>
                    <td data-label=move || i18n.t(P::PlanState)>
                        {match p.plan_state {
                            Some(s) => view! { <StateBadge state=s /> }.into_any(),
                            None => view! { <span class="badge badge-warn">{move || i18n.t(P::NoPlan)}</span> }.into_any(),
                        }}
                        {p.late.then(|| view! { <LateBadge /> })}
                    </td>
                    <td data-label=move || i18n.t(P::Planned)>{pr.planned_visits}</td>
                    <td data-label=move || i18n.t(P::Done)>{pr.done_visits}</td>
                    <td data-label=move || i18n.t(P::Missed)>{pr.missed_visits}</td>
                    <td data-label=move || i18n.t(P::Completion) data-testid="completion">{percent(&pr)}</td>
                    <td data-label=move || i18n.t(P::Calls)>{pr.calls_made} " / " {pr.calls_target}</td>
                    <td data-label=move || i18n.t(P::SpotResults)>
                        {spot_text(&pr)}
                    </td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <section class="panel">
            <h2>{move || i18n.t(P::CompletionChart)}</h2>
            <CompletionChart people=summary.people.clone() />
            <div class="figures" data-testid="team-totals">
                <span class="figure">{move || i18n.t(P::TeamTotal)} " " <strong>{percent(&team)}</strong></span>
                <span class="figure">{move || i18n.t(P::Done)} " " {team.done_visits} " / " {team.planned_visits}</span>
                <span class="figure">{move || i18n.t(P::Calls)} " " {team.calls_made} " / " {team.calls_target}</span>
                <span class="figure">{move || i18n.t(P::LateCount)} " " <strong>{summary.late_submissions}</strong></span>
                <span class="figure">{move || i18n.t(P::MissingCount)} " " <strong>{summary.missing_plans}</strong></span>
            </div>
        </section>
        <section class="panel">
            <table class="list" data-testid="team-table">
                <thead>
                    <tr>
                        <th>{move || i18n.t(P::Salesperson)}</th>
                        <th>{move || i18n.t(P::PlanState)}</th>
                        <th>{move || i18n.t(P::Planned)}</th>
                        <th>{move || i18n.t(P::Done)}</th>
                        <th>{move || i18n.t(P::Missed)}</th>
                        <th>{move || i18n.t(P::Completion)}</th>
                        <th>{move || i18n.t(P::Calls)}</th>
                        <th>{move || i18n.t(P::SpotResults)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// `✓2 ✗1 ?0`, or nothing when nobody was checked.
fn spot_text(p: &Progress) -> String {
    let total = p.spot_checks_confirmed + p.spot_checks_not_confirmed + p.spot_checks_unreachable;
    if total == 0 {
        return String::new();
    }
    format!(
        "✓{} ✗{} ?{}",
        p.spot_checks_confirmed, p.spot_checks_not_confirmed, p.spot_checks_unreachable
    )
}

/// Horizontal bars, one per person: the completion rate, with done / planned beside it.
/// Plain SVG drawn here; it scales to the width of the screen.
#[component]
fn CompletionChart(people: Vec<PersonWeek>) -> impl IntoView {
    const ROW: f64 = 30.0;
    const LABEL: f64 = 110.0;
    const BAR: f64 = 180.0;
    const WIDTH: f64 = LABEL + BAR + 70.0;
    let height = ROW * people.len() as f64 + 8.0;
    let bars = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = 4.0 + ROW * i as f64;
            let permille = p.progress.completion_permille;
            let w = permille.map(|m| BAR * m as f64 / 1000.0).unwrap_or(0.0);
            let color = match permille {
                Some(m) if m >= 800 => "#1a7f37",
                Some(m) if m >= 500 => "#bf8700",
                Some(_) => "#b42318",
                None => "#9aa4b2",
            };
            let name: String = p.display_name.chars().take(8).collect();
            let value = format!(
                "{} ({}/{})",
                percent(&p.progress),
                p.progress.done_visits,
                p.progress.planned_visits
            );
            view! {
                <g data-testid="chart-bar" data-name=p.display_name.clone() data-permille=permille.map(|m| m.to_string()).unwrap_or_default()>
                    <title>{format!("{} {value}", p.display_name)}</title>
                    <text x=LABEL - 6.0 y=y + 17.0 text-anchor="end" class="chart-label">{name}</text>
                    <rect x=LABEL y=y + 4.0 width=BAR height=ROW - 10.0 rx="3" fill="#e8edf3"></rect>
                    <rect x=LABEL y=y + 4.0 width=w height=ROW - 10.0 rx="3" fill=color></rect>
                    <text x=LABEL + BAR + 6.0 y=y + 17.0 class="chart-value">{value}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            data-testid="completion-chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            preserveAspectRatio="xMinYMin meet"
            role="img"
        >
            {bars}
        </svg>
    }
}
