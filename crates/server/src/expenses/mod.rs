//! Expense claims (报销单, SPEC §8) and expense standards (费用标准): a salesperson claims
//! the costs of their approved plan's work, line by line with receipts; the rules (standards,
//! budgets, spot-checks, receipts) flag and refuse; the manager approves (cutting or
//! allowing lines), finance approves second and pays.

mod checks;
mod document;
pub mod dto;
pub mod lists;
pub mod pay;
pub mod queries;
pub mod routes;
pub mod service;
pub mod standard_routes;
pub mod standards;
