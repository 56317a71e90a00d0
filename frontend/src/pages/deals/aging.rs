//! Aging (账龄) as a stacked bar per person (inline SVG: a segment per bucket, as wide as what
//! is outstanding in it), and the collection rate (回款率) of a period per person.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use salesops_domain::deals::{AgingBucket, AgingBuckets, AgingDto, CollectionGroup};

use crate::api::use_api;
use crate::clock::today;
use crate::components::{InlineError, parse_date};
use crate::i18n::deals::{D, bucket_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::deals::parts::money;

/// The colour of a bucket's segments: green while not overdue, darker the longer it is.
fn colour(b: AgingBucket) -> &'static str {
    match b {
        AgingBucket::Current => "#1f9d6b",
        AgingBucket::D1To30 => "#e0a100",
        AgingBucket::D31To60 => "#d9822b",
        AgingBucket::D61To90 => "#c7424f",
        AgingBucket::D90Plus => "#7a1d2a",
    }
}

#[component]
pub fn AgingChart() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let aging = LocalResource::new(move || async move { api.aging(None).await });
    view! {
        <h2>{move || i18n.t(D::AgingTitle)}</h2>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
            {move || aging.get().map(|r| match r {
                Err(e) => view! { <InlineError error=e /> }.into_any(),
                Ok(a) if a.totals.total == 0 => view! {
                    <p class="muted small" data-testid="aging-empty">{move || i18n.t(D::NoAging)}</p>
                }.into_any(),
                Ok(a) => view! { <Bars aging=a /> }.into_any(),
            })}
        </Transition>
    }
}

/// People down, one stacked bar each, the widest as wide as the chart.
#[component]
fn Bars(aging: AgingDto) -> impl IntoView {
    let i18n = use_i18n();
    const LABEL: f64 = 90.0;
    const BAR: f64 = 240.0;
    const ROW: f64 = 28.0;
    let people: Vec<(String, i64, AgingBuckets)> = aging
        .people
        .iter()
        .filter(|p| p.buckets.total > 0)
        .map(|p| (p.owner_name.clone(), p.owner_id, p.buckets))
        .collect();
    let max = people.iter().map(|p| p.2.total).max().unwrap_or(0).max(1);
    let height = ROW * people.len() as f64 + 8.0;
    let bars = people
        .iter()
        .enumerate()
        .map(|(i, (name, owner_id, buckets))| {
            let y = i as f64 * ROW;
            let mut x = LABEL;
            let segments = AgingBucket::ALL
                .iter()
                .filter_map(|b| {
                    let fen = buckets.get(*b);
                    (fen > 0).then(|| {
                        let w = BAR * fen as f64 / max as f64;
                        let at = x;
                        x += w;
                        view! {
                            <rect data-testid="aging-segment" data-owner-id=*owner_id data-bucket=b.as_str() data-fen=fen
                                x=at y=y + 4.0 width=w height=ROW - 10.0 fill=colour(*b)>
                                <title>{format!("{name} {}", money(fen))}</title>
                            </rect>
                        }
                    })
                })
                .collect_view();
            view! {
                <g data-testid="aging-person" data-owner-id=*owner_id data-total-fen=buckets.total>
                    <text x=LABEL - 6.0 y=y + 17.0 text-anchor="end" class="chart-label">{name.clone()}</text>
                    {segments}
                    <text x=x + 6.0 y=y + 17.0 class="chart-value">{money(buckets.total)}</text>
                </g>
            }
        })
        .collect_view();
    let legend = AgingBucket::ALL
        .iter()
        .map(|b| {
            let b = *b;
            view! {
                <span class="legend-item">
                    <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true">
                        <rect width="10" height="10" rx="2" fill=colour(b)></rect>
                    </svg>
                    {move || i18n.t(bucket_msg(b))}
                </span>
            }
        })
        .collect_view();
    let totals = aging.totals;
    view! {
        <p class="small muted">{move || i18n.t(D::AsOf)} " " {aging.as_of.to_string()}</p>
        <svg class="chart" data-testid="aging-chart" viewBox=format!("0 0 {} {height}", LABEL + BAR + 110.0)
            width="100%" role="img" aria-label=move || i18n.t(D::AgingTitle)>
            {bars}
        </svg>
        <div class="legend">{legend}</div>
        <div class="table-scroll">
            <table class="plain-table" data-testid="aging-totals">
                <thead><tr>
                    {AgingBucket::ALL.iter().map(|b| { let b = *b; view! { <th>{move || i18n.t(bucket_msg(b))}</th> } }).collect_view()}
                    <th>{move || i18n.t(D::Total)}</th>
                </tr></thead>
                <tbody><tr>
                    {AgingBucket::ALL.iter().map(|b| view! { <td data-bucket=b.as_str()>{money(totals.get(*b))}</td> }).collect_view()}
                    <td data-testid="aging-total">{money(totals.total)}</td>
                </tr></tbody>
            </table>
        </div>
    }
}

/// The first day of `day`'s month.
fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// A rate of four decimals as a percentage: `0.8125` → `81.25%`.
fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.2}%", r * 100.0))
}

#[component]
pub fn CollectionRate() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let from = RwSignal::new(month_start(today()).to_string());
    let to = RwSignal::new(today().to_string());
    let report = LocalResource::new(move || {
        let (f, t) = (parse_date(&from.get()), parse_date(&to.get()));
        async move {
            match (f, t) {
                (Some(f), Some(t)) => api
                    .collection_report(f, t, CollectionGroup::Person)
                    .await
                    .map(Some),
                _ => Ok(None),
            }
        }
    });
    let date_input = move |label: D, value: RwSignal<String>, testid: &'static str| {
        view! {
            <label class="inline-field">
                <span>{move || i18n.t(label)}</span>
                <input type="date" data-testid=testid prop:value=move || value.get()
                    on:change=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <h2>{move || i18n.t(D::CollectionsTitle)}</h2>
        <div class="toolbar">
            {date_input(D::From, from, "collections-from")}
            {date_input(D::To, to, "collections-to")}
        </div>
        {move || report.get().map(|r| match r {
            Err(e) => view! { <InlineError error=e /> }.into_any(),
            Ok(None) => ().into_any(),
            Ok(Some(r)) => view! {
                <table class="plain-table" data-testid="collections">
                    <thead><tr>
                        <th>{move || i18n.t(D::Person)}</th>
                        <th>{move || i18n.t(D::Due)}</th>
                        <th>{move || i18n.t(D::Received)}</th>
                        <th>{move || i18n.t(D::Rate)}</th>
                    </tr></thead>
                    <tbody>
                        {r.rows.iter().map(|row| view! {
                            <tr data-testid="collections-row">
                                <td>{row.owner_name.clone().or_else(|| row.team_name.clone()).unwrap_or_default()}</td>
                                <td>{money(row.due_fen)}</td>
                                <td>{money(row.received_fen)}</td>
                                <td>{percent(row.rate)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <td>{move || i18n.t(D::Total)}</td>
                        <td>{money(r.due_fen)}</td>
                        <td>{money(r.received_fen)}</td>
                        <td data-testid="collections-rate">{percent(r.rate)}</td>
                    </tr></tfoot>
                </table>
            }.into_any(),
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_percentages() {
        assert_eq!(percent(Some(0.8125)), "81.25%");
        assert_eq!(percent(Some(1.0)), "100.00%");
        assert_eq!(percent(None), "—");
    }
}
