//! Webhooks (事件推送): subscriptions to change-feed events, fanned out into deliveries
//! (`fanout`, exactly once per event and webhook) and sent by the job runner with back-off
//! (`deliver`), signed per the Standard Webhooks specification or as DingTalk and WeCom
//! group-robot messages (`format`). Receivers in private address ranges are refused
//! (`address`) unless the server allows them.

pub mod address;
pub mod deliver;
pub mod fanout;
pub mod format;
pub mod queries;
pub mod routes;
pub mod service;
pub mod tries;
