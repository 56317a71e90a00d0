//! Organisation screens for admin and HR.

pub mod teams;
pub mod users;
