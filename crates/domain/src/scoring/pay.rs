//! The pay coefficient, performance pay and commission (SPEC §7).

use super::{Tenths, div_round};

/// The score at which pay is exactly base + performance (系数 1.0): 80 points.
pub const PAR: Tenths = 800;

/// The pay coefficient in ten-thousandths (`11_038` is 1.1038): score ÷ 80, at most `cap`
/// (ten-thousandths) when one is set. Rounded half up to the ten-thousandth for display; pay
/// is computed from the score itself ([`performance_pay`]).
pub fn coefficient(total: Tenths, cap: Option<i64>) -> i64 {
    let c = div_round(i128::from(total.max(0)) * 10_000, i128::from(PAR)).unwrap_or(0);
    match cap {
        Some(cap) => c.min(cap.max(0)),
        None => c,
    }
}

/// Performance pay (绩效工资): the performance part × the coefficient, rounded half up to the
/// 分 — from the score's tenths (performance × total ÷ 800), or from the cap when it binds.
pub fn performance_pay(performance_fen: i64, total: Tenths, cap: Option<i64>) -> Option<i64> {
    let uncapped = i128::from(performance_fen) * i128::from(total.max(0));
    match cap {
        Some(cap) if i128::from(total.max(0)) * 10_000 > i128::from(cap) * i128::from(PAR) => {
            div_round(i128::from(performance_fen) * i128::from(cap.max(0)), 10_000)
        }
        _ => div_round(uncapped, i128::from(PAR)),
    }
}

/// A commission rule (提成规则) as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommissionRule {
    /// Per mille of the contract value signed within the monthly target (5 ‰).
    pub within_target_permille: i64,
    /// Per mille of the value signed above the target (10 ‰ = 1 %).
    pub above_target_permille: i64,
    /// Multiply by the month's collection rate (回款率).
    pub settle_by_collection: bool,
}

/// The month's commission in 分: within-rate × min(signed, target) + above-rate × max(0,
/// signed − target); settled by collection, × received ÷ due of the month (when nothing fell
/// due there is nothing to collect, and the commission is paid whole). Rounded half up once.
pub fn commission(
    rule: &CommissionRule,
    signed_fen: i64,
    target_fen: i64,
    collected: Option<(i64, i64)>,
) -> Option<i64> {
    let signed = i128::from(signed_fen.max(0));
    let target = i128::from(target_fen.max(0));
    let base = i128::from(rule.within_target_permille) * signed.min(target)
        + i128::from(rule.above_target_permille) * (signed - target).max(0);
    match collected {
        Some((received, due)) if rule.settle_by_collection && due > 0 => div_round(
            base.checked_mul(i128::from(received.clamp(0, due)))?,
            1_000 * i128::from(due),
        ),
        _ => div_round(base, 1_000),
    }
}

/// A manager's profit share (利润分成): 20 % of the branch profit for the manager and the
/// finance lead, at least half of it to the manager; `manager_permille` of the pool (≥ 500)
/// goes to the manager. Returns (manager, finance lead), rounded half up, adding up to the
/// pool.
pub fn profit_share(branch_profit_fen: i64, manager_permille: i64) -> Option<(i64, i64)> {
    let pool = div_round(i128::from(branch_profit_fen.max(0)) * 20, 100)?;
    let manager = div_round(
        i128::from(pool) * i128::from(manager_permille.clamp(500, 1_000)),
        1_000,
    )?;
    Some((manager, pool - manager))
}
