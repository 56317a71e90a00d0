//! The strings shared by every screen (the shell, sign-in, users and teams, errors), in
//! Chinese (the default) and English.

use salesops_domain::Role;

use crate::i18n::text::catalogue;

pub fn role_msg(role: Role) -> Msg {
    match role {
        Role::Salesperson => Msg::RoleSalesperson,
        Role::Manager => Msg::RoleManager,
        Role::Finance => Msg::RoleFinance,
        Role::Hr => Msg::RoleHr,
        Role::Admin => Msg::RoleAdmin,
    }
}

/// The localised text for a field error's stable `code`; `None` where the server's own
/// message says more (it is shown instead).
pub fn field_error_msg(code: &str) -> Option<Msg> {
    Some(match code {
        "required" => Msg::ErrRequired,
        "length" => Msg::ErrLength,
        "email" => Msg::ErrEmail,
        "username" => Msg::ErrUsername,
        "phone" => Msg::ErrPhone,
        "taken" | "duplicate" | "conflict" | "unique" => Msg::ErrTaken,
        "not_found" => Msg::ErrNotFoundRef,
        "cycle" => Msg::ErrCycle,
        "incorrect" => Msg::ErrIncorrect,
        "not_manager" => Msg::ErrNotManager,
        "self_lockout" => Msg::ErrSelfLockout,
        "range" => Msg::ErrRange,
        "over_payment" => Msg::ErrOverPayment,
        "below_received" => Msg::ErrBelowReceived,
        "schedule_sum" => Msg::ErrScheduleSum,
        "not_of_client" => Msg::ErrNotOfClient,
        "fixed" => Msg::ErrFixed,
        "not_scored" => Msg::ErrNotScored,
        "computed" => Msg::ErrComputed,
        "upheld" => Msg::ErrUpheld,
        "not_in_scope" => Msg::ErrNotInScope,
        "not_attendee" => Msg::ErrNotAttendee,
        "past" => Msg::ErrPast,
        "open_plan" => Msg::ErrOpenPlan,
        "sum" => Msg::ErrSum,
        "section" => Msg::ErrSection,
        "code" => Msg::ErrCode,
        "month" => Msg::ErrMonth,
        "coefficient_cap" => Msg::ErrCoefficientCap,
        "disabled" => Msg::ErrDisabledUser,
        _ => return None,
    })
}

/// The localised text for a problem's stable `code`, for the banner.
pub fn problem_msg(code: &str) -> Option<Msg> {
    Some(match code {
        "invalid_credentials" => Msg::ErrInvalidCredentials,
        "too_many_attempts" => Msg::ErrTooManyAttempts,
        "validation_failed" => Msg::ErrValidation,
        "not_found" => Msg::ErrNotFound,
        "conflict" => Msg::ErrConflict,
        "forbidden" => Msg::ErrForbidden,
        "unauthorized"
        | "unauthenticated"
        | "invalid_token"
        | "invalid_refresh_token"
        | "refresh_token_reused"
        | "session_revoked" => Msg::ErrSessionExpired,
        "account_disabled" | "disabled" => Msg::ErrAccountDisabled,
        "invalid_state" => Msg::ErrInvalidState,
        "duplicate" => Msg::ErrDuplicate,
        "self_disable" => Msg::ErrSelfDisable,
        "self_lockout" => Msg::ErrSelfLockout,
        "same_approver" => Msg::ErrSameApprover,
        "payload_too_large" => Msg::ErrTooLarge,
        "database_unavailable" | "database_busy" | "storage_unavailable" | "internal" => {
            Msg::ErrServer
        }
        "storage_full" => Msg::ErrStorageFull,
        _ => return None,
    })
}

catalogue! {
    /// A visible string of the app.
    enum Msg;
    AppName => "业务员管理", "Sales Staff";
    LangSwitch => "English", "中文";
    LangSwitchTitle => "切换语言", "Switch language";
    NavHome => "首页", "Home";
    NavUsers => "用户", "Users";
    NavTeams => "团队", "Teams";
    NavAccount => "账号", "Account";
    SignOut => "退出登录", "Sign out";
    SignIn => "登录", "Sign in";
    SignInTitle => "登录业务员管理系统", "Sign in to Sales Staff";
    SigningIn => "正在登录…", "Signing in…";
    Username => "用户名", "Username";
    Password => "密码", "Password";
    DisplayName => "姓名", "Display name";
    Roles => "角色", "Roles";
    Team => "团队", "Team";
    Phone => "电话", "Phone";
    Email => "邮箱", "Email";
    Status => "状态", "Status";
    Actions => "操作", "Actions";
    Active => "正常", "Active";
    Disabled => "已停用", "Disabled";
    AllStatuses => "全部状态", "Any status";
    AllRoles => "全部角色", "All roles";
    AllTeams => "全部团队", "All teams";
    NoTeam => "无团队", "No team";
    NoneOption => "（无）", "(none)";
    Search => "搜索", "Search";
    SearchPlaceholder => "按用户名或姓名搜索", "Search by username or name";
    Loading => "加载中…", "Loading…";
    Save => "保存", "Save";
    Saving => "正在保存…", "Saving…";
    Cancel => "取消", "Cancel";
    Edit => "编辑", "Edit";
    Disable => "停用", "Disable";
    Enable => "启用", "Enable";
    Create => "创建", "Create";
    PrevPage => "上一页", "Previous";
    NextPage => "下一页", "Next";
    TotalRows => "共", "Total";
    MoreResults => "加载更多", "Load more";
    PrevWeek => "上一周", "Previous week";
    NextWeek => "下一周", "Next week";
    ThisWeek => "本周", "This week";
    SaveSaved => "已保存", "Saved";
    SaveSaving => "正在保存…", "Saving…";
    SavePending => "有未保存的修改", "Unsaved changes";
    SaveOffline => "网络已断开 — 已保存在本设备，恢复连接后自动上传", "Offline — saved on this device; sent when back online";
    SaveFailed => "保存失败 — 已保存在本设备", "Could not save — kept on this device";
    DraftRestored => "已恢复本设备上未上传的内容", "Restored the edits kept on this device";
    ListIncomplete => "列表过长，只显示了前面的部分：", "The list is long; only its first part is shown:";
    Empty => "没有记录", "Nothing here";
    Welcome => "你好，", "Hello, ";
    YourRoles => "你的角色", "Your roles";
    TodoTitle => "常用入口", "Shortcuts";
    ComingSoon => "即将上线", "Coming soon";
    TodoSubmitPlan => "提交本周工作计划", "Submit this week's work plan";
    TodoRecordVisits => "记录客户拜访", "Record client visits";
    TodoWeeklyReport => "提交周报", "File the weekly report";
    TodoClaims => "报销申请", "Expense claims";
    TodoApprovePlans => "审批下属工作计划", "Approve your team's plans";
    TodoReviewReports => "审阅周报", "Review weekly reports";
    TodoSpotChecks => "电话抽查拜访", "Spot-check visits";
    TodoApproveExpenses => "审批报销、借支和追加预算", "Approve claims, advances and supplements";
    TodoPayClaims => "报销审核与付款", "Approve and pay claims";
    TodoFinanceReports => "财务报表", "Financial reports";
    TodoHandovers => "员工入职与离职交接", "Joiners and handovers";
    TodoScores => "查看考核得分", "Read scores";
    TodoManageUsers => "管理用户", "Manage users";
    TodoManageTeams => "管理团队", "Manage teams";
    UsersTitle => "用户管理", "Users";
    NewUser => "新建用户", "New user";
    EditUser => "编辑用户", "Edit user";
    UserCreated => "用户已创建", "User created";
    UserSaved => "用户已保存", "User saved";
    UserDisabled => "用户已停用", "User disabled";
    UserEnabled => "用户已启用", "User enabled";
    TeamsTitle => "团队管理", "Teams";
    NewTeam => "新建团队", "New team";
    EditTeam => "编辑团队", "Edit team";
    TeamName => "团队名称", "Team name";
    Region => "区域", "Region";
    Manager => "负责人", "Manager";
    ParentTeam => "上级团队", "Parent team";
    TeamCreated => "团队已创建", "Team created";
    TeamSaved => "团队已保存", "Team saved";
    AccountTitle => "我的账号", "My account";
    ChangePassword => "修改密码", "Change password";
    CurrentPassword => "当前密码", "Current password";
    NewPassword => "新密码", "New password";
    PasswordChanged => "密码已修改", "Password changed";
    MustChangePassword => "您的密码由管理员设置，请先设置您自己的密码。", "Your password was set by an administrator: set your own before you continue.";
    NotAllowed => "你没有权限查看此页面。", "You may not see this page.";
    NotFoundPage => "页面不存在。", "Page not found.";
    BackHome => "返回首页", "Back to home";
    Dismiss => "关闭", "Dismiss";
    RoleSalesperson => "业务员", "Salesperson";
    RoleManager => "区域经理", "Manager";
    RoleFinance => "财务", "Finance";
    RoleHr => "人力资源", "HR";
    RoleAdmin => "系统管理员", "Administrator";
    ErrRequired => "必填", "Required";
    ErrLength => "长度不符合要求", "Wrong length";
    ErrEmail => "邮箱格式不正确", "Not an email address";
    ErrUsername => "3–32 位小写字母、数字、“.”“_”“-”，以字母或数字开头", "3–32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit";
    ErrPhone => "电话号码格式不正确", "Not a phone number";
    ErrTaken => "已被占用", "Already taken";
    ErrNotFoundRef => "所选项不存在", "The chosen item does not exist";
    ErrCycle => "不能形成循环的上下级关系", "That would make a loop";
    ErrRange => "超出范围", "Out of range";
    ErrDisabledUser => "该账号已停用", "This account is already disabled";
    ErrCoefficientCap => "须为 1.0 到 3.0 之间的数，最多四位小数", "A number from 1.0 to 3.0 with at most four decimals";
    ErrMonth => "请输入月份，如 2026-11", "A month such as 2026-11";
    ErrCode => "只能用小写字母、数字和下划线，以字母开头", "Lower-case letters, digits and _, starting with a letter";
    ErrSection => "月报评分项的代码须为 summary、plan 或 proposals", "A monthly report mark item is coded summary, plan or proposals";
    ErrSum => "合计不正确（须为 100）", "The total is wrong (it must be 100)";
    ErrOverPayment => "超过合同未收金额", "More than is outstanding on this contract";
    ErrBelowReceived => "少于已收款金额", "Less than has already been received";
    ErrScheduleSum => "收款计划合计须等于合同金额", "The schedule must add up to the contract amount";
    ErrNotOfClient => "不属于该客户", "Not of this client";
    ErrFixed => "创建后不能更改", "Cannot be changed once created";
    ErrNotScored => "只考核业务员和区域经理", "Only salespeople and managers are scored";
    ErrComputed => "系统计算项的次数来自记录，请改为调整得分", "A computed item's occurrences come from the records; override its points";
    ErrUpheld => "维持原考核时不能修改考核项目", "An upheld score keeps its items";
    ErrNotInScope => "不在你负责的团队中", "Not among the people in your care";
    ErrNotAttendee => "不是该培训的参加人员", "Not an attendee of this training";
    ErrPast => "日期不能早于今天", "The day must be today or later";
    ErrOpenPlan => "此人已有进行中的改进计划", "This person already has an open improvement plan";
    ErrSameApprover => "你已定稿此考核，异议须由上级经理或人力资源处理", "You finalized this score: the dispute goes to the manager's manager or HR";
    ErrIncorrect => "不正确", "Incorrect";
    ErrNotManager => "该用户不是区域经理", "This user is not a manager";
    ErrSelfLockout => "不能移除自己的管理员角色", "You cannot remove your own admin role";
    ErrSelfDisable => "不能停用自己的账号", "You cannot disable your own account";
    ErrDuplicate => "已存在相同的记录", "A record with these values already exists";
    ErrTooLarge => "提交的内容过大", "The request is too large";
    ErrInvalidCredentials => "用户名或密码错误", "Wrong username or password";
    ErrTooManyAttempts => "尝试次数过多，请稍后再试", "Too many attempts, try again later";
    ErrRetryAfter => "秒后可重试", "seconds until you may retry";
    ErrValidation => "请更正标出的内容", "Please correct the marked fields";
    ErrNotFound => "记录不存在", "Not found";
    ErrConflict => "与现有数据冲突", "Conflicts with existing data";
    ErrForbidden => "没有权限执行此操作", "You may not do that";
    ErrSessionExpired => "登录已过期，请重新登录", "Your session has expired; sign in again";
    ErrAccountDisabled => "账号已停用", "This account is disabled";
    ErrInvalidState => "当前状态下不能执行此操作", "Not possible in the current state";
    ErrNetwork => "无法连接服务器", "Cannot reach the server";
    ErrServer => "服务器出错，请稍后再试", "Server error; try again later";
    ErrStorageFull => "服务器磁盘已满，本次内容未保存；请联系管理员", "The server's disk is full and nothing was saved; tell your administrator";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::text::{Lang, Text};

    #[test]
    fn known_codes_are_translated() {
        for code in [
            "invalid_credentials",
            "too_many_attempts",
            "validation_failed",
            "not_found",
        ] {
            let msg = problem_msg(code);
            assert!(msg.is_some(), "{code}");
            if let Some(m) = msg {
                assert_ne!(m.text(Lang::Zh), m.text(Lang::En));
            }
        }
        assert_eq!(field_error_msg("taken"), Some(Msg::ErrTaken));
        assert_eq!(field_error_msg("over_payment"), Some(Msg::ErrOverPayment));
        assert_eq!(
            field_error_msg("below_received"),
            Some(Msg::ErrBelowReceived)
        );
        assert_eq!(field_error_msg("schedule_sum"), Some(Msg::ErrScheduleSum));
        assert_eq!(field_error_msg("not_of_client"), Some(Msg::ErrNotOfClient));
        assert_eq!(field_error_msg("fixed"), Some(Msg::ErrFixed));
        for code in [
            "not_scored",
            "computed",
            "upheld",
            "not_in_scope",
            "not_attendee",
            "past",
            "open_plan",
        ] {
            assert!(field_error_msg(code).is_some(), "{code}");
        }
        assert_eq!(problem_msg("same_approver"), Some(Msg::ErrSameApprover));
        assert_eq!(field_error_msg("sum"), Some(Msg::ErrSum));
        assert_eq!(field_error_msg("section"), Some(Msg::ErrSection));
        assert_eq!(field_error_msg("month"), Some(Msg::ErrMonth));
        assert_eq!(field_error_msg("something_new"), None);
    }
}
