//! What a delivery sends: the Standard Webhooks payload and signature, and the DingTalk and
//! WeCom robots' markdown messages (with DingTalk's signed URL).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use salesops_domain::changes::ChangeDto;
use salesops_domain::webhooks::WebhookFormat;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The prefix of a Standard Webhooks secret; the rest is base64 of the key's bytes.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret: `whsec_` and 24 random bytes in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("{SECRET_PREFIX}{}", B64.encode(key))
}

/// The key bytes of a `whsec_…` secret, `None` when it is not one (or too short: the
/// specification asks for 24 to 64 bytes).
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    let key = B64.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()?;
    (24..=64).contains(&key.len()).then_some(key)
}

fn hmac(key: &[u8], content: &[u8]) -> Result<String, String> {
    let mut mac = HmacSha256::new_from_slice(key).map_err(|e| format!("signing key: {e}"))?;
    mac.update(content);
    Ok(B64.encode(mac.finalize().into_bytes()))
}

/// `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
pub fn standard_signature(
    secret: &str,
    msg_id: &str,
    timestamp: i64,
    body: &str,
) -> Result<String, String> {
    let key = secret_key(secret).ok_or("the webhook's secret is not a whsec_ secret")?;
    let content = format!("{msg_id}.{timestamp}.{body}");
    Ok(format!("v1,{}", hmac(&key, content.as_bytes())?))
}

/// The Standard Webhooks body: the event, the record's type and id, when, who, and the
/// record before and after.
pub fn standard_payload(change: &ChangeDto) -> String {
    serde_json::json!({
        "event": change.event,
        "type": change.entity_type,
        "id": change.id,
        "seq": change.seq,
        "timestamp": change.at,
        "actor_id": change.actor_id,
        "data": {"before": change.before, "after": change.after},
    })
    .to_string()
}

/// A signed DingTalk robot's URL: `timestamp` (milliseconds) and `sign`, the URL-encoded
/// base64 HMAC-SHA256 of `timestamp\nsecret` keyed by the secret.
pub fn dingtalk_url(url: &str, secret: &str, timestamp_ms: i64) -> Result<String, String> {
    if secret.is_empty() {
        return Ok(url.to_owned());
    }
    let sign = hmac(
        secret.as_bytes(),
        format!("{timestamp_ms}\n{secret}").as_bytes(),
    )?;
    let sign: String = form_urlencoded::byte_serialize(sign.as_bytes()).collect();
    let sep = if url.contains('?') { '&' } else { '?' };
    Ok(format!("{url}{sep}timestamp={timestamp_ms}&sign={sign}"))
}

/// A group robot's markdown message body.
pub fn robot_body(format: WebhookFormat, title: &str, text: &str) -> String {
    match format {
        WebhookFormat::Wecom => serde_json::json!({
            "msgtype": "markdown",
            "markdown": {"content": text},
        }),
        _ => serde_json::json!({
            "msgtype": "markdown",
            "markdown": {"title": title, "text": text},
        }),
    }
    .to_string()
}

/// A record type in Chinese, for robot messages.
pub fn type_label(entity_type: &str) -> &str {
    match entity_type {
        "client" => "客户",
        "follow_up" => "跟进记录",
        "case" => "客诉",
        "plan" => "工作计划",
        "visit" => "拜访",
        "daily_log" => "工作日志",
        "spot_check" => "抽查",
        "weekly_report" => "周报",
        "monthly_report" => "月报",
        "expense_claim" => "报销单",
        "advance" => "借支",
        "budget" => "预算",
        "budget_supplement" => "预算追加",
        "receipt" => "票据",
        "project" => "项目",
        "contract" => "合同",
        "contract_payment" => "回款",
        "score" => "考核",
        "improvement_plan" => "改进计划",
        "attendance" => "考勤",
        "training" => "培训",
        "leaving" => "离职申请",
        "user" => "用户",
        "team" => "团队",
        "pay_item" => "奖惩项",
        other => other,
    }
}

/// A past-tense action in Chinese (`approved` → `批准`); unknown ones as they are.
pub fn action_label(action: &str) -> &str {
    match action {
        "created" => "新建",
        "updated" | "edited" => "修改",
        "deleted" | "removed" => "删除",
        "submitted" => "提交",
        "approved" => "批准",
        "rejected" => "退回",
        "paid" => "支付",
        "cancelled" => "撤销",
        "reviewed" => "审阅",
        "signed" => "签订",
        "completed" => "完成",
        "escalated" => "升级",
        "resolved" => "解决",
        "closed" => "关闭",
        "reopened" => "重新打开",
        "finalized" => "定稿",
        "acknowledged" => "确认",
        "disputed" => "申诉",
        "archived" => "归档",
        "handed_over" => "交接",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_signature_matches_the_specifications_example() {
        // The example in the Standard Webhooks specification.
        let sig = standard_signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(
            sig.as_deref(),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        );
    }

    #[test]
    fn dingtalk_sign_is_url_encoded_and_appended() {
        let url = dingtalk_url(
            "https://oapi.dingtalk.com/robot/send?access_token=t",
            "SECabc",
            1,
        )
        .unwrap_or_default();
        assert!(
            url.starts_with(
                "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign="
            )
        );
        assert!(!url.contains('+') && !url.contains('/') || url.matches('/').count() == 4);
        assert_eq!(
            dingtalk_url("http://x/h", "", 5).as_deref(),
            Ok("http://x/h")
        );
    }

    #[test]
    fn secrets() {
        let s = new_secret();
        assert!(secret_key(&s).is_some_and(|k| k.len() == 24));
        assert!(secret_key("whsec_c2hvcnQ=").is_none());
        assert!(secret_key("nope").is_none());
    }
}
