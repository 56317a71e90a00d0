//! The strings of the API keys screen (admin), in Chinese (the default) and English.

use salesops_domain::api_keys::ApiScope;

use crate::i18n::text::catalogue;

/// What a scope lets a key do, in words.
pub fn scope_msg(s: ApiScope) -> KMsg {
    match s {
        ApiScope::ClientsRead => KMsg::ScopeClientsRead,
        ApiScope::ClientsWrite => KMsg::ScopeClientsWrite,
        ApiScope::PlansRead => KMsg::ScopePlansRead,
        ApiScope::PlansWrite => KMsg::ScopePlansWrite,
        ApiScope::ReportsRead => KMsg::ScopeReportsRead,
        ApiScope::ReportsWrite => KMsg::ScopeReportsWrite,
        ApiScope::DealsRead => KMsg::ScopeDealsRead,
        ApiScope::DealsWrite => KMsg::ScopeDealsWrite,
        ApiScope::FinanceRead => KMsg::ScopeFinanceRead,
        ApiScope::FinanceWrite => KMsg::ScopeFinanceWrite,
        ApiScope::ScoresRead => KMsg::ScopeScoresRead,
        ApiScope::ScoresWrite => KMsg::ScopeScoresWrite,
        ApiScope::WebhooksManage => KMsg::ScopeWebhooksManage,
    }
}

catalogue! {
    /// The API keys screen's strings.
    enum KMsg;
    NavApiKeys => "API 密钥", "API keys";
    Title => "API 密钥", "API keys";
    Intro => "密钥供其他系统调用接口：它代表所属用户行事，只能做该用户有权且在所选范围内的事。停用用户或办理交接会同时吊销其密钥。", "Keys let other systems call the API: a key acts for its owner and may do only what the owner may and its scopes allow. Disabling the owner or handing over their records revokes their keys.";
    NewKey => "新建密钥", "New key";
    Name => "名称", "Name";
    Owner => "所属用户", "Owner";
    ChooseOwner => "请选择用户", "Choose a user";
    Scopes => "范围", "Scopes";
    ExpiresOn => "到期日（可选）", "Expires on (optional)";
    Never => "不过期", "Never";
    Prefix => "前缀", "Prefix";
    Created => "创建时间", "Created";
    Expires => "到期", "Expires";
    LastUsed => "最近使用", "Last used";
    NotUsed => "未使用", "Not used";
    State => "状态", "State";
    Live => "有效", "Live";
    Revoked => "已吊销", "Revoked";
    Expired => "已过期", "Expired";
    Revoke => "吊销", "Revoke";
    ConfirmRevoke => "吊销后使用此密钥的系统将立即无法访问，且无法恢复。确定吊销？", "Systems using this key lose access at once, and it cannot be undone. Revoke it?";
    RevokedNotice => "密钥已吊销", "Key revoked";
    NoKeys => "还没有密钥", "No keys yet";
    ShownOnce => "请立即复制并妥善保存此密钥：它只显示这一次，服务器只保存其摘要，无法再次查看。", "Copy this key now and keep it safe: it is shown only this once; the server keeps only a hash of it.";
    Copy => "复制", "Copy";
    Copied => "已复制", "Copied";
    Done => "我已保存", "I have saved it";
    CreateKey => "创建密钥", "Create key";
    ScopeClientsRead => "客户：读取", "Clients: read";
    ScopeClientsWrite => "客户：读写", "Clients: read and write";
    ScopePlansRead => "计划与拜访：读取", "Plans and visits: read";
    ScopePlansWrite => "计划与拜访：读写", "Plans and visits: read and write";
    ScopeReportsRead => "周报月报：读取", "Reports: read";
    ScopeReportsWrite => "周报月报：读写", "Reports: read and write";
    ScopeDealsRead => "项目合同：读取", "Deals: read";
    ScopeDealsWrite => "项目合同：读写", "Deals: read and write";
    ScopeFinanceRead => "费用与财务报表：读取", "Money and finance reports: read";
    ScopeFinanceWrite => "费用与财务：读写", "Money and finance: read and write";
    ScopeScoresRead => "考核：读取", "Scores: read";
    ScopeScoresWrite => "考核：读写", "Scores: read and write";
    ScopeWebhooksManage => "Webhook 管理（预留）", "Webhooks (reserved)";
}
