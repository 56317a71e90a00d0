//! The payroll sheet (工资表, finance and HR): a month's lines with their totals, 分 shown as
//! 元; a line whose score is not final is marked (its figures are provisional). The CSV/XLSX
//! files are fetched with the session's token and saved by the browser, as the finance
//! reports' are.

use leptos::prelude::*;
use leptos::task::spawn_local;
use salesops_domain::finance::ReportFileFormat;
use salesops_domain::pay::{PayrollRow, PayrollSheet};

use crate::api::use_api;
use crate::components::{ErrorBanner, FormErrors, InlineError};
use crate::i18n::pay::{PayMsg, payroll_score_state_msg};
use crate::i18n::{Msg, use_i18n};
use crate::pages::clients::export::download;
use crate::pages::money::parts::money;
use crate::pages::pay::parts::{coefficient, last_month, points};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[component]
pub fn PayrollPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let errors = FormErrors::new();
    let month = RwSignal::new(last_month());
    let sheet = LocalResource::new(move || {
        let m = month.get();
        async move { api.payroll(&m).await }
    });
    // `report` is "payroll" (the sheet) or "scores" (the month's scores with the coefficient,
    // drafts marked provisional): both are `/reports/<report>?month=&format=`.
    let save = move |report: &'static str, format: ReportFileFormat| {
        let m = month.get_untracked();
        let (mime, ext) = match format {
            ReportFileFormat::Xlsx => (XLSX, "xlsx"),
            _ => ("text/csv;charset=utf-8", "csv"),
        };
        let query = vec![("month", m.clone()), ("format", format.as_str().to_owned())];
        errors.clear();
        spawn_local(async move {
            let name = format!("{report}-{m}.{ext}");
            let path = format!("/reports/{report}");
            if let Err(e) = download(api, &path, &query, mime, &name).await {
                errors.show(&e, &[]);
            }
        });
    };
    view! {
        <section class="panel">
            <h1>{move || i18n.t(PayMsg::PayrollTitle)}</h1>
            <p class="muted small">{move || i18n.t(PayMsg::PayrollIntro)}</p>
            <ErrorBanner errors=errors />
            <div class="toolbar">
                <label class="inline-field">
                    <span>{move || i18n.t(PayMsg::Month)}</span>
                    <input type="month" data-testid="payroll-month" prop:value=move || month.get()
                        on:change=move |ev| month.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="small" data-testid="export-payroll-csv" on:click=move |_| save("payroll", ReportFileFormat::Csv)>
                    {move || i18n.t(PayMsg::ExportCsv)}
                </button>
                <button type="button" class="small" data-testid="export-payroll-xlsx" on:click=move |_| save("payroll", ReportFileFormat::Xlsx)>
                    {move || i18n.t(PayMsg::ExportXlsx)}
                </button>
                <button type="button" class="small" data-testid="export-scores-csv" on:click=move |_| save("scores", ReportFileFormat::Csv)>
                    {move || i18n.t(PayMsg::ExportScoresCsv)}
                </button>
                <button type="button" class="small" data-testid="export-scores-xlsx" on:click=move |_| save("scores", ReportFileFormat::Xlsx)>
                    {move || i18n.t(PayMsg::ExportScoresXlsx)}
                </button>
            </div>
            <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Msg::Loading)}</p> }>
                {move || sheet.get().map(|r| match r {
                    Err(e) => view! { <InlineError error=e /> }.into_any(),
                    Ok(s) if s.rows.is_empty() => view! { <p class="muted" data-testid="payroll-empty">{move || i18n.t(PayMsg::NoData)}</p> }.into_any(),
                    Ok(s) => view! { <Sheet sheet=s /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Sheet(sheet: PayrollSheet) -> impl IntoView {
    let i18n = use_i18n();
    let provisional = sheet.rows.iter().any(|r| !r.is_final);
    let cap = sheet.coefficient_cap;
    let t = sheet.totals.clone();
    let rows = sheet
        .rows
        .into_iter()
        .map(|r| view! { <Line row=r /> })
        .collect_view();
    let th = move |m: PayMsg| view! { <th>{move || i18n.t(m)}</th> };
    view! {
        <p class="muted small" data-testid="payroll-cap">
            {move || i18n.t(PayMsg::CapUsed)} ": "
            {move || cap.map(coefficient).unwrap_or_else(|| i18n.t(PayMsg::NoCap).to_owned())}
        </p>
        {provisional.then(|| view! {
            <p class="banner" data-testid="payroll-provisional-note">
                <span class="badge badge-warn">{move || i18n.t(PayMsg::NotFinal)}</span> " "
                {move || i18n.t(PayMsg::NotFinalNote)}
            </p>
        })}
        <div class="table-scroll">
            <table class="diff report-table" data-testid="payroll-table">
                <thead>
                    <tr>
                        {th(PayMsg::Person)}
                        {th(PayMsg::Team)}
                        {th(PayMsg::Score)}
                        {th(PayMsg::ScoreStateCol)}
                        {th(PayMsg::Coefficient)}
                        {th(PayMsg::Base)}
                        {th(PayMsg::Performance)}
                        {th(PayMsg::PerformancePay)}
                        {th(PayMsg::Commission)}
                        {th(PayMsg::ProfitShare)}
                        {th(PayMsg::Incentives)}
                        {th(PayMsg::Deductions)}
                        {th(PayMsg::AdvanceOffset)}
                        {th(PayMsg::TotalPay)}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr data-testid="payroll-totals">
                        <td>{move || i18n.t(PayMsg::Total)}</td>
                        <td></td><td></td><td></td><td></td>
                        <td>{money(t.base_fen)}</td>
                        <td>{money(t.performance_fen)}</td>
                        <td>{money(t.performance_pay_fen)}</td>
                        <td>{money(t.commission_fen)}</td>
                        <td>{money(t.profit_share_fen)}</td>
                        <td>{money(t.incentives_fen)}</td>
                        <td>{money(t.deductions_fen)}</td>
                        <td>{money(t.advance_offset_fen)}</td>
                        <td data-testid="payroll-total">{money(t.total_fen)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

#[component]
fn Line(row: PayrollRow) -> impl IntoView {
    let i18n = use_i18n();
    let state = row.score_state;
    let provisional = !row.is_final;
    view! {
        <tr data-testid="payroll-row" data-user-id=row.user_id data-final=row.is_final.to_string()
            class:row-provisional=provisional>
            <td>
                {row.name.clone()}
                {provisional.then(|| view! {
                    " " <span class="badge badge-warn" data-testid="payroll-not-final">{move || i18n.t(PayMsg::NotFinal)}</span>
                })}
            </td>
            <td>{row.team.clone().unwrap_or_default()}</td>
            <td data-testid="payroll-score">{row.score.map(points).unwrap_or_else(|| "—".into())}</td>
            <td>{move || i18n.t(payroll_score_state_msg(state))}</td>
            <td data-testid="payroll-coefficient">{coefficient(row.coefficient)}</td>
            <td>{money(row.base_fen)}</td>
            <td>{money(row.performance_fen)}</td>
            <td data-testid="payroll-performance-pay">{money(row.performance_pay_fen)}</td>
            <td>{money(row.commission_fen)}</td>
            <td>{money(row.profit_share_fen)}</td>
            <td>{money(row.incentives_fen)}</td>
            <td class:text-danger=row.deductions_fen != 0>{money(row.deductions_fen)}</td>
            <td>{money(row.advance_offset_fen)}</td>
            <td data-testid="payroll-row-total"><strong>{money(row.total_fen)}</strong></td>
        </tr>
    }
}
