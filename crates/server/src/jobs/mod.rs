//! The job runner on the database (后台任务): a `jobs` table claimed with leases, a scheduler
//! that enqueues the periodic runs once per run key, and the jobs themselves (complaint
//! escalation, monthly score drafts, deadline reminders, overdue receivables).

pub mod queries;
pub mod reminders;
pub mod routes;
pub mod runner;
pub mod service;
pub mod work;
