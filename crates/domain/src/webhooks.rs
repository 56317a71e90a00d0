//! Webhooks (事件推送, SPEC §9): a URL subscribed to feed events, delivered with retries,
//! signed (Standard Webhooks) or as a message to a DingTalk or WeCom group robot.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::changes::FeedType;

crate::text_enum! {
    /// What the receiver expects.
    pub enum WebhookFormat {
        /// The Standard Webhooks specification: JSON body, `webhook-id`,
        /// `webhook-timestamp` and `webhook-signature` headers.
        Standard = "standard",
        /// A DingTalk group robot (钉钉群机器人): a markdown message; a signed robot's
        /// secret (`SEC…`) adds `timestamp` and `sign` to the URL.
        Dingtalk = "dingtalk",
        /// A WeCom group robot (企业微信群机器人): a markdown message.
        Wecom = "wecom",
    }
}

crate::text_enum! {
    /// pending (tries left) → delivered, or failed once the back-off schedule is used up.
    pub enum DeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
}

/// The default back-off between tries, in seconds: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h,
/// 12 h, 24 h — nine tries over about 45 hours.
pub const DEFAULT_BACKOFF: &str = "10,60,300,1800,7200,21600,43200,86400";

/// A back-off schedule: seconds before each retry (`SALESOPS_WEBHOOK_BACKOFF`).
pub fn parse_backoff(text: &str) -> Result<Vec<u64>, String> {
    let steps: Result<Vec<u64>, _> = text.split(',').map(|s| s.trim().parse::<u64>()).collect();
    match steps {
        Ok(v) if !v.is_empty() && v.len() <= 30 && v.iter().all(|s| *s <= 7 * 86_400) => Ok(v),
        _ => Err(format!(
            "`{text}`: 1–30 comma-separated whole seconds, each at most a week"
        )),
    }
}

/// `POST /webhooks`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// `http(s)://host[:port]/path`, without user or password. Addresses in private,
    /// loopback and link-local ranges are refused unless the server allows them.
    #[validate(length(min = 1, max = 2000), custom(function = "url_format"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://"
        )
    )]
    pub url: String,
    /// `*`, `<type>.*` or `<type>.<action>` (`expense_claim.approved`, `plan.submitted`).
    #[validate(length(min = 1, max = 50), custom(function = "event_patterns"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub events: Vec<String>,
    #[serde(default = "standard")]
    pub format: WebhookFormat,
    /// `standard`: the signing secret (`whsec_` + base64 of 24–64 bytes), made for you when
    /// absent. `dingtalk`: the robot's signing secret (`SEC…`) when it has one. `wecom`: none.
    #[serde(default)]
    #[validate(length(min = 1, max = 200))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub secret: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn standard() -> WebhookFormat {
    WebhookFormat::Standard
}
fn yes() -> bool {
    true
}

/// `PATCH /webhooks/{id}`: what is given changes. Enabling again clears the failure count.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookPatch {
    #[validate(length(min = 1, max = 2000), custom(function = "url_format"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 2000,
            pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://"
        )
    )]
    pub url: Option<String>,
    #[validate(length(min = 1, max = 50), custom(function = "event_patterns"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 50))]
    pub events: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDto {
    pub id: i64,
    /// Whose events it carries: only what this user (and the key it was made with) may read.
    pub owner_id: i64,
    pub url: String,
    pub events: Vec<String>,
    pub format: WebhookFormat,
    pub enabled: bool,
    /// Why it was switched off by the server (`410 Gone`, N failures in a row).
    pub disabled_reason: Option<String>,
    /// Failed tries since the last success.
    pub consecutive_failures: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The answer to a create: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhookDto {
    #[serde(flatten)]
    pub webhook: WebhookDto,
    /// The signing secret (`whsec_…` for `standard`), shown once.
    pub secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryDto {
    pub id: i64,
    pub webhook_id: i64,
    /// The event's name (`plan.submitted`).
    pub event: String,
    /// The event's `seq` in the change feed.
    pub event_seq: i64,
    /// `webhook-id`: the same on every try of this delivery.
    pub message_id: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// The receiver's HTTP status on the last try (none when it could not be reached).
    pub response_code: Option<i32>,
    /// How long the last try took.
    pub duration_ms: Option<i64>,
    pub last_error: Option<String>,
    /// When it is tried next (pending ones).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// `GET /webhooks/{id}/deliveries`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DeliveryListQuery {
    pub status: Option<DeliveryStatus>,
}

/// The receiver's URL as text: http or https, a host, no credentials. Where the host
/// resolves to is the server's check (it needs the network).
pub fn url_format(url: &str) -> Result<(), ValidationError> {
    let bad = |m: &str| Err(ValidationError::new("url").with_message(m.to_owned().into()));
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return bad("must start with http:// or https://");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("must not contain spaces or control characters");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return bad("must not carry a user name or password");
    }
    match url_host(url) {
        Some(h) if !h.is_empty() => Ok(()),
        _ => bad("must name a host"),
    }
}

/// The host of an http(s) URL (without brackets for IPv6), `None` when it has none.
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split_once(']').map(|(h, _)| h);
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return None,
        None => authority,
    };
    Some(host)
}

fn event_patterns(patterns: &[String]) -> Result<(), ValidationError> {
    for p in patterns {
        if p == "*" {
            continue;
        }
        let known = p.split_once('.').is_some_and(|(ty, verb)| {
            FeedType::named(ty).is_some()
                && (verb == "*"
                    || (!verb.is_empty()
                        && verb.len() <= 40
                        && verb.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')))
        });
        if !known {
            return Err(ValidationError::new("event").with_message(
                format!("`{p}`: use `*`, `<type>.*` or `<type>.<action>` with a known type").into(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://oapi.dingtalk.com/robot/send?access_token=x",
            "http://127.0.0.1:9000/hook",
            "https://[::1]:8443/h",
        ] {
            assert!(url_format(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ftp://x",
            "https://user:pw@x.com/",
            "https:///path",
            "https://x.com:80a/",
            "https://x .com",
            "x.com",
        ] {
            assert!(url_format(bad).is_err(), "{bad}");
        }
        assert_eq!(url_host("https://[::1]:8443/h"), Some("::1"));
        assert_eq!(url_host("http://a.b:9/"), Some("a.b"));
    }

    #[test]
    fn patterns_and_backoff() {
        let ok = |v: &[&str]| event_patterns(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(ok(&["*", "plan.*", "expense_claim.approved"]).is_ok());
        assert!(ok(&["nothing.created"]).is_err());
        assert!(ok(&["plan"]).is_err());
        assert_eq!(parse_backoff("1, 2,3"), Ok(vec![1, 2, 3]));
        assert!(parse_backoff("").is_err());
        assert!(parse_backoff("1,x").is_err());
        assert_eq!(parse_backoff(DEFAULT_BACKOFF).map(|v| v.len()), Ok(8));
    }
}
