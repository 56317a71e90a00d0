//! Deals (SPEC §3; seed 001 业务洽谈, 合同签订, 订单执行, 应收账款管理; seed 002 项目跟踪表, 回款):
//! projects through their stages, contracts with their review and payment schedules,
//! payments, receivables, aging and the collection rate. Amounts are integer 分.
//!
//! A project or a contract belongs to its client's owner: whoever owns the client owns its
//! deals, so a reassignment or a handover moves them with the client.

mod capital;
mod contracts;
mod projects;
mod receivables;

pub use capital::*;
pub use contracts::*;
pub use projects::*;
pub use receivables::*;

#[cfg(test)]
mod tests;
