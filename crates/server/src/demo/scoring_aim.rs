//! How the demo's scores reach their totals: the adjustments, each with its note in Chinese,
//! that bring a computed draft to a chosen total.

use salesops_domain::scoring::rubric::Source;
use salesops_domain::scoring::score::{ItemAdjustment, ScoreDto, ScoreItemDto};

fn tenths(points: f64) -> i64 {
    (points * 10.0).round() as i64
}

/// Why a manual item lost its points (one occurrence each).
fn manual_note(code: &str) -> &'static str {
    match code {
        "terminal_daily_report" => "终端日报有一天16:00后才上报",
        "network_plan" => "月度网络开发计划未完成，新增网点少于计划",
        "end_user_problems" => "一起终端用户投诉未及时闭环",
        "commercial_policy" => "经销商库存盘点不清，未执行商务政策",
        "special_problems" => "客户停产信息未及时上报",
        "rebate_forms" => "返利表格25日后才提交",
        _ => "按考核细则扣分",
    }
}

/// Why a computed item is overridden downwards.
fn lower_note(code: &str) -> &'static str {
    match code {
        "weekly_reports" => "周报内容空泛、客户进展未写清，按考核细则扣分",
        "plan_execution" => "抽查发现拜访记录与实际不符，计划执行扣分",
        "summary" => "月报工作总结偏简略，缺少数据分析",
        "plan" => "下月计划缺少量化指标",
        "proposals" => "市场建议较少，未结合竞品情况",
        "weekly_reviews" => "有周报超过48小时未审阅",
        "trainings" => "培训记录不完整，缺少考核结果",
        "monthly_report_on_time" => "月报晚交一天",
        "team_discipline" => "团队有成员考勤异常未及时处理",
        _ => "按考核细则扣分",
    }
}

/// Why a computed item is overridden upwards: the records of the month are on paper.
const PAPER_NOTE: &str = "该月部分周报、计划和月报在系统启用前以纸质台账提交，按台账核定";

/// The adjustments that bring `s`'s total to about `target` tenths: manual items lose whole
/// occurrences (fewer when `low`, whose shortfall goes to the computed items), then the
/// computed items are overridden to make up the rest. `turn` varies which items are hit.
pub(super) fn aim(s: &ScoreDto, target: i64, low: bool, turn: usize) -> Vec<ItemAdjustment> {
    let attendance = tenths(s.attendance);
    // total = round((7 × daily + 3 × attendance) ÷ 10)
    let daily = ((10 * target - 3 * attendance) as f64 / 7.0).round() as i64;
    let daily = daily.clamp(0, 1000);
    let (manual, computed): (Vec<&ScoreItemDto>, Vec<&ScoreItemDto>) =
        s.items.iter().partition(|i| i.source == Source::Manual);
    let rotate = |list: &[&ScoreItemDto]| -> Vec<ScoreItemDto> {
        let n = list.len().max(1);
        (0..list.len())
            .filter_map(|k| list.get((k + turn) % n).map(|i| (*i).clone()))
            .collect()
    };
    let manual_full: i64 = manual.iter().map(|i| tenths(i.points)).sum();
    let shortfall = (1000 - daily).max(0);
    let share = if low { shortfall / 4 } else { shortfall / 2 };
    let mut out = Vec::new();
    let mut cut = 0;
    for item in rotate(&manual) {
        let pts = tenths(item.points);
        if pts == 0 || cut + pts > share {
            continue;
        }
        cut += pts;
        out.push(ItemAdjustment {
            code: item.code.clone(),
            occurrences: Some(1),
            points: None,
            note: manual_note(&item.code).to_owned(),
        });
    }
    let wanted = daily - (manual_full - cut);
    let items = rotate(&computed);
    let now: i64 = items.iter().map(|i| tenths(i.points)).sum();
    let mut left = wanted - now;
    if left < 0 {
        // Lower computed items in the rotation's order.
        for item in &items {
            let pts = tenths(item.points);
            let take = pts.min(-left);
            if take > 0 {
                left += take;
                out.push(override_to(item, pts - take, lower_note(&item.code)));
            }
        }
    } else {
        for item in &items {
            let pts = tenths(item.points);
            let give = (tenths(item.max_points) - pts).min(left);
            if give > 0 {
                left -= give;
                out.push(override_to(item, pts + give, PAPER_NOTE));
            }
        }
    }
    out
}

fn override_to(item: &ScoreItemDto, points: i64, note: &str) -> ItemAdjustment {
    ItemAdjustment {
        code: item.code.clone(),
        occurrences: None,
        points: Some(points as f64 / 10.0),
        note: note.to_owned(),
    }
}
