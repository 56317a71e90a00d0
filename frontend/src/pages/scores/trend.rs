//! A person's last twelve monthly totals as a line chart: plain SVG drawn here (no chart
//! library), oldest month on the left, the alert lines at 60 and 70.

use leptos::prelude::*;
use salesops_domain::scoring::score::ScoreDto;

use crate::api::use_api;
use crate::components::InlineError;
use crate::i18n::scores::S;
use crate::i18n::use_i18n;
use crate::pages::scores::parts::pts;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 170.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The y of `points` (0–100) on the chart.
fn y_of(points: f64) -> f64 {
    let plot = HEIGHT - TOP - BOTTOM;
    TOP + plot * (1.0 - points.clamp(0.0, 100.0) / 100.0)
}

/// Where each month's total goes: `(month, total, x, y)`, oldest first, from the scores as the
/// API lists them (newest first).
pub fn trend_points(scores: &[ScoreDto]) -> Vec<(String, f64, f64, f64)> {
    let mut months: Vec<(String, f64)> =
        scores.iter().map(|s| (s.month.clone(), s.total)).collect();
    months.sort_by(|a, b| a.0.cmp(&b.0));
    let n = months.len();
    let plot = WIDTH - LEFT - RIGHT;
    months
        .into_iter()
        .enumerate()
        .map(|(i, (m, t))| {
            let x = if n <= 1 {
                LEFT + plot / 2.0
            } else {
                LEFT + plot * i as f64 / (n - 1) as f64
            };
            (m, t, x, y_of(t))
        })
        .collect()
}

/// The chart of the person's latest twelve months (`GET /scores?user_id=&per_page=12`).
#[component]
pub fn TrendChart(user_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let scores = LocalResource::new(move || async move { api.score_trend(user_id, 12).await });
    view! {
        <section class="panel">
            <h2>{move || i18n.t(S::Trend)}</h2>
            {move || scores.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="muted">{move || i18n.t(S::NoTrend)}</p> }.into_any(),
                Ok(list) => view! { <TrendSvg scores=list /> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn TrendSvg(scores: Vec<ScoreDto>) -> impl IntoView {
    let points = trend_points(&scores);
    let line = points
        .iter()
        .map(|(_, _, x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let guide = |p: f64, color: &'static str| {
        let y = y_of(p);
        view! {
            <line x1=LEFT y1=y x2=WIDTH - RIGHT y2=y stroke=color stroke-dasharray="4 3" stroke-width="1"></line>
            <text x=LEFT - 4.0 y=y + 4.0 text-anchor="end" class="chart-label">{p.to_string()}</text>
        }
    };
    let dots = points
        .into_iter()
        .map(|(month, total, x, y)| {
            let color = if total < 60.0 {
                "#b42318"
            } else if total < 70.0 {
                "#bf8700"
            } else {
                "#1a7f37"
            };
            let short = month.get(5..).unwrap_or(&month).to_owned();
            view! {
                <g data-testid="trend-point" data-month=month.clone() data-total=total.to_string()>
                    <title>{format!("{month} {}", pts(total))}</title>
                    <circle cx=x cy=y r="3.5" fill=color></circle>
                    <text x=x y=HEIGHT - 10.0 text-anchor="middle" class="chart-label">{short}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            data-testid="score-trend"
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            preserveAspectRatio="xMinYMin meet"
            role="img"
        >
            <line x1=LEFT y1=y_of(0.0) x2=WIDTH - RIGHT y2=y_of(0.0) stroke="#9aa4b2" stroke-width="1"></line>
            {guide(100.0, "#d0d7de")}
            {guide(70.0, "#bf8700")}
            {guide(60.0, "#b42318")}
            <polyline points=line fill="none" stroke="#0b5cad" stroke-width="2"></polyline>
            {dots}
        </svg>
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn score(month: &str, total: f64) -> ScoreDto {
        serde_json::from_value(serde_json::json!({
            "id": 1, "user_id": 1, "user_name": "x", "month": month, "role": "salesperson",
            "state": "finalized", "rubric_version": 1, "daily_work": total, "attendance": 100.0,
            "total": total, "total_tenths": (total * 10.0) as i64, "items": [],
            "discussion_note": null, "dispute_reason": null, "finalized_by": null,
            "finalized_at": null, "version": 1,
            "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z"
        }))
        .expect("a score")
    }

    #[test]
    fn months_run_oldest_first_and_higher_totals_sit_higher() {
        let p = trend_points(&[score("2026-11", 90.0), score("2026-10", 55.0)]);
        assert_eq!(p[0].0, "2026-10");
        assert_eq!(p[1].0, "2026-11");
        assert!(p[0].2 < p[1].2, "left to right");
        assert!(p[1].3 < p[0].3, "90 above 55");
        assert_eq!(p[0].2, LEFT);
        assert_eq!(p[1].2, WIDTH - RIGHT);
        assert_eq!(y_of(100.0), TOP);
        assert_eq!(y_of(0.0), HEIGHT - BOTTOM);
        let one = trend_points(&[score("2026-11", 80.0)]);
        assert_eq!(one.len(), 1);
    }
}
