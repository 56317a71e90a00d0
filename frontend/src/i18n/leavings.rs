//! The strings of the leaving screens (离职), in Chinese (the default) and English.

use salesops_domain::leavings::{AdvancesSettlement, LeavingState};

use crate::i18n::text::catalogue;

pub fn leaving_state_msg(s: LeavingState) -> LMsg {
    match s {
        LeavingState::Submitted => LMsg::StateSubmitted,
        LeavingState::Approved => LMsg::StateApproved,
        LeavingState::Rejected => LMsg::StateRejected,
        LeavingState::Cancelled => LMsg::StateCancelled,
        LeavingState::Closed => LMsg::StateClosed,
    }
}

pub fn settlement_msg(s: AdvancesSettlement) -> LMsg {
    match s {
        AdvancesSettlement::Offset => LMsg::SettleOffset,
        AdvancesSettlement::Repaid => LMsg::SettleRepaid,
    }
}

/// The history's action names.
pub fn leaving_action_msg(action: &str) -> Option<LMsg> {
    Some(match action {
        "file" => LMsg::ActFile,
        "approve" => LMsg::ActApprove,
        "reject" => LMsg::ActReject,
        "cancel" => LMsg::ActCancel,
        "close" => LMsg::ActClose,
        "checklist" => LMsg::ActChecklist,
        _ => return None,
    })
}

catalogue! {
    /// The leaving screens' strings.
    enum LMsg;
    NavLeavings => "离职", "Leavings";
    Title => "离职办理", "Leavings";
    MyLeaving => "离职申请", "Leaving";
    MyLeavingIntro => "提交后由你的上级审批，人力资源办理交接和清单。", "Your manager decides on it; HR works the handover and the checklist.";
    FileOwn => "提交离职申请", "File my leaving";
    FileFor => "为员工办理离职", "File someone's leaving";
    Person => "人员", "Person";
    ChoosePerson => "请选择人员", "Choose a person";
    LeavingOn => "最后工作日", "Last working day";
    Reason => "离职原因", "Reason";
    Filed => "离职申请已提交", "Leaving filed";
    State => "状态", "State";
    AllStates => "全部状态", "Any state";
    NoLeavings => "没有离职记录", "No leavings";
    Open => "查看", "Open";
    Back => "返回列表", "Back to the list";

    StateSubmitted => "待审批", "Waiting for the manager";
    StateApproved => "已批准，办理中", "Approved: checklist in progress";
    StateRejected => "已驳回", "Rejected";
    StateCancelled => "已撤销", "Withdrawn";
    StateClosed => "已办结", "Closed";

    Checklist => "离职清单", "Checklist";
    Handover => "客户交接", "Handover";
    HandoverDone => "已交接", "Handed over";
    HandoverMissing => "尚未交接", "Not handed over yet";
    Successor => "接替人", "Successor";
    GoHandover => "去办理交接", "Go to the handover";
    Property => "公司财物", "Company property";
    PropertyItem => "物品", "Item";
    Returned => "已归还", "Returned";
    AddProperty => "添加物品", "Add an item";
    RemoveProperty => "删除", "Remove";
    NoProperty => "没有登记物品", "No items listed";
    SaveProperty => "保存清单", "Save the checklist";
    Advances => "借支", "Advances";
    Outstanding => "未清借支余额", "Outstanding advance balance";
    Settlement => "结清方式", "Settlement";
    SettleNone => "未选择", "Not chosen";
    SettleOffset => "从最后一个月工资中扣除", "Offset from the final pay";
    SettleRepaid => "本人还款", "Repaid by the person";
    Complete => "清单已完成，可以办结", "The checklist is complete: the leaving may be closed";
    Incomplete => "清单未完成", "The checklist is not complete";
    ChecklistSaved => "清单已保存", "Checklist saved";
    Done => "完成", "Done";
    NotDone => "未完成", "Not done";

    Comment => "意见（驳回时必填）", "Comment (required to reject)";
    Approve => "批准", "Approve";
    Reject => "驳回", "Reject";
    Withdraw => "撤销申请", "Withdraw";
    Close => "办结（停用账号）", "Close (disables the account)";
    Approved => "已批准", "Approved";
    Rejected => "已驳回", "Rejected";
    Withdrawn => "已撤销", "Withdrawn";
    Closed => "已办结，账号已停用", "Closed: the account is disabled";
    CloseRefused => "不能办结", "Cannot close";
    ReasonRequired => "驳回需要填写意见", "A rejection needs a comment";
    Stale => "记录已被他人修改，请刷新", "Someone else changed it: reload";
    Reload => "刷新", "Reload";
    AlreadyOpen => "已有未办结的离职申请", "An open leaving exists already";
    History => "办理记录", "History";
    NoHistory => "暂无记录", "Nothing yet";

    ActFile => "提交", "Filed";
    ActApprove => "批准", "Approved";
    ActReject => "驳回", "Rejected";
    ActCancel => "撤销", "Withdrawn";
    ActClose => "办结", "Closed";
    ActChecklist => "更新清单", "Checklist updated";
}
