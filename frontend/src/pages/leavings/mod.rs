//! Leavings (离职, issue 13): the list, one leaving with its checklist and steps, and one's own
//! on the account page.

pub mod checklist;
pub mod detail;
pub mod list;
pub mod mine;
pub mod parts;
