//! One module per screen.

pub mod account;
pub mod admin;
pub mod clients;
pub mod deals;
pub mod home;
pub mod inbox;
pub mod leavings;
pub mod login;
pub mod manager;
pub mod money;
pub mod pay;
pub mod plans;
pub mod reports;
pub mod rubrics;
pub mod scores;
