//! The client screens (SPEC §2): the client list and page, today's follow-ups, the open
//! complaints, the team view, handover and import; `parts` holds what several of them show.

pub mod card;
pub mod case_actions;
pub mod cases;
pub mod detail;
pub mod detail_forms;
pub mod edit;
pub mod export;
pub mod follow_up;
pub mod handover;
pub mod import;
pub mod list;
pub mod new;
pub mod parts;
pub mod team;
pub mod today;
pub mod todos;
