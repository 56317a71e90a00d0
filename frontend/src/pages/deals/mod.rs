//! Deals (SPEC §3): the pipeline of projects and their stages, contracts with their schedules,
//! review and signing, payments, receivables with aging, collections and credit alerts.

pub mod aging;
pub mod client_deals;
pub mod client_pick;
pub mod collection;
pub mod contract;
pub mod contract_actions;
pub mod contract_form;
pub mod contracts;
pub mod credit;
pub mod letter;
pub mod parts;
pub mod payments;
pub mod pipeline;
pub mod project;
pub mod project_form;
pub mod receivables;
pub mod schedule;
pub mod stage;
pub mod todos;
