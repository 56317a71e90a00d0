//! The strings of the client screens (client list and page, today, team, handover, import), in
//! Chinese and English. Kept apart from `i18n.rs` so that other screens can grow their own
//! lists without touching this one; the language is the one chosen in `i18n.rs`.

use salesops_domain::cadence::DueStatus;
use salesops_domain::cases::CaseState;
use salesops_domain::clients::{Credit, SourceChannel, Stage, Tier};
use salesops_domain::follow_ups::FollowUpKind;

use crate::i18n::text::catalogue;

catalogue! {
    /// A visible string of the client screens.
    enum CMsg;
    NavToday => "今日跟进", "Today";
    NavClients => "客户", "Clients";
    NavTeam => "团队客户", "Team";
    NavHandover => "离职交接", "Handover";
    NavImport => "导入客户", "Import";
    TodoToday => "今日待跟进客户", "Clients to follow up today";
    TodoClients => "我的客户", "My clients";
    TodoTeam => "团队客户与逾期跟进", "Team clients and overdue follow-ups";
    TodoImport => "导入客户（CSV）", "Import clients (CSV)";
    ClientsTitle => "客户", "Clients";
    SearchClients => "搜索姓名、公司或电话", "Search name, company or phone";
    NewClient => "新建客户", "New client";
    AllTiers => "全部级别", "Any tier";
    AllStages => "全部阶段", "Any stage";
    AllCredits => "全部信用", "Any credit";
    AllOwners => "全部业务员", "Everyone";
    OverdueOnly => "仅逾期", "Overdue only";
    Overdue => "逾期", "Overdue";
    DueToday => "今日到期", "Due today";
    Upcoming => "未到期", "Upcoming";
    NoClients => "没有符合条件的客户", "No clients match";
    Name => "联系人", "Contact name";
    Company => "公司", "Company";
    Position => "职位", "Position";
    Phone => "电话", "Phone";
    Phone2 => "备用电话", "Second phone";
    Email => "邮箱", "Email";
    Address => "地址", "Address";
    Region => "区域", "Region";
    Industry => "行业", "Industry";
    Source => "客户来源", "Source";
    Tier => "客户级别", "Tier";
    Stage => "阶段", "Stage";
    Credit => "信用", "Credit";
    Needs => "需求与意向", "Needs and intent";
    Interests => "决策人兴趣", "Decision maker's interests";
    Owner => "负责业务员", "Owner";
    NextFollowUp => "下次跟进", "Next follow-up";
    LastFollowUp => "上次跟进", "Last follow-up";
    NotTracked => "不跟踪", "Not tracked";
    Never => "从未", "Never";
    Create => "创建", "Create";
    Creating => "正在创建…", "Creating…";
    Cancel => "取消", "Cancel";
    Save => "保存", "Save";
    Saving => "正在保存…", "Saving…";
    MoreFields => "更多信息", "More details";
    DuplicateClient => "该客户已存在（撞单）", "This client is already on file";
    DuplicateOpen => "查看已有客户", "Open the existing client";
    DuplicateTeam => "该客户由以下团队负责：", "It belongs to the team: ";
    DuplicateHidden => "该客户由其他业务员负责", "Another salesperson looks after this client";
    ClientCreated => "客户已创建", "Client created";
    BackToClients => "返回客户列表", "Back to clients";
    Details => "客户资料", "Details";
    Timeline => "跟进时间线", "Timeline";
    TimelineEmpty => "还没有跟进记录", "No follow-ups yet";
    AddFollowUp => "添加跟进", "Add follow-up";
    LogCall => "记录电话", "Log a call";
    LogVisit => "记录拜访", "Log a visit";
    Kind => "方式", "Kind";
    Summary => "跟进内容", "Summary";
    Complaint => "客户投诉或要求", "Complaint or request";
    OpenCase => "未能当场解决，建立客诉", "Not settled on the spot: open a case";
    NextStep => "下一步", "Next step";
    NextFollowUpDate => "下次跟进日期", "Next follow-up date";
    FollowUpSaved => "跟进已记录", "Follow-up recorded";
    CaseTitle => "客诉", "Case";
    CasesTitle => "未解决的客诉", "Open complaints";
    CasesHint => "你的客户和你管理的人的客户中尚未解决的客诉（待处理或已上报），最早的在前。", "The complaints not resolved yet (open or escalated) of your clients and those of the people you manage, oldest first.";
    CasesEmpty => "没有未解决的客诉", "No open complaints";
    CaseResolution => "答复", "Answer";
    Satisfaction => "满意度", "Satisfaction";
    SatLatest => "最近", "Latest";
    SatAverage => "平均", "Average";
    SatCount => "次评价", "ratings";
    SatNone => "还没有满意度评价", "No ratings yet";
    SatScore => "评分", "Score";
    SatComment => "评价说明", "Comment";
    SatAdd => "添加评价", "Add a rating";
    SatSaved => "满意度已记录", "Rating recorded";
    StageChanged => "客户资料已保存", "Client saved";
    TodayTitle => "今日跟进", "Today's follow-ups";
    TodayEmpty => "今天没有需要跟进的客户", "Nobody to follow up today";
    TeamTitle => "团队客户", "Team clients";
    OverduePerPerson => "各业务员逾期跟进", "Overdue follow-ups per person";
    OverdueCount => "逾期", "Overdue";
    DueTodayCount => "今日", "Today";
    NoOverdue => "没有逾期跟进", "No overdue follow-ups";
    Reassign => "转移给", "Reassign to";
    ReassignDo => "转移", "Reassign";
    Reassigned => "客户已转移", "Client reassigned";
    HandoverTitle => "离职交接", "Handover";
    Leaver => "离职人员", "Leaver";
    Successor => "接手人员", "Successor";
    ChooseUser => "请选择", "Choose…";
    Note => "备注", "Note";
    WillMove => "将转移的记录", "What will move";
    HandoverConfirm => "确认交接", "Confirm handover";
    HandoverWarn => "交接后离职人员的账号将被停用，所有登录会话失效。", "The leaver's account will be disabled and signed out everywhere.";
    HandoverDone => "交接完成", "Handover done";
    HandoverHistory => "交接记录", "Handover history";
    SameUser => "离职人员与接手人员不能相同", "Leaver and successor must differ";
    KindClient => "客户", "Clients";
    KindPlan => "工作计划", "Plans";
    KindVisit => "拜访计划", "Planned visits";
    ImportTitle => "导入客户", "Import clients";
    ImportHelp => "上传带表头的 CSV 文件（UTF-8 或 GBK）。先检查，再确认导入。", "Upload a CSV file with a header row (UTF-8 or GBK). It is checked first; then confirm.";
    ChooseFile => "选择文件", "Choose a file";
    Check => "检查", "Check";
    Checking => "正在检查…", "Checking…";
    ImportConfirm => "确认导入", "Import";
    Importing => "正在导入…", "Importing…";
    ImportRows => "行数据", "rows";
    ImportValid => "可导入", "valid";
    ImportSkipped => "将跳过", "skipped";
    ImportDone => "导入完成", "Import done";
    ImportedCount => "已导入", "Imported";
    Row => "行", "Row";
    Field => "字段", "Field";
    Problem => "问题", "Problem";
    DuplicateRows => "重复的客户", "Duplicates";
    DuplicateOfRow => "重复行", "Repeats row";
    ExistingClient => "已有客户", "Client on file";
    NoRowErrors => "没有错误", "No errors";
    Encoding => "编码", "Encoding";
    NoFile => "请先选择文件", "Choose a file first";
    TierKey => "大客户", "Key";
    TierGeneral => "一般客户", "General";
    StageProspect => "潜在", "Prospect";
    StageIntent => "意向", "Intent";
    StageCustomer => "成交", "Customer";
    StageLost => "流失", "Lost";
    CreditNormal => "信用正常", "Credit normal";
    CreditAbnormal => "信用异常", "Credit abnormal";
    CreditBad => "信誉不佳", "Bad credit";
    SourceIndustryReport => "行业报告", "Industry report";
    SourceOnline => "网络平台", "Online";
    SourceTradeFair => "展会", "Trade fair";
    SourcePeerReferral => "同行推荐", "Peer referral";
    SourceInternalReferral => "内部推荐", "Internal referral";
    SourceOther => "其他", "Other";
    KindVisitF => "拜访", "Visit";
    KindCall => "电话", "Call";
    KindLetter => "信函/邮件", "Letter/email";
    KindMeeting => "会议", "Meeting";
    KindAfterSales => "售后", "After-sales";
    KindCollection => "催款", "Collection";
    CaseOpen => "待处理", "Open";
    CaseEscalated => "已上报", "Escalated";
    CaseResolved => "已解决", "Resolved";
    EditDetails => "编辑资料", "Edit details";
    ClientSaved => "客户资料已保存", "Client details saved";
    NoChanges => "没有修改", "Nothing changed";
    StaleClient => "该客户资料已被他人修改，请重新加载后再编辑。", "Someone else changed this client meanwhile. Reload it, then edit again.";
    StaleCase => "该客诉已被他人处理，请重新加载。", "Someone else changed this case meanwhile. Reload it.";
    Reload => "重新加载", "Reload";
    CaseEscalate => "升级", "Escalate";
    CaseResolve => "解决", "Resolve";
    CaseAnswer => "给客户的答复", "Answer given to the client";
    CaseResolveConfirm => "确认解决", "Mark resolved";
    CaseEscalatedNotice => "客诉已升级给经理", "Case escalated to the manager";
    CaseResolvedNotice => "客诉已解决", "Case resolved";
    ExportCsv => "导出 CSV", "Export CSV";
    Exporting => "正在导出…", "Exporting…";
}

pub fn tier_msg(t: Tier) -> CMsg {
    match t {
        Tier::Key => CMsg::TierKey,
        Tier::General => CMsg::TierGeneral,
    }
}

pub fn stage_msg(s: Stage) -> CMsg {
    match s {
        Stage::Prospect => CMsg::StageProspect,
        Stage::Intent => CMsg::StageIntent,
        Stage::Customer => CMsg::StageCustomer,
        Stage::Lost => CMsg::StageLost,
    }
}

pub fn credit_msg(c: Credit) -> CMsg {
    match c {
        Credit::Normal => CMsg::CreditNormal,
        Credit::Abnormal => CMsg::CreditAbnormal,
        Credit::Bad => CMsg::CreditBad,
    }
}

pub fn source_msg(s: SourceChannel) -> CMsg {
    match s {
        SourceChannel::IndustryReport => CMsg::SourceIndustryReport,
        SourceChannel::Online => CMsg::SourceOnline,
        SourceChannel::TradeFair => CMsg::SourceTradeFair,
        SourceChannel::PeerReferral => CMsg::SourcePeerReferral,
        SourceChannel::InternalReferral => CMsg::SourceInternalReferral,
        SourceChannel::Other => CMsg::SourceOther,
    }
}

pub fn kind_msg(k: FollowUpKind) -> CMsg {
    match k {
        FollowUpKind::Visit => CMsg::KindVisitF,
        FollowUpKind::Call => CMsg::KindCall,
        FollowUpKind::Letter => CMsg::KindLetter,
        FollowUpKind::Meeting => CMsg::KindMeeting,
        FollowUpKind::AfterSales => CMsg::KindAfterSales,
        FollowUpKind::Collection => CMsg::KindCollection,
    }
}

pub fn case_state_msg(s: CaseState) -> CMsg {
    match s {
        CaseState::Open => CMsg::CaseOpen,
        CaseState::Escalated => CMsg::CaseEscalated,
        CaseState::Resolved => CMsg::CaseResolved,
    }
}

pub fn due_msg(s: DueStatus) -> CMsg {
    match s {
        DueStatus::Upcoming => CMsg::Upcoming,
        DueStatus::DueToday => CMsg::DueToday,
        DueStatus::Overdue => CMsg::Overdue,
    }
}

/// The name of a kind of record a handover moves; `None` for kinds this app does not know yet
/// (shown by their key).
pub fn handover_kind_msg(kind: &str) -> Option<CMsg> {
    Some(match kind {
        "client" | "clients" => CMsg::KindClient,
        "plan" | "plans" => CMsg::KindPlan,
        "visit" | "visits" | "planned_visit" | "planned_visits" => CMsg::KindVisit,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text::{Lang, Text};

    #[test]
    fn every_enum_value_has_two_texts() {
        for t in Tier::ALL {
            let m = tier_msg(*t);
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
        }
        for s in Stage::ALL {
            let m = stage_msg(*s);
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
        }
        for k in FollowUpKind::ALL {
            let m = kind_msg(*k);
            assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
        }
        assert_eq!(handover_kind_msg("client"), Some(CMsg::KindClient));
        assert_eq!(handover_kind_msg("something_new"), None);
    }
}
