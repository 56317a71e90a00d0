//! The strings of the money screens (claims, advances, supplements, finance, standards), in
//! Chinese (the default) and English.

use salesops_domain::advances::AdvanceState;
use salesops_domain::budgets::SupplementState;
use salesops_domain::expenses::{ClaimState, LineFlag, StandardRole, StandardUnit};

use crate::i18n::text::catalogue;

pub fn claim_state_msg(s: ClaimState) -> M {
    match s {
        ClaimState::Draft => M::StateDraft,
        ClaimState::Submitted => M::StateSubmitted,
        ClaimState::ManagerApproved => M::StateManagerApproved,
        ClaimState::FinanceApproved => M::StateFinanceApproved,
        ClaimState::Paid => M::StatePaid,
        ClaimState::Rejected => M::StateRejected,
        ClaimState::Cancelled => M::StateCancelled,
    }
}

pub fn advance_state_msg(s: AdvanceState) -> M {
    match s {
        AdvanceState::Draft => M::StateDraft,
        AdvanceState::Submitted => M::StateSubmitted,
        AdvanceState::ManagerApproved => M::StateManagerApproved,
        AdvanceState::FinanceApproved => M::StateFinanceApproved,
        AdvanceState::Paid => M::StatePaid,
        AdvanceState::Rejected => M::StateRejected,
        AdvanceState::Cancelled => M::StateCancelled,
    }
}

pub fn supplement_state_msg(s: SupplementState) -> M {
    match s {
        SupplementState::Draft => M::StateDraft,
        SupplementState::Submitted => M::StateSubmitted,
        SupplementState::Approved => M::StateApproved,
        SupplementState::Rejected => M::StateRejected,
    }
}

pub fn flag_msg(f: LineFlag) -> M {
    match f {
        LineFlag::OverStandard => M::FlagOverStandard,
        LineFlag::OverBudget => M::FlagOverBudget,
        LineFlag::FalseVisit => M::FlagFalseVisit,
        LineFlag::NoReceipt => M::FlagNoReceipt,
    }
}

pub fn unit_msg(u: StandardUnit) -> M {
    match u {
        StandardUnit::PerDay => M::UnitPerDay,
        StandardUnit::PerNight => M::UnitPerNight,
        StandardUnit::PerMonth => M::UnitPerMonth,
        StandardUnit::PerItem => M::UnitPerItem,
    }
}

pub fn standard_role_msg(r: Option<StandardRole>) -> M {
    match r {
        None => M::EveryRole,
        Some(StandardRole::Salesperson) => M::RoleSalesperson,
        Some(StandardRole::Manager) => M::RoleManager,
    }
}

/// The history's action names.
pub fn action_msg(action: &str) -> Option<M> {
    Some(match action {
        "create" => M::ActCreate,
        "edit" => M::ActEdit,
        "submit" => M::ActSubmit,
        "approve" => M::ActApprove,
        "reject" => M::ActReject,
        "pay" => M::ActPay,
        "cancel" => M::ActCancel,
        _ => return None,
    })
}

catalogue! {
    /// The money screens' strings.
    enum M;
    NavClaims => "我的报销", "My claims";
    NavAdvances => "我的借支", "My advances";
    NavMoneyInbox => "费用审批", "Expense approvals";
    NavFinanceQueue => "财务审核", "Finance queue";
    NavFinanceReports => "费用报表", "Expense reports";
    NavStandards => "费用标准", "Expense standards";

    StateDraft => "草稿", "Draft";
    StateSubmitted => "已提交", "Submitted";
    StateManagerApproved => "经理已批", "Manager approved";
    StateFinanceApproved => "财务已批", "Finance approved";
    StatePaid => "已支付", "Paid";
    StateRejected => "已驳回", "Rejected";
    StateCancelled => "已撤销", "Cancelled";
    StateApproved => "已批准", "Approved";

    FlagOverStandard => "超标准", "Over standard";
    FlagOverBudget => "超预算", "Over budget";
    FlagFalseVisit => "虚报拜访", "False visit";
    FlagNoReceipt => "缺发票", "No receipt";

    UnitPerDay => "每天", "per day";
    UnitPerNight => "每晚", "per night";
    UnitPerMonth => "每月", "per month";
    UnitPerItem => "每项", "per item";
    EveryRole => "所有角色", "Every role";
    EveryCity => "所有城市", "Every city";
    RoleSalesperson => "业务员", "Salesperson";
    RoleManager => "经理", "Manager";

    ActCreate => "创建", "Created";
    ActEdit => "修改", "Edited";
    ActSubmit => "提交", "Submitted";
    ActApprove => "批准", "Approved";
    ActReject => "驳回", "Rejected";
    ActPay => "支付", "Paid";
    ActCancel => "撤销", "Cancelled";

    ClaimsTitle => "我的报销", "My claims";
    NewClaim => "新建报销单", "New claim";
    NewClaimTitle => "报销单", "Expense claim";
    NoClaims => "还没有报销单", "No claims yet";
    FromPlan => "本周已批准的计划", "This week's approved plan";
    NoApprovedPlan => "本周没有已批准的计划，报销单将不关联计划", "No approved plan this week: the claim is not linked to a plan";
    Line => "明细", "Line";
    AddLine => "添加明细", "Add a line";
    RemoveLine => "删除", "Remove";
    Date => "日期", "Date";
    Place => "地点", "Place";
    Reason => "事由", "Reason";
    Category => "类别", "Category";
    Amount => "金额（元）", "Amount (¥)";
    Quantity => "天数/晚数", "Days / nights";
    CityTier => "城市等级", "City tier";
    Tier1 => "一线城市", "Tier 1";
    Tier2 => "二线城市", "Tier 2";
    Tier3 => "三线城市", "Tier 3";
    Receipt => "发票", "Receipt";
    TakePhoto => "拍照上传发票", "Photo of the receipt";
    Uploading => "正在上传…", "Uploading…";
    ReceiptAttached => "已附发票", "Receipt attached";
    Standard => "标准", "Standard";
    NoStandard => "无标准", "No standard";
    Total => "合计", "Total";
    SaveDraft => "保存草稿", "Save draft";
    Save => "保存", "Save";
    Submit => "提交审批", "Submit";
    Cancel => "撤销", "Cancel";
    Edit => "修改", "Edit";
    Saved => "草稿已保存", "Draft saved";
    ClaimSubmitted => "报销单已提交", "Claim submitted";
    ClaimCancelled => "报销单已撤销", "Claim cancelled";
    AmountInvalid => "请输入金额，如 123.45", "Enter an amount such as 123.45";
    RefusedFalseVisit => "以下明细关联的拜访经抽查不属实，不能报销", "These lines belong to a visit a spot-check found false";
    RefusedNoReceipt => "以下明细超过限额，需要附发票", "These lines need a receipt";
    RefusedOverBudget => "以下明细超出预算，请先申请追加预算", "These lines pass the budget: ask for a supplement first";
    Budget => "预算", "Budget";
    Used => "已用", "Used";
    Requested => "本次", "This claim";
    RefusedLines => "问题明细", "Lines";
    AskSupplement => "申请追加预算", "Ask for a budget supplement";
    SupplementReason => "追加原因", "Why the budget must grow";
    SupplementAsked => "追加预算已提交，批准后可再次提交报销单", "Supplement asked for: submit the claim again once it is approved";
    Back => "返回", "Back";
    History => "审批记录", "History";
    NoHistory => "暂无记录", "Nothing yet";
    ApprovedAmount => "批准金额", "Approved";
    Payable => "应付", "Payable";
    Offset => "冲抵借支", "Offset from advance";
    PaymentRef => "付款凭证号", "Payment reference";
    PaidAt => "支付时间", "Paid at";

    AdvancesTitle => "我的借支", "My advances";
    NewAdvance => "申请借支", "Ask for an advance";
    NoAdvances => "还没有借支", "No advances yet";
    Balance => "余额", "Balance";
    AdvanceCreated => "借支已保存", "Advance saved";
    AdvanceSubmitted => "借支已提交", "Advance submitted";
    AdvanceCancelled => "借支已撤销", "Advance cancelled";
    NeedsApprovedPlan => "借支需要本周已批准的计划", "An advance needs this week's approved plan";
    SettleAdvance => "冲抵借支", "Settle an advance";
    OutstandingRepay => "借支余额（还款登记）", "Advances outstanding (repayments)";
    RepaidAmount => "还款金额（元）", "Repaid (¥)";
    RepayNote => "备注", "Note";
    RecordRepayment => "登记还款", "Record repayment";
    Repaid => "还款已登记", "Repayment recorded";
    NoAdvance => "不冲抵", "None";

    InboxTitle => "费用审批", "Expense approvals";
    InboxClaims => "报销单", "Claims";
    InboxAdvances => "借支", "Advances";
    InboxSupplements => "追加预算", "Budget supplements";
    InboxEmpty => "没有待审批的单据", "Nothing to approve";
    Cut => "核减为（元）", "Cut to (¥)";
    AllowOver => "允许超标准", "Allow above standard";
    Comment => "意见（驳回时必填）", "Comment (required to reject)";
    Approve => "批准", "Approve";
    Reject => "驳回", "Reject";
    Approved => "已批准", "Approved";
    Rejected => "已驳回", "Rejected";
    Period => "期间", "Period";
    Reload => "刷新", "Reload";
    StaleDecision => "单据已被他人处理或已变化，请刷新", "Someone else decided first or the document changed: reload";

    QueueTitle => "财务审核与付款", "Finance: approve and pay";
    ToApprove => "待财务审核", "To approve";
    ToPay => "待付款", "To pay";
    PaySelected => "批量付款", "Pay the selected";
    Pay => "付款", "Pay";
    Paid => "已付款", "Paid";
    SelectSome => "请先选择要付款的报销单", "Select the claims to pay first";
    FinanceOnly => "仅财务人员可用", "For finance only";

    ReportsTitle => "费用报表", "Expense reports";
    From => "从", "From";
    To => "到", "To";
    ByCategoryMonth => "按类别和月份的费用", "Expenses by category and month";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportXlsx => "导出 Excel", "Export XLSX";
    NoData => "没有数据", "No data";
    Count => "笔数", "Lines";
    Claimed => "申请", "Claimed";
    ApprovedCol => "批准", "Approved";
    PaidCol => "已付", "Paid";
    Month => "月份", "Month";
    Outstanding => "未清借支", "Outstanding advances";
    BudgetVsActual => "预算与实际", "Budget vs actual";
    Variance => "差额", "Variance";
    Person => "人员", "Person";

    StandardsTitle => "费用标准", "Expense standards";
    NewStandard => "新增标准", "New standard";
    Unit => "单位", "Unit";
    Role => "角色", "Role";
    EffectiveFrom => "生效日期", "Effective from";
    StandardSaved => "标准已保存", "Standard saved";
    NoStandards => "还没有费用标准", "No standards yet";
}
