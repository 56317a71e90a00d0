//! Finance's reports (费用报表): expenses by category and month as a bar chart (inline SVG) and
//! a table, and the report files (CSV/XLSX: expenses, budget against actual, outstanding
//! advances), fetched with the session's token and saved by the browser.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::finance::{ExpenseReport, ReportFileFormat};
use salesops_domain::period::Month;
use salesops_domain::plans::ExpenseCategory;

use crate::api::finance::expense_query;
use crate::api::{ApiError, use_api};
use crate::clock::today;
use crate::components::{ErrorBanner, FormErrors, InlineError, parse_date};
use crate::i18n::money::M;
use crate::i18n::plans::category_msg;
use crate::i18n::{Msg, use_i18n};
use crate::pages::clients::export::download;
use crate::pages::money::parts::money;
use crate::pages::money::report_tables::{AdvancesTable, BudgetTable};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The colour of a category's bars.
fn colour(c: ExpenseCategory) -> &'static str {
    match c {
        ExpenseCategory::Travel => "#2f6fdf",
        ExpenseCategory::PerDiem => "#1f9d6b",
        ExpenseCategory::Entertainment => "#d9822b",
        ExpenseCategory::Communication => "#8e5bd6",
        ExpenseCategory::BusinessDevelopment => "#c7424f",
        ExpenseCategory::Other => "#7a8494",
    }
}

/// The first day of the month five months before `day`'s (six months shown).
fn six_months_before(day: NaiveDate) -> NaiveDate {
    let months = day.year() * 12 + day.month0() as i32 - 5;
    NaiveDate::from_ymd_opt(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(day)
}

#[component]
pub fn FinanceReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let from = RwSignal::new(six_months_before(today()).to_string());
    let to = RwSignal::new(today().to_string());
    let month = RwSignal::new(Month::of(today()).to_string());
    let query = Memo::new(move |_| {
        expense_query(
            parse_date(&from.get()),
            parse_date(&to.get()),
            "category,month",
        )
    });
    let report = LocalResource::new(move || {
        let q = query.get();
        async move { api.expense_report(&q).await }
    });
    let save = move |what: &'static str, format: ReportFileFormat| {
        let (path, mut q, name) = match what {
            "budget" => (
                "/reports/budget-vs-actual",
                vec![("month", month.get_untracked())],
                "budget-vs-actual",
            ),
            "advances" => (
                "/reports/advances",
                vec![("outstanding", "true".to_owned())],
                "advances",
            ),
            _ => ("/reports/expenses", query.get_untracked(), "expenses"),
        };
        q.push(("format", format.as_str().to_owned()));
        let (mime, ext) = match format {
            ReportFileFormat::Xlsx => (XLSX, "xlsx"),
            _ => ("text/csv;charset=utf-8", "csv"),
        };
        errors.clear();
        spawn_local(async move {
            let result: Result<(), ApiError> =
                download(api, path, &q, mime, &format!("{name}.{ext}")).await;
            if let Err(e) = result {
                errors.show(&e, &[]);
            }
        });
    };
    let buttons = move |what: &'static str| {
        view! {
            <button type="button" class="small" data-testid=format!("export-{what}-csv") on:click=move |_| save(what, ReportFileFormat::Csv)>
                {move || i18n.t(M::ExportCsv)}
            </button>
            <button type="button" class="small" data-testid=format!("export-{what}-xlsx") on:click=move |_| save(what, ReportFileFormat::Xlsx)>
                {move || i18n.t(M::ExportXlsx)}
            </button>
        }
    };
    let date_input = move |label: M, value: RwSignal<String>, testid: &'static str| {
        view! {
            <label class="field">
                <span>{move || i18n.t(label)}</span>
                <input type="date" data-testid=testid prop:value=move || value.get()
                    on:change=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(M::ReportsTitle)}</h1>
            <ErrorBanner errors=errors />
            <div class="filters">
                {date_input(M::From, from, "report-from")}
                {date_input(M::To, to, "report-to")}
            </div>
            <div class="form-actions">{buttons("expenses")}</div>
            <h2>{move || i18n.t(M::ByCategoryMonth)}</h2>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || report.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(r) if r.rows.is_empty() => view! { <p class="muted" data-testid="report-empty">{move || i18n.t(M::NoData)}</p> }.into_any(),
                    Ok(r) => view! { <ExpenseChart report=r.clone() /> <ExpenseTable report=r /> }.into_any(),
                })}
            </Transition>
        </section>
        <section class="panel">
            <h2>{move || i18n.t(M::BudgetVsActual)}</h2>
            <label class="field">
                <span>{move || i18n.t(M::Month)}</span>
                <input type="month" data-testid="report-month" prop:value=move || month.get()
                    on:change=move |ev| month.set(event_target_value(&ev)) />
            </label>
            <div class="form-actions">{buttons("budget")}</div>
            <BudgetTable month=month />
            <h2>{move || i18n.t(M::Outstanding)}</h2>
            <div class="form-actions">{buttons("advances")}</div>
            <AdvancesTable />
        </section>
    }
}

/// Months down, one stacked bar each: a segment per category, as wide as its total.
#[component]
fn ExpenseChart(report: ExpenseReport) -> impl IntoView {
    let i18n = use_i18n();
    const LABEL: f64 = 70.0;
    const BAR: f64 = 240.0;
    const ROW: f64 = 28.0;
    let mut months: Vec<String> = report.rows.iter().filter_map(|r| r.month.clone()).collect();
    months.sort();
    months.dedup();
    let total_of = |m: &str| -> i64 {
        report
            .rows
            .iter()
            .filter(|r| r.month.as_deref() == Some(m))
            .map(|r| r.total_fen)
            .sum()
    };
    let max = months.iter().map(|m| total_of(m)).max().unwrap_or(0).max(1);
    let height = ROW * months.len() as f64 + 8.0;
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let y = i as f64 * ROW;
            let mut x = LABEL;
            let segments = ExpenseCategory::ALL
                .iter()
                .filter_map(|c| {
                    let fen: i64 = report
                        .rows
                        .iter()
                        .filter(|r| r.month.as_deref() == Some(m.as_str()) && r.category == Some(*c))
                        .map(|r| r.total_fen)
                        .sum();
                    (fen > 0).then(|| {
                        let w = BAR * fen as f64 / max as f64;
                        let at = x;
                        x += w;
                        view! {
                            <rect data-testid="chart-segment" data-month=m.clone() data-category=c.as_str() data-fen=fen
                                x=at y=y + 4.0 width=w height=ROW - 10.0 fill=colour(*c)>
                                <title>{format!("{m} {}", money(fen))}</title>
                            </rect>
                        }
                    })
                })
                .collect_view();
            view! {
                <g data-testid="chart-month" data-month=m.clone()>
                    <text x=LABEL - 6.0 y=y + 17.0 text-anchor="end" class="chart-label">{m.clone()}</text>
                    {segments}
                    <text x=x + 6.0 y=y + 17.0 class="chart-value">{money(total_of(m))}</text>
                </g>
            }
        })
        .collect_view();
    let legend = ExpenseCategory::ALL
        .iter()
        .map(|c| {
            let c = *c;
            view! {
                <span class="legend-item">
                    <svg class="legend-swatch" viewBox="0 0 10 10" aria-hidden="true">
                        <rect width="10" height="10" rx="2" fill=colour(c)></rect>
                    </svg>
                    {move || i18n.t(category_msg(c))}
                </span>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" data-testid="expense-chart" viewBox=format!("0 0 {} {height}", LABEL + BAR + 110.0)
            width="100%" role="img" aria-label=move || i18n.t(M::ByCategoryMonth)>
            {bars}
        </svg>
        <div class="legend">{legend}</div>
    }
}

#[component]
fn ExpenseTable(report: ExpenseReport) -> impl IntoView {
    let i18n = use_i18n();
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let c = r.category;
            view! {
                <tr data-testid="report-row">
                    <td>{r.month.clone().unwrap_or_default()}</td>
                    <td>{move || c.map(|c| i18n.t(category_msg(c))).unwrap_or_default()}</td>
                    <td>{r.count}</td>
                    <td>{money(r.total_fen)}</td>
                    <td>{money(r.approved_fen)}</td>
                    <td>{money(r.paid_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="diff report-table">
            <thead>
                <tr>
                    <th>{move || i18n.t(M::Month)}</th>
                    <th>{move || i18n.t(M::Category)}</th>
                    <th>{move || i18n.t(M::Count)}</th>
                    <th>{move || i18n.t(M::Claimed)}</th>
                    <th>{move || i18n.t(M::ApprovedCol)}</th>
                    <th>{move || i18n.t(M::PaidCol)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
            <tfoot>
                <tr>
                    <td>{move || i18n.t(M::Total)}</td><td></td>
                    <td>{report.total.count}</td>
                    <td data-testid="report-total">{money(report.total.total_fen)}</td>
                    <td>{money(report.total.approved_fen)}</td>
                    <td>{money(report.total.paid_fen)}</td>
                </tr>
            </tfoot>
        </table>
    }
}
