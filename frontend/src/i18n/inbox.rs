//! The strings of the home page's inbox (待办), in Chinese (the default) and English.

use salesops_domain::inbox::InboxKind;

use crate::i18n::text::catalogue;

pub fn kind_msg(kind: InboxKind) -> IMsg {
    match kind {
        InboxKind::DisputesToResolve => IMsg::DisputesToResolve,
        InboxKind::LeavingsToApprove => IMsg::LeavingsToApprove,
        InboxKind::ClaimsToPay => IMsg::ClaimsToPay,
        InboxKind::AdvancesToPay => IMsg::AdvancesToPay,
        InboxKind::ClaimsToApprove => IMsg::ClaimsToApprove,
        InboxKind::AdvancesToApprove => IMsg::AdvancesToApprove,
        InboxKind::SupplementsToApprove => IMsg::SupplementsToApprove,
        InboxKind::PlansToApprove => IMsg::PlansToApprove,
        InboxKind::WeeklyReportsToReview => IMsg::WeeklyReportsToReview,
        InboxKind::MonthlyReportsToReview => IMsg::MonthlyReportsToReview,
        InboxKind::OpenComplaints => IMsg::OpenComplaints,
        InboxKind::LeavingsToClose => IMsg::LeavingsToClose,
        InboxKind::FailingWebhooks => IMsg::FailingWebhooks,
        InboxKind::ScoreAlerts => IMsg::ScoreAlerts,
        InboxKind::SpotChecksDue => IMsg::SpotChecksDue,
        InboxKind::ScoresToAcknowledge => IMsg::ScoresToAcknowledge,
        InboxKind::FollowUpsOverdue => IMsg::FollowUpsOverdue,
        InboxKind::FollowUpsDueToday => IMsg::FollowUpsDueToday,
    }
}

catalogue! {
    /// The inbox's strings.
    enum IMsg;
    Title => "待办", "To do";
    Empty => "没有待办", "Nothing to do";
    LoadFailed => "待办加载失败", "The to-do list did not load";
    Oldest => "最早", "oldest";
    DaysAgo => "天前", "days ago";
    HoursAgo => "小时前", "hours ago";
    JustNow => "刚刚", "just now";

    DisputesToResolve => "待处理的考核申诉", "Score disputes to resolve";
    LeavingsToApprove => "待审批的离职申请", "Leavings to approve";
    ClaimsToPay => "待付款的报销单", "Claims to pay";
    AdvancesToPay => "待付款的借支", "Advances to pay";
    ClaimsToApprove => "待审批的报销单", "Claims to approve";
    AdvancesToApprove => "待审批的借支", "Advances to approve";
    SupplementsToApprove => "待审批的预算追加", "Budget supplements to approve";
    PlansToApprove => "待审批的工作计划", "Plans to approve";
    WeeklyReportsToReview => "待批阅的周报", "Weekly reports to review";
    MonthlyReportsToReview => "待批阅的月报", "Monthly reports to review";
    OpenComplaints => "未解决的客诉", "Open client complaints";
    LeavingsToClose => "待办结的离职", "Leavings to close";
    FailingWebhooks => "投递失败的 Webhook", "Failing webhooks";
    ScoreAlerts => "上月考核预警", "Score alerts of last month";
    SpotChecksDue => "本周待抽查的拜访", "Visits to spot-check this week";
    ScoresToAcknowledge => "待确认的月度考核", "Scores to acknowledge";
    FollowUpsOverdue => "逾期未跟进的客户", "Clients overdue for a follow-up";
    FollowUpsDueToday => "今日需跟进的客户", "Clients due for a follow-up today";
}
