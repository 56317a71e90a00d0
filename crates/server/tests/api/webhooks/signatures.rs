//! The receivers' side of the signatures, written from the specifications (Standard
//! Webhooks, DingTalk's robot documentation), never from the server's code.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::receiver::Received;

/// The Standard Webhooks check, written here from the specification (not the server's).
pub fn signature_valid(secret: &str, r: &Received) -> bool {
    let (Some(id), Some(ts), Some(sigs)) = (
        r.header("webhook-id"),
        r.header("webhook-timestamp"),
        r.header("webhook-signature"),
    ) else {
        return false;
    };
    let key = B64.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.{}", r.body).as_bytes());
    let expected = format!("v1,{}", B64.encode(mac.finalize().into_bytes()));
    let fresh = ts
        .parse::<i64>()
        .is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() < 300);
    fresh && sigs.split(' ').any(|s| s == expected)
}

/// The DingTalk robot's check of `sign`, written here from DingTalk's documentation.
pub fn dingtalk_sign(secret: &str, timestamp: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}\n{secret}").as_bytes());
    B64.encode(mac.finalize().into_bytes())
}
