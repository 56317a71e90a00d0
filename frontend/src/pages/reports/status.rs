//! The manager's view of a week's reports: who submitted, who is late or missing, what awaits
//! review (with a link to review it); and the on-time trend per person over the last 12 weeks
//! (12 status calls, drawn as inline SVG).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use salesops_domain::period::IsoWeek;
use salesops_domain::reports::{PersonReportStatus, ReportStatus, WeekReportStatus};

use crate::api::use_api;
use crate::clock::{local_time, this_week, week_from_query};
use crate::components::{InlineError, WeekSwitcher};
use crate::i18n::reports::{R, status_msg};
use crate::i18n::{Msg, use_i18n};

/// How many weeks the trend covers.
const TREND_WEEKS: usize = 12;

#[component]
pub fn ReportsStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let week = Memo::new(move |_| week_from_query(query.with(|q| q.get("week"))));
    let status = LocalResource::new(move || {
        let w = week.get();
        async move { api.weekly_report_status(&w.to_string()).await }
    });
    let body = move || {
        let result = status.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(s) if s.people.is_empty() => view! {
                <section class="panel"><p class="muted" data-testid="status-empty">{move || i18n.t(R::NoPeople)}</p></section>
            }
            .into_any(),
            Ok(s) => view! { <StatusTable status=s /> }.into_any(),
        })
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(R::StatusTitle)}</h1>
            <WeekSwitcher week=week base="/reports/status" />
        </section>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {body}
        </Transition>
        <Trend />
    }
}

#[component]
fn StatusBadge(status: ReportStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge status-{}", status.as_str()) data-testid="report-status" data-status=status.as_str()>
            {move || i18n.t(status_msg(status))}
        </span>
    }
}

#[component]
fn StatusTable(status: WeekReportStatus) -> impl IntoView {
    let i18n = use_i18n();
    let count = |k: ReportStatus| status.people.iter().filter(|p| p.status == k).count();
    let counts = ReportStatus::ALL
        .iter()
        .map(|k| {
            let k = *k;
            let n = count(k);
            view! {
                <span class="r-count" data-testid=format!("count-{}", k.as_str())>
                    <StatusBadge status=k /> " " <strong>{n}</strong>
                </span>
            }
        })
        .collect_view();
    let deadline = local_time(status.deadline);
    let rows = status
        .people
        .into_iter()
        .map(|p: PersonReportStatus| {
            let action = p.report_id.map(|id| {
                let to_review = matches!(p.status, ReportStatus::AwaitingReview | ReportStatus::Late);
                view! {
                    <A href=format!("/reports/weekly/{id}") attr:class=if to_review { "r-button r-primary" } else { "r-button" } attr:data-testid="status-open">
                        {move || if to_review { i18n.t(R::DoReview) } else { i18n.t(R::Open) }}
                    </A>
                }
            });
            view! {
                <tr data-testid="status-person" data-name=p.display_name.clone() data-status=p.status.as_str()>
                    <td data-label=move || i18n.t(R::Author)><strong>{p.display_name.clone()}</strong></td>
                    <td data-label=move || i18n.t(Msg::Status)><StatusBadge status=p.status /></td>
                    <td data-label=move || i18n.t(R::SubmittedAt)>{p.submitted_at.map(local_time)}</td>
                    <td data-label=move || i18n.t(R::ReviewedAt)>{p.reviewed_at.map(local_time)}</td>
                    <td data-label=move || i18n.t(R::ReviewHours)>{p.review_hours.map(|h| format!("{h:.1}"))}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <p class="muted">{move || i18n.t(R::Deadline)} " " <span data-testid="status-deadline">{deadline.clone()}</span></p>
            <div class="r-counts" data-testid="status-counts">{counts}</div>
            <table class="list" data-testid="status-table">
                <thead>
                    <tr>
                        <th>{move || i18n.t(R::Author)}</th>
                        <th>{move || i18n.t(Msg::Status)}</th>
                        <th>{move || i18n.t(R::SubmittedAt)}</th>
                        <th>{move || i18n.t(R::ReviewedAt)}</th>
                        <th>{move || i18n.t(R::ReviewHours)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// One person's week in the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    OnTime,
    Late,
    Missing,
    /// Not in the team that week.
    None,
}

impl Cell {
    fn of(p: &PersonReportStatus) -> Cell {
        match p.status {
            ReportStatus::Missing => Cell::Missing,
            _ if p.late => Cell::Late,
            _ => Cell::OnTime,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Cell::OnTime => "cell-on-time",
            Cell::Late => "cell-late",
            Cell::Missing => "cell-missing",
            Cell::None => "cell-none",
        }
    }
}

/// The 12 weeks whose deadlines have passed (up to last week), oldest first.
fn trend_weeks() -> Vec<IsoWeek> {
    let mut weeks = Vec::with_capacity(TREND_WEEKS);
    let mut w = this_week().prev();
    for _ in 0..TREND_WEEKS {
        weeks.push(w);
        w = w.prev();
    }
    weeks.reverse();
    weeks
}

#[component]
fn Trend() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let data = LocalResource::new(move || async move {
        let weeks = trend_weeks();
        let calls = weeks
            .iter()
            .map(|w| {
                let w = w.to_string();
                async move { api.weekly_report_status(&w).await }
            })
            .collect::<Vec<_>>();
        futures::future::join_all(calls)
            .await
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
    });
    let body = move || {
        let result = data.get()?;
        Some(match result {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(weeks) => view! { <TrendChart weeks=weeks /> }.into_any(),
        })
    };
    view! {
        <section class="panel" data-testid="trend">
            <h2>{move || i18n.t(R::Trend)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {body}
            </Transition>
        </section>
    }
}

/// A grid (one row per person, one square per week: on time, late, missing) with each
/// person's on-time rate, under a line of the team's on-time rate per week. Plain SVG.
#[component]
fn TrendChart(weeks: Vec<WeekReportStatus>) -> impl IntoView {
    const LABEL: f64 = 84.0;
    const CELL: f64 = 20.0;
    const GAP: f64 = 3.0;
    const RATE: f64 = 44.0;
    const LINE_H: f64 = 70.0;
    const TOP: f64 = 14.0;
    let i18n = use_i18n();

    // People in the order of the latest week, then anyone who left.
    let mut people: Vec<(i64, String)> = Vec::new();
    for w in weeks.iter().rev() {
        for p in &w.people {
            if !people.iter().any(|(id, _)| *id == p.user_id) {
                people.push((p.user_id, p.display_name.clone()));
            }
        }
    }
    let cols = weeks.len();
    let grid_w = cols as f64 * (CELL + GAP);
    let width = LABEL + grid_w + RATE;
    let grid_top = TOP + LINE_H + 22.0;
    let height = grid_top + people.len() as f64 * (CELL + GAP) + 24.0;
    let x_of = |i: usize| LABEL + i as f64 * (CELL + GAP) + CELL / 2.0;

    // The team's on-time rate per week (of those expected).
    let team: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| {
            let n = w.people.len();
            (n > 0).then(|| {
                w.people
                    .iter()
                    .filter(|p| Cell::of(p) == Cell::OnTime)
                    .count() as f64
                    / n as f64
            })
        })
        .collect();
    let y_of = |rate: f64| TOP + LINE_H - rate * LINE_H;
    let points = team
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| format!("{:.1},{:.1}", x_of(i), y_of(r))))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = team
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.map(|r| {
                view! {
                    <circle cx=format!("{:.1}", x_of(i)) cy=format!("{:.1}", y_of(r)) r="3" class="trend-dot">
                        <title>{format!("{} {:.0}%", weeks[i].week, r * 100.0)}</title>
                    </circle>
                }
            })
        })
        .collect_view();
    let week_labels = weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let short = w.week.split('W').nth(1).unwrap_or("").to_owned();
            view! {
                <text x=format!("{:.1}", x_of(i)) y=format!("{:.1}", grid_top - 6.0) class="trend-week" text-anchor="middle">
                    {short}
                </text>
            }
        })
        .collect_view();

    let rows = people
        .iter()
        .enumerate()
        .map(|(row, (uid, name))| {
            let y = grid_top + row as f64 * (CELL + GAP);
            let cells: Vec<Cell> = weeks
                .iter()
                .map(|w| {
                    w.people
                        .iter()
                        .find(|p| p.user_id == *uid)
                        .map(Cell::of)
                        .unwrap_or(Cell::None)
                })
                .collect();
            let expected = cells.iter().filter(|c| **c != Cell::None).count();
            let on_time = cells.iter().filter(|c| **c == Cell::OnTime).count();
            let rate = if expected > 0 {
                format!("{:.0}%", on_time as f64 * 100.0 / expected as f64)
            } else {
                "—".to_owned()
            };
            let squares = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let c = *c;
                    let week = weeks[i].week.clone();
                    view! {
                        <rect
                            x=format!("{:.1}", LABEL + i as f64 * (CELL + GAP))
                            y=format!("{y:.1}")
                            width=CELL
                            height=CELL
                            rx="3"
                            class=c.class()
                        >
                            <title>{week}</title>
                        </rect>
                    }
                })
                .collect_view();
            let rate_attr = rate.clone();
            view! {
                <g data-testid="trend-person" data-name=name.clone() data-rate=rate_attr>
                    <text x="0" y=format!("{:.1}", y + CELL * 0.75) class="trend-name">{name.clone()}</text>
                    {squares}
                    <text x=format!("{:.1}", LABEL + grid_w + 4.0) y=format!("{:.1}", y + CELL * 0.75) class="trend-rate">{rate}</text>
                </g>
            }
        })
        .collect_view();

    view! {
        <svg
            class="trend-chart"
            data-testid="trend-chart"
            viewBox=format!("0 0 {width:.0} {height:.0}")
            width="100%"
            role="img"
            aria-label=move || i18n.t(R::Trend)
        >
            <text x="0" y=format!("{:.1}", TOP + 10.0) class="trend-name">{move || i18n.t(R::TrendTeam)}</text>
            <line x1=LABEL y1=y_of(1.0) x2=LABEL + grid_w y2=y_of(1.0) class="trend-grid" />
            <line x1=LABEL y1=y_of(0.5) x2=LABEL + grid_w y2=y_of(0.5) class="trend-grid" />
            <line x1=LABEL y1=y_of(0.0) x2=LABEL + grid_w y2=y_of(0.0) class="trend-grid" />
            <text x=format!("{:.1}", LABEL + grid_w + 4.0) y=format!("{:.1}", y_of(1.0) + 4.0) class="trend-rate">"100%"</text>
            <text x=format!("{:.1}", LABEL + grid_w + 4.0) y=format!("{:.1}", y_of(0.0) + 4.0) class="trend-rate">"0%"</text>
            <polyline points=points class="trend-line" />
            {dots}
            {week_labels}
            {rows}
        </svg>
        <div class="trend-legend">
            <span><i class="swatch cell-on-time"></i>{move || i18n.t(R::TrendOnTime)}</span>
            <span><i class="swatch cell-late"></i>{move || i18n.t(R::TrendLate)}</span>
            <span><i class="swatch cell-missing"></i>{move || i18n.t(R::TrendMissing)}</span>
        </div>
    }
}
