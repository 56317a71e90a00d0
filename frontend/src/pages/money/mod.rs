//! Money out (费用): claims and advances of the salesperson, the manager's inbox, finance's
//! queue and reports, and admin's expense standards.

pub mod advances;
pub mod claim_detail;
pub mod claim_form;
pub mod claim_line;
pub mod claim_review;
pub mod decision;
pub mod finance_queue;
pub mod inbox;
pub mod my_claims;
pub mod parts;
pub mod refusal;
pub mod repayments;
pub mod report_tables;
pub mod reports;
pub mod standards;
