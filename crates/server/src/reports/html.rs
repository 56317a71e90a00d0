//! The print view of a weekly report (周工作汇报表): a self-contained page, no scripts, no
//! outside resources.

use salesops_domain::reports::{Section, WeeklyReportDto};

use crate::http::html::escape as esc;

fn figure_label(key: &str) -> &str {
    match key {
        "visits_planned" => "计划拜访",
        "visits_done" => "完成拜访",
        "visits_missed" => "未完成拜访",
        "visits_unplanned" => "计划外拜访",
        "calls" => "电话",
        "new_clients" => "新增客户",
        "clients_credit_flagged" => "信用异常客户",
        "complaints_open" => "未结客诉",
        "complaints_overdue" => "逾期客诉",
        "follow_ups_overdue" => "逾期跟进",
        "expenses_claimed_fen" => "本周报销",
        "sales_signed_fen" => "本周签约",
        "collections_received_fen" => "本周回款",
        other => other,
    }
}

/// The page's one stylesheet, inline. Constant, so the Content-Security-Policy allows it by its
/// hash and no other inline style; the text lives with the policy (`http` depends on no feature).
pub const STYLE: &str = crate::http::security_headers::PRINT_VIEW_STYLE;

pub fn render(report: &WeeklyReportDto, author: &str) -> String {
    let mut figures = String::new();
    for f in &report.figures {
        let value = if f.unit == "fen" {
            salesops_domain::Fen(f.value).to_string()
        } else {
            f.value.to_string()
        };
        figures.push_str(&format!(
            "<tr><th>{}</th><td class=\"num\" data-figure=\"{}\">{}</td></tr>\n",
            esc(figure_label(&f.key)),
            esc(&f.key),
            value
        ));
    }
    let mut sections = String::new();
    for (i, s) in Section::ALL.iter().enumerate() {
        let text = report.sections.get(*s).unwrap_or("");
        let mark = report
            .marks
            .iter()
            .find(|m| m.section == *s)
            .map(|m| {
                format!(
                    " <span class=\"mark\">[{}{}]</span>",
                    m.mark,
                    m.note
                        .as_deref()
                        .map(|n| format!("：{}", esc(n)))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        sections.push_str(&format!(
            "<section><h3>（{}）{}{}</h3><p>{}</p></section>\n",
            i + 1,
            esc(s.label_zh()),
            mark,
            esc(text).replace('\n', "<br>")
        ));
    }
    let submitted = report
        .submitted_at
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "未提交".to_owned());
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>周工作汇报表 {week} {author}</title>
<style>{style}</style></head>
<body>
<h1>周工作汇报表</h1>
<div class="meta"><span>姓名：{author}</span><span>周次：{week}</span><span>提交：{submitted}{late}</span></div>
<table><caption>系统数据（自动填写）</caption>
{figures}</table>
{sections}
<p class="meta">审阅：{review}</p>
</body></html>
"#,
        style = STYLE,
        week = esc(&report.week),
        author = esc(author),
        submitted = esc(&submitted),
        late = if report.late { "（迟交）" } else { "" },
        figures = figures,
        sections = sections,
        review = esc(report.review_comment.as_deref().unwrap_or("—")),
    )
}
