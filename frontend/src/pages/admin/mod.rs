//! Organisation screens for admin and HR.

pub mod jobs;
pub mod options;
pub mod teams;
pub mod user_form;
pub mod users;
