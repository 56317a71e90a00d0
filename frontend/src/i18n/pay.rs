//! The strings of the pay screens (payroll sheet, incentives and deductions, branch profits,
//! pay grades, the pay settings and commission rules), in Chinese (the default) and English.

use salesops_domain::pay::PayItemKind;
use salesops_domain::scoring::score::ScoreState;

use crate::i18n::text::catalogue;

pub fn pay_item_kind_msg(k: PayItemKind) -> PayMsg {
    match k {
        PayItemKind::Incentive => PayMsg::KindIncentive,
        PayItemKind::Deduction => PayMsg::KindDeduction,
    }
}

/// A payroll row's score state; `None` is "no score".
pub fn payroll_score_state_msg(s: Option<ScoreState>) -> PayMsg {
    match s {
        None => PayMsg::NoScore,
        Some(ScoreState::Draft) => PayMsg::ScoreDraft,
        Some(ScoreState::Finalized) => PayMsg::ScoreFinalized,
        Some(ScoreState::Acknowledged) => PayMsg::ScoreAcknowledged,
        Some(ScoreState::Disputed) => PayMsg::ScoreDisputed,
    }
}

catalogue! {
    /// The pay screens' strings.
    enum PayMsg;
    NavPayroll => "工资表", "Payroll";
    NavPayItems => "奖惩", "Incentives & deductions";
    NavBranchProfits => "分公司利润", "Branch profits";
    NavPayGrades => "薪资等级", "Pay grades";
    NavPaySettings => "薪酬设置", "Pay settings";

    Month => "月份", "Month";
    Person => "人员", "Person";
    Team => "团队", "Team";
    Note => "说明", "Note";
    Amount => "金额（元）", "Amount (¥)";
    AmountInvalid => "请输入金额，如 123.45", "Enter an amount such as 123.45";
    EffectiveFrom => "生效月份", "In force from";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    Add => "添加", "Add";
    Delete => "删除", "Delete";
    Deleted => "已删除", "Deleted";
    NoData => "没有数据", "No data";
    Total => "合计", "Total";
    ChoosePerson => "请选择人员", "Choose a person";
    ReadOnly => "仅管理员可修改", "Only an admin changes these";

    PayrollTitle => "工资表", "Payroll sheet";
    PayrollIntro => "按月计算，供财务导出；系统不发放工资。", "Computed per month for finance to export; the system moves no money.";
    Score => "得分", "Score";
    ScoreStateCol => "考核状态", "Score state";
    Coefficient => "系数", "Coefficient";
    Base => "基本工资", "Base";
    Performance => "绩效基数", "Performance";
    PerformancePay => "绩效工资", "Performance pay";
    Commission => "提成", "Commission";
    ProfitShare => "利润分成", "Profit share";
    Incentives => "奖励", "Incentives";
    Deductions => "扣款", "Deductions";
    AdvanceOffset => "冲抵借支", "Advance offset";
    TotalPay => "应发合计", "Total";
    NotFinal => "未定稿", "Not final";
    NotFinalNote => "标记“未定稿”的行考核尚未定稿，金额为暂估。", "Rows marked “Not final” have no final score yet: their figures are provisional.";
    NoScore => "无考核", "No score";
    ScoreDraft => "草稿", "Draft";
    ScoreFinalized => "已定稿", "Finalized";
    ScoreAcknowledged => "已确认", "Acknowledged";
    ScoreDisputed => "有异议", "Disputed";
    CapUsed => "系数上限", "Coefficient cap";
    NoCap => "无上限", "No cap";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportXlsx => "导出 Excel", "Export XLSX";
    ExportScoresCsv => "考核成绩 CSV", "Scores CSV";
    ExportScoresXlsx => "考核成绩 Excel", "Scores XLSX";

    PayItemsTitle => "特别奖励与扣款", "Incentives and deductions";
    NewPayItem => "新增奖惩", "New incentive or deduction";
    Kind => "类型", "Kind";
    KindIncentive => "特别奖励", "Incentive";
    KindDeduction => "扣款", "Deduction";
    PayItemSaved => "已添加", "Added";
    NoPayItems => "本月没有奖惩", "Nothing this month";
    ConfirmDelete => "确定删除？", "Delete it?";
    PeopleFromPayroll => "人员取自本月工资表", "People are those on the month's payroll";

    BranchProfitsTitle => "分公司利润", "Branch profits";
    NewBranchProfit => "登记利润", "Record a profit";
    Profit => "利润（元）", "Profit (¥)";
    ManagerPermille => "经理分成（‰ of 分成池，500–1000）", "Manager's part (‰ of the pool, 500–1000)";
    FinanceLead => "财务负责人", "Finance lead";
    ManagerShare => "经理分成", "Manager's share";
    FinanceLeadShare => "财务负责人分成", "Finance lead's share";
    ProfitIntro => "利润的 20% 为分成池，经理至少得一半。", "20 % of the profit is the pool; at least half goes to the manager.";
    NoBranchProfits => "还没有登记利润", "No profits recorded";
    FinanceOnlyEntry => "利润由财务登记", "Finance records the profits";

    PayGradesTitle => "薪资等级", "Pay grades";
    NewPayGrade => "设定薪资", "Set a pay grade";
    BaseYuan => "基本工资（元）", "Base (¥)";
    PerformanceYuan => "绩效基数（元，系数 1.0 时）", "Performance (¥, at coefficient 1.0)";
    NoPayGrades => "还没有薪资等级", "No pay grades yet";

    PaySettingsTitle => "薪酬设置", "Pay settings";
    CoefficientCap => "系数上限（1.0–3.0，留空为无上限）", "Coefficient cap (1.0–3.0, blank for none)";
    CapInvalid => "请输入 1.0 到 3.0 之间的数，最多四位小数", "A number from 1.0 to 3.0 with at most four decimals";
    CoefficientRule => "系数 = 得分 ÷ 80", "Coefficient = score ÷ 80";
    CommissionTitle => "提成规则", "Commission rules";
    NewCommissionRule => "新增提成规则", "New commission rule";
    WithinTarget => "目标内（‰）", "Within target (‰)";
    AboveTarget => "超目标（‰）", "Above target (‰)";
    SettleByCollection => "按回款率结算", "Settled by collection rate";
    Yes => "是", "Yes";
    No => "否", "No";
    NoCommissionRules => "还没有提成规则", "No commission rules yet";
    PermilleInvalid => "请输入 0–1000 的整数", "A whole number from 0 to 1000";
    UpdatedAt => "更新时间", "Updated";
}
