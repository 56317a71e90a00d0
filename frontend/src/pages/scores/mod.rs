//! Scoring (考核, SPEC §6, issue 13): my score with its evidence and trend, the team's scoring
//! sheet, one score's page with its steps, trainings and assessments, attendance entry, and
//! HR's overview (not finalized, disputes, the annual table), alerts and improvement plans.

pub mod actions;
pub mod alerts;
pub mod annual;
pub mod attendance;
pub mod detail;
pub mod edit;
pub mod evidence;
pub mod hr;
pub mod items;
pub mod mine;
pub mod parts;
pub mod people;
pub mod team;
pub mod training_form;
pub mod trainings;
pub mod trend;
