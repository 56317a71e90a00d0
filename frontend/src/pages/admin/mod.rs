//! Organisation screens for admin and HR.

pub mod api_key_form;
pub mod api_keys;
pub mod jobs;
pub mod options;
pub mod teams;
pub mod user_form;
pub mod users;
pub mod webhook_form;
pub mod webhooks;
