//! The strings of the deal screens (pipeline, projects, contracts, payments, receivables), in
//! Chinese (the default) and English.

use salesops_domain::deals::{AgingBucket, ContractState, PaymentMethod, ProjectStage};
use salesops_domain::follow_ups::CollectionMethod;

use crate::i18n::text::catalogue;

pub fn project_stage_msg(s: ProjectStage) -> D {
    match s {
        ProjectStage::Design => D::StageDesign,
        ProjectStage::Bidding => D::StageBidding,
        ProjectStage::DetailedDesign => D::StageDetailedDesign,
        ProjectStage::Execution => D::StageExecution,
        ProjectStage::Acceptance => D::StageAcceptance,
        ProjectStage::Won => D::StageWon,
        ProjectStage::Lost => D::StageLost,
    }
}

pub fn contract_state_msg(s: ContractState) -> D {
    match s {
        ContractState::Drafted => D::CDrafted,
        ContractState::InReview => D::CInReview,
        ContractState::Approved => D::CApproved,
        ContractState::Signed => D::CSigned,
        ContractState::Rejected => D::CRejected,
        ContractState::Cancelled => D::CCancelled,
    }
}

pub fn payment_method_msg(m: PaymentMethod) -> D {
    match m {
        PaymentMethod::BankTransfer => D::PayBank,
        PaymentMethod::Cash => D::PayCash,
        PaymentMethod::AcceptanceBill => D::PayBill,
        PaymentMethod::Other => D::PayOther,
    }
}

pub fn collection_method_msg(m: CollectionMethod) -> D {
    match m {
        CollectionMethod::Letter => D::ByLetter,
        CollectionMethod::Call => D::ByCall,
        CollectionMethod::Visit => D::ByVisit,
    }
}

pub fn bucket_msg(b: AgingBucket) -> D {
    match b {
        AgingBucket::Current => D::BucketCurrent,
        AgingBucket::D1To30 => D::Bucket30,
        AgingBucket::D31To60 => D::Bucket60,
        AgingBucket::D61To90 => D::Bucket90,
        AgingBucket::D90Plus => D::Bucket90Plus,
    }
}

/// The history's action names (a project's moves are named by the stage they reach).
pub fn deal_action_msg(action: &str) -> Option<D> {
    if let Ok(stage) = action.parse::<ProjectStage>() {
        return Some(project_stage_msg(stage));
    }
    Some(match action {
        "create" => D::ActCreate,
        "edit" => D::ActEdit,
        "submit" => D::ActSubmit,
        "approve" => D::ActApprove,
        "reject" => D::ActReject,
        "sign" => D::ActSign,
        "cancel" => D::ActCancel,
        _ => return None,
    })
}

catalogue! {
    /// The deal screens' strings.
    enum D;
    NavPipeline => "项目跟踪", "Pipeline";
    NavContracts => "合同", "Contracts";
    NavContractReview => "合同审核", "Contract review";
    NavReceivables => "应收账款", "Receivables";

    StageDesign => "前期设计", "Design";
    StageBidding => "投标", "Bidding";
    StageDetailedDesign => "深化设计", "Detailed design";
    StageExecution => "备货执行", "Execution";
    StageAcceptance => "验收", "Acceptance";
    StageWon => "成交", "Won";
    StageLost => "丢单", "Lost";

    CDrafted => "草稿", "Draft";
    CInReview => "审核中", "In review";
    CApproved => "审核通过", "Approved";
    CSigned => "已签订", "Signed";
    CRejected => "已驳回", "Rejected";
    CCancelled => "已作废", "Cancelled";

    PayBank => "银行转账", "Bank transfer";
    PayCash => "现金", "Cash";
    PayBill => "承兑汇票", "Acceptance bill";
    PayOther => "其他", "Other";

    ByLetter => "催款函", "Letter";
    ByCall => "电话", "Call";
    ByVisit => "上门", "Visit";

    BucketCurrent => "未逾期", "Not overdue";
    Bucket30 => "1–30天", "1–30 days";
    Bucket60 => "31–60天", "31–60 days";
    Bucket90 => "61–90天", "61–90 days";
    Bucket90Plus => "90天以上", "Over 90 days";

    ActCreate => "创建", "Created";
    ActEdit => "修改", "Edited";
    ActSubmit => "提交审核", "Submitted";
    ActApprove => "审核通过", "Approved";
    ActReject => "驳回", "Rejected";
    ActSign => "签订", "Signed";
    ActCancel => "作废", "Cancelled";

    PipelineTitle => "项目跟踪", "Pipeline";
    Projects => "项目", "Projects";
    NoProjects => "没有项目", "No projects";
    NewProject => "新建项目", "New project";
    ProjectName => "项目名称", "Project name";
    ExpectedAmount => "预计金额（元）", "Expected amount (¥)";
    Expected => "预计金额", "Expected";
    BidDate => "投标日期", "Bid date";
    ExpectedClose => "预计成交", "Expected close";
    Notes => "备注", "Notes";
    Client => "客户", "Client";
    ChooseClient => "请选择客户", "Choose a client";
    SearchClient => "搜索客户", "Search clients";
    Owner => "业务员", "Owner";
    ProjectCreated => "项目已创建", "Project created";
    LostReason => "丢单原因", "Why it was lost";
    LostReasonRequired => "请填写丢单原因", "Say why it was lost";
    ConfirmLost => "确认丢单", "Mark as lost";
    StageMoved => "阶段已更新", "Stage changed";
    EditProject => "编辑项目", "Edit project";
    ProjectSaved => "项目已保存", "Project saved";
    StaleProject => "项目已被他人更新，请刷新后再试", "Someone changed the project: reload and try again";
    Reload => "刷新", "Reload";
    ShowClosed => "显示已结束的项目", "Show closed projects";
    History => "记录", "History";
    NoHistory => "还没有记录", "Nothing yet";
    DraftContract => "起草合同", "Draft a contract";
    BackToPipeline => "返回项目跟踪", "Back to the pipeline";

    ContractsTitle => "合同", "Contracts";
    NoContracts => "没有合同", "No contracts";
    NewContract => "新建合同", "New contract";
    EditContract => "修改合同", "Change the contract";
    ContractNumber => "合同编号", "Contract number";
    ContractTitle => "合同名称", "Title";
    ContractAmount => "合同金额（元）", "Contract amount (¥)";
    Amount => "金额", "Amount";
    State => "状态", "State";
    AllStates => "全部状态", "Any state";
    Project => "项目", "Project";
    NoProject => "（不关联项目）", "(no project)";
    Schedule => "付款计划", "Payment schedule";
    DueOn => "到期日", "Due on";
    LineAmount => "金额（元）", "Amount (¥)";
    LineLabel => "款项", "Instalment";
    AddRow => "添加一期", "Add an instalment";
    RemoveRow => "删除", "Remove";
    ScheduleTotal => "计划合计", "Schedule total";
    Difference => "差额", "Difference";
    AddsUp => "与合同金额一致", "Matches the contract amount";
    AmountInvalid => "请输入大于零的金额，如 1234.50", "Enter an amount above zero, e.g. 1234.50";
    DateInvalid => "请选择日期", "Choose a date";
    SaveDraft => "保存草稿", "Save draft";
    SaveAndSubmit => "保存并提交审核", "Save and submit";
    Submit => "提交审核", "Submit for review";
    Submitted => "已提交审核", "Submitted for review";
    Revision => "版本", "Revision";
    SignedRevision => "生效版本", "Revision in force";
    SignedOn => "签订日期", "Signed on";
    Sign => "签订", "Sign";
    SignedMsg => "合同已签订", "Contract signed";
    CancelContract => "作废", "Cancel the contract";
    CancelledMsg => "合同已作废", "Contract cancelled";
    ReviewComment => "审核意见", "Review comment";
    ApprovedMsg => "已审核通过", "Approved";
    RejectedMsg => "已驳回", "Rejected";
    StaleDecision => "合同已被他人处理或修改，请刷新", "Someone else acted on the contract: reload";
    ReviewTitle => "待审核合同", "Contracts to review";
    ReviewEmpty => "没有待审核的合同", "Nothing to review";
    Lines => "付款计划执行", "Schedule in force";
    Received => "已收", "Received";
    Outstanding => "未收", "Outstanding";
    Capital => "大写", "In words";
    BackToContracts => "返回合同列表", "Back to contracts";

    Payments => "回款记录", "Payments";
    NoPayments => "还没有回款", "No payments yet";
    RecordPayment => "登记回款", "Record a payment";
    ReceivedOn => "到账日期", "Received on";
    PaymentAmount => "回款金额（元）", "Amount received (¥)";
    Method => "方式", "Method";
    Reference => "凭证号", "Reference";
    PaymentRecorded => "回款已登记", "Payment recorded";

    ReceivablesTitle => "应收账款", "Receivables";
    OverdueOnly => "仅显示逾期", "Overdue only";
    NoReceivables => "没有应收款", "Nothing outstanding";
    DaysOverdue => "逾期天数", "Days overdue";
    Days => "天", "days";
    LogCollection => "记录催款", "Log a collection";
    CollectionSummary => "催款情况", "What was said";
    CollectionSaved => "催款已记录", "Collection logged";
    Save => "保存", "Save";
    Cancel => "取消", "Cancel";
    AgingTitle => "账龄分析", "Aging";
    AsOf => "截至", "As of";
    NoAging => "没有未收款项", "Nothing outstanding";
    Total => "合计", "Total";
    Person => "业务员", "Person";
    CreditTitle => "信用异常建议", "Credit alerts";
    CreditHint => "以下客户有超过90天的逾期欠款，确认后客户信用将标记为异常", "These clients owe money overdue more than 90 days; confirming marks their credit abnormal";
    NoCredit => "没有需要处理的客户", "No clients to act on";
    ConfirmAbnormal => "确认信用异常", "Confirm abnormal";
    CreditConfirmed => "客户信用已标记为异常", "Credit marked abnormal";
    OverdueAmount => "逾期金额", "Overdue";
    OldestDue => "最早到期", "Oldest due";
    CollectionsTitle => "回款率", "Collection rate";
    From => "从", "From";
    To => "到", "To";
    Due => "应收", "Due";
    Rate => "回款率", "Rate";
    PrintLetter => "打印催款函", "Print the collection letter";
    PrintNow => "打印", "Print";
    ClosePrint => "关闭", "Close";

    ClientDeals => "项目与合同", "Projects and contracts";
    ClientNoDeals => "还没有项目或合同", "No projects or contracts yet";

    TodoPipeline => "项目跟踪与合同", "Projects and contracts";
    TodoReviewContracts => "审核合同", "Review contracts";
    TodoCredit => "信用异常建议", "Credit alerts";
    TodoReceivables => "应收账款与回款", "Receivables and payments";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text::{Lang, Text};

    #[test]
    fn every_enum_value_has_two_texts() {
        for s in ProjectStage::ALL {
            let m = project_stage_msg(*s);
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
        }
        for s in ContractState::ALL {
            let m = contract_state_msg(*s);
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
        }
        for m in PaymentMethod::ALL {
            assert_ne!(
                payment_method_msg(*m).text(Lang::Zh),
                payment_method_msg(*m).text(Lang::En)
            );
        }
        for m in CollectionMethod::ALL {
            assert_ne!(
                collection_method_msg(*m).text(Lang::Zh),
                collection_method_msg(*m).text(Lang::En)
            );
        }
        for b in AgingBucket::ALL {
            assert_ne!(bucket_msg(*b).text(Lang::Zh), bucket_msg(*b).text(Lang::En));
        }
        assert_eq!(deal_action_msg("won"), Some(D::StageWon));
        assert_eq!(deal_action_msg("sign"), Some(D::ActSign));
        assert_eq!(deal_action_msg("something_new"), None);
    }
}
