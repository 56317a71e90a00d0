//! The collection letter (催款函): a printable page naming the client, the contract and its
//! overdue lines, amounts in 元 and in capital numerals (大写), signed with the company's name
//! from the settings. No scripts, no outside resources; every stored text escaped.

use chrono::NaiveDate;
use salesops_domain::Capability;
use salesops_domain::deals::{capital_numerals, days_overdue};
use salesops_domain::money::Fen;

use crate::access::Ctx;
use crate::contracts::queries::{self as q, Contract};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::http::html::escape as esc;
use crate::receivables::queries::received_as_of;
use crate::workflow;

/// The same one stylesheet as the weekly report's print view, which the pages' policy allows
/// by its hash.
const STYLE: &str = crate::http::security_headers::PRINT_VIEW_STYLE;

/// The letter's page for the contract `id`, as seen on `as_of`.
pub fn render(
    conn: &mut DbConn,
    ctx: &Ctx,
    id: i64,
    as_of: Option<NaiveDate>,
) -> AppResult<String> {
    ctx.require(Capability::DealsRead)?;
    let contract = workflow::in_scope::<Contract>(conn, ctx, id)?;
    let as_of = as_of.unwrap_or_else(|| ctx.today());
    let lines = q::lines(conn, id)?;
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    let received = received_as_of(conn, &ids, as_of)?;
    let mut rows = String::new();
    let mut total = 0_i64;
    for line in &lines {
        let got = received.get(&line.id).copied().unwrap_or(0);
        let outstanding = (line.amount_fen - got).max(0);
        let days = days_overdue(line.due_on, as_of);
        if outstanding == 0 || days == 0 {
            continue;
        }
        total = total.saturating_add(outstanding);
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-outstanding=\"{}\">{}</td><td class=\"num\">{}</td></tr>\n",
            esc(&line.label),
            line.due_on,
            Fen(line.amount_fen),
            Fen(got),
            outstanding,
            Fen(outstanding),
            days
        ));
    }
    if rows.is_empty() {
        rows.push_str("<tr><td colspan=\"6\">截至上述日期，本合同无逾期款项。</td></tr>\n");
    }
    Ok(page(
        &contract,
        &ctx.settings.company_name,
        as_of,
        &rows,
        total,
    ))
}

fn page(contract: &Contract, company: &str, as_of: NaiveDate, rows: &str, total: i64) -> String {
    let c = &contract.row;
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>催款函 {number}</title>
<style>{style}</style></head>
<body>
<h1>催款函</h1>
<div class="meta"><span>致：{client}</span><span>合同编号：{number}</span><span>日期：{as_of}</span></div>
<p>贵单位与{company}签订的《{title}》（合同编号 {number}，合同金额 {amount}），截至 {as_of} 尚有以下款项逾期未付：</p>
<table>
<tr><th>款项</th><th>约定付款日</th><th>应付</th><th>已付</th><th>未付</th><th>逾期天数</th></tr>
{rows}</table>
<p>逾期未付合计：<strong data-total="{total}">{total_yuan}</strong>（人民币大写：<strong>{total_capital}</strong>）。</p>
<p>请贵单位于收到本函后尽快安排付款。如已付款，请忽略本函并告知我方核对。</p>
<p class="meta"><span>经办人：{owner}</span><span>{company}（盖章）</span></p>
</body></html>
"#,
        style = STYLE,
        client = esc(&contract.client_name),
        number = esc(&c.number),
        title = esc(&c.title),
        amount = Fen(c.signed_amount_fen.unwrap_or(c.amount_fen)),
        company = esc(company),
        as_of = as_of,
        rows = rows,
        total = total,
        total_yuan = Fen(total),
        total_capital = capital_numerals(total),
        owner = esc(&contract.owner_name),
    )
}
