//! The strings of the webhooks screen, in Chinese (the default) and English.

use salesops_domain::webhooks::{DeliveryStatus, WebhookFormat};

use crate::i18n::text::catalogue;

pub fn format_msg(f: WebhookFormat) -> WMsg {
    match f {
        WebhookFormat::Standard => WMsg::FormatStandard,
        WebhookFormat::Dingtalk => WMsg::FormatDingtalk,
        WebhookFormat::Wecom => WMsg::FormatWecom,
    }
}

pub fn status_msg(s: DeliveryStatus) -> WMsg {
    match s {
        DeliveryStatus::Pending => WMsg::Pending,
        DeliveryStatus::Delivered => WMsg::Delivered,
        DeliveryStatus::Failed => WMsg::Failed,
    }
}

catalogue! {
    /// The webhooks screen's strings.
    enum WMsg;
    NavWebhooks => "Webhook", "Webhooks";
    Title => "Webhook 与群机器人", "Webhooks and group robots";
    Intro => "单据状态变化时推送到其他系统或钉钉/企业微信群。连续失败或对方返回 410 时自动停用，重新启用后继续投递。", "State changes are pushed to other systems or to DingTalk/WeCom groups. A webhook failing in a row, or answered 410, is switched off; switching it on again resumes delivery.";
    Empty => "还没有 Webhook", "No webhooks yet";
    NewWebhook => "新建 Webhook", "New webhook";
    Url => "地址", "URL";
    Events => "事件（逗号分隔，如 expense_claim.approved, plan.*, *）", "Events (comma-separated, e.g. expense_claim.approved, plan.*, *)";
    EventsShort => "事件", "Events";
    Format => "格式", "Format";
    Secret => "签名密钥（钉钉加签机器人填 SEC…，标准格式可留空自动生成）", "Signing secret (a DingTalk signed robot's SEC…; left empty, standard gets one made)";
    FormatStandard => "标准（Standard Webhooks 签名）", "Standard (Standard Webhooks signature)";
    FormatDingtalk => "钉钉群机器人", "DingTalk group robot";
    FormatWecom => "企业微信群机器人", "WeCom group robot";
    Create => "创建", "Create";
    SecretOnce => "签名密钥只显示这一次，请保存：", "The signing secret is shown this once; keep it:";
    Done => "已保存", "Saved it";
    State => "状态", "State";
    On => "启用", "On";
    Off => "已停用", "Off";
    Failing => "失败", "Failing";
    FailuresInRow => "连续失败", "failures in a row";
    SwitchOn => "启用", "Switch on";
    SwitchOff => "停用", "Switch off";
    Delete => "删除", "Delete";
    ConfirmDelete => "删除这个 Webhook 及其投递记录？", "Delete this webhook and its deliveries?";
    Deliveries => "投递记录", "Deliveries";
    NoDeliveries => "没有投递记录", "No deliveries";
    Event => "事件", "Event";
    Status => "结果", "Status";
    Attempts => "次数", "Tries";
    Response => "响应", "Response";
    Duration => "耗时", "Duration";
    Error => "错误", "Error";
    Created => "时间", "Created";
    Retry => "重试", "Retry";
    Retried => "已安排重试", "Retry scheduled";
    SwitchedOn => "已启用", "Switched on";
    SwitchedOff => "已停用", "Switched off";
    Deleted => "已删除", "Deleted";
    Pending => "待投递", "Pending";
    Delivered => "已送达", "Delivered";
    Failed => "失败", "Failed";
}
