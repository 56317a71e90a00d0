//! Pay (薪酬, SPEC §7): pay grades, the coefficient cap and commission rules (admin),
//! incentives and deductions (finance, HR), branch profits (finance), the month's payroll
//! sheet and the scores report.

pub mod items;
pub mod items_queries;
pub mod payroll;
pub mod payroll_queries;
pub mod report_routes;
pub mod routes;
pub mod scores_report;
pub mod setup;
pub mod setup_queries;
