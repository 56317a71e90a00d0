//! Pay (薪酬, issue 13): finance's and HR's payroll sheet, incentives and deductions, branch
//! profits; admin's pay grades, and the pay settings with the commission rules.

pub mod branch_profits;
pub mod grades;
pub mod parts;
pub mod pay_items;
pub mod payroll;
pub mod settings;
