//! The strings of the bell (notifications) and the failed-jobs page, in Chinese (the default)
//! and English.

use salesops_domain::jobs::JobState;

use crate::i18n::text::catalogue;

pub fn job_state_msg(s: JobState) -> NMsg {
    match s {
        JobState::Pending => NMsg::JobPending,
        JobState::Running => NMsg::JobRunning,
        JobState::Done => NMsg::JobDone,
        JobState::Failed => NMsg::JobFailed,
    }
}

catalogue! {
    /// The bell's and the jobs page's strings.
    enum NMsg;
    Bell => "通知", "Notifications";
    BellTitle => "通知（未读数）", "Notifications (unread)";
    Empty => "没有通知", "No notifications";
    MarkAllRead => "全部已读", "Mark all read";
    Close => "关闭", "Close";

    NavJobs => "后台任务", "Jobs";
    JobsTitle => "后台任务", "Background jobs";
    JobsIntro => "用尽重试次数仍失败的任务；重试会立即重新执行。", "Jobs that failed on every try; a retry runs them again now.";
    JobsState => "状态", "State";
    JobsEmpty => "没有任务", "No jobs";
    Kind => "类型", "Kind";
    RunKey => "运行标识", "Run key";
    Attempts => "尝试次数", "Tries";
    LastError => "最后错误", "Last error";
    Updated => "更新时间", "Updated";
    Retry => "重试", "Retry";
    Retried => "已重新排队", "Queued again";
    JobPending => "等待中", "Pending";
    JobRunning => "运行中", "Running";
    JobDone => "已完成", "Done";
    JobFailed => "已失败", "Failed";
}
