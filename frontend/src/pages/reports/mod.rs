//! The report screens (SPEC §5): the salesperson's weekly report (saved as they type, kept on
//! the device while offline), the manager's team status with the 12-week trend, the review of
//! a weekly report, and the managers' monthly report.

pub mod marks;
pub mod monthly;
pub mod monthly_marks;
pub mod next_plan;
pub mod parts;
pub mod print;
pub mod review;
pub mod status;
pub mod weekly;
