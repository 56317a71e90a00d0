//! Follow-up cadence (seed 002, SPEC §2): when a client must next be contacted.
//!
//! - key clients (大客户) at least once a week, other tracked clients every two weeks, counted
//!   from the last contact (or from the day the client was entered); a client with a project
//!   in its design stage counts as a key client;
//! - after a sale (the day the stage became `customer`): a first follow-up 3–7 days after it,
//!   so it is due on day 7, and a second within 7 days of the first;
//! - an explicit next follow-up date on the latest follow-up wins over all of that;
//! - lost and archived clients are not tracked.
//!
//! All dates are calendar dates in the business time zone.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::clients::{Stage, Tier};

/// Days between contacts for a key client.
pub const KEY_INTERVAL_DAYS: u64 = 7;
/// Days between contacts for any other tracked client.
pub const GENERAL_INTERVAL_DAYS: u64 = 14;
/// The first after-sale follow-up is due this many days after the sale (window opens on day 3).
pub const AFTER_SALE_FIRST_DAYS: u64 = 7;
/// The second after-sale follow-up is due this many days after the first.
pub const AFTER_SALE_SECOND_DAYS: u64 = 7;

/// What the cadence needs to know about one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadenceInput {
    pub tier: Tier,
    pub stage: Stage,
    pub archived: bool,
    /// The day the client was entered.
    pub created_on: NaiveDate,
    /// The day of the latest follow-up.
    pub last_contact: Option<NaiveDate>,
    /// The next follow-up date written on the latest follow-up.
    pub explicit_next: Option<NaiveDate>,
    /// The day the stage last became `customer`.
    pub sale_date: Option<NaiveDate>,
    /// Follow-up days after the sale date, oldest first (the first two are enough).
    pub after_sale_contacts: Vec<NaiveDate>,
    /// The client has a project in its design stage (项目设计阶段): followed as a key client.
    pub in_design_project: bool,
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

/// The day the client is next due, or `None` when the client is not tracked.
pub fn next_due(input: &CadenceInput) -> Option<NaiveDate> {
    if input.archived || input.stage == Stage::Lost {
        return None;
    }
    if let Some(explicit) = input.explicit_next {
        return Some(explicit);
    }
    if let (Stage::Customer, Some(sale)) = (input.stage, input.sale_date) {
        let mut after: Vec<NaiveDate> = input
            .after_sale_contacts
            .iter()
            .copied()
            .filter(|d| *d > sale)
            .collect();
        after.sort();
        match after.first() {
            None => return Some(plus(sale, AFTER_SALE_FIRST_DAYS)),
            Some(first) if after.len() == 1 => return Some(plus(*first, AFTER_SALE_SECOND_DAYS)),
            Some(_) => {}
        }
    }
    let base = input.last_contact.unwrap_or(input.created_on);
    let interval = match (input.tier, input.in_design_project) {
        (Tier::Key, _) | (_, true) => KEY_INTERVAL_DAYS,
        (Tier::General, false) => GENERAL_INTERVAL_DAYS,
    };
    Some(plus(base, interval))
}

/// Where a due date stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// Not due yet.
    Upcoming,
    /// Due on this very day.
    DueToday,
    /// The due day has passed.
    Overdue,
}

pub fn due_status(due: NaiveDate, today: NaiveDate) -> DueStatus {
    match due.cmp(&today) {
        std::cmp::Ordering::Greater => DueStatus::Upcoming,
        std::cmp::Ordering::Equal => DueStatus::DueToday,
        std::cmp::Ordering::Less => DueStatus::Overdue,
    }
}

/// Whole days past the due date (0 when not overdue).
pub fn days_overdue(due: NaiveDate, today: NaiveDate) -> i64 {
    (today - due).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn input(tier: Tier, stage: Stage) -> CadenceInput {
        CadenceInput {
            tier,
            stage,
            archived: false,
            created_on: d("2026-11-01"),
            last_contact: None,
            explicit_next: None,
            sale_date: None,
            after_sale_contacts: Vec::new(),
            in_design_project: false,
        }
    }

    #[test]
    fn a_project_in_design_makes_a_key_client() {
        let mut i = input(Tier::General, Stage::Intent);
        assert_eq!(next_due(&i), Some(d("2026-11-15")));
        i.in_design_project = true;
        assert_eq!(next_due(&i), Some(d("2026-11-08")));
    }

    #[test]
    fn key_clients_weekly_from_the_last_contact() {
        let mut i = input(Tier::Key, Stage::Intent);
        assert_eq!(next_due(&i), Some(d("2026-11-08")));
        i.last_contact = Some(d("2026-11-10"));
        let due = next_due(&i).unwrap_or_default();
        assert_eq!(due, d("2026-11-17"));
        // Boundary: day 6 upcoming, day 7 due today, day 8 one day overdue.
        assert_eq!(due_status(due, d("2026-11-16")), DueStatus::Upcoming);
        assert_eq!(due_status(due, d("2026-11-17")), DueStatus::DueToday);
        assert_eq!(due_status(due, d("2026-11-18")), DueStatus::Overdue);
        assert_eq!(days_overdue(due, d("2026-11-18")), 1);
        assert_eq!(days_overdue(due, d("2026-11-17")), 0);
    }

    #[test]
    fn general_clients_every_two_weeks() {
        let mut i = input(Tier::General, Stage::Prospect);
        i.last_contact = Some(d("2026-11-10"));
        assert_eq!(next_due(&i), Some(d("2026-11-24")));
        // Across a month end.
        i.last_contact = Some(d("2026-11-20"));
        assert_eq!(next_due(&i), Some(d("2026-12-04")));
    }

    #[test]
    fn lost_and_archived_are_not_tracked() {
        assert_eq!(next_due(&input(Tier::Key, Stage::Lost)), None);
        let mut i = input(Tier::Key, Stage::Customer);
        i.archived = true;
        assert_eq!(next_due(&i), None);
    }

    #[test]
    fn explicit_date_wins() {
        let mut i = input(Tier::Key, Stage::Customer);
        i.last_contact = Some(d("2026-11-10"));
        i.explicit_next = Some(d("2026-12-01"));
        i.sale_date = Some(d("2026-11-09"));
        assert_eq!(next_due(&i), Some(d("2026-12-01")));
        i.explicit_next = Some(d("2026-11-11"));
        assert_eq!(next_due(&i), Some(d("2026-11-11")));
    }

    #[test]
    fn after_a_sale_first_within_seven_days_then_second_within_seven() {
        let mut i = input(Tier::General, Stage::Customer);
        i.sale_date = Some(d("2026-11-10"));
        i.last_contact = Some(d("2026-11-10"));
        // A contact on the sale day itself is not an after-sale follow-up.
        i.after_sale_contacts = vec![d("2026-11-10")];
        assert_eq!(next_due(&i), Some(d("2026-11-17")));
        i.after_sale_contacts = vec![d("2026-11-14")];
        i.last_contact = Some(d("2026-11-14"));
        assert_eq!(next_due(&i), Some(d("2026-11-21")));
        // After the second, the regular cadence of the tier applies.
        i.after_sale_contacts = vec![d("2026-11-14"), d("2026-11-20")];
        i.last_contact = Some(d("2026-11-20"));
        assert_eq!(next_due(&i), Some(d("2026-12-04")));
        i.tier = Tier::Key;
        assert_eq!(next_due(&i), Some(d("2026-11-27")));
    }

    #[test]
    fn customer_without_a_recorded_sale_follows_the_tier() {
        let mut i = input(Tier::Key, Stage::Customer);
        i.last_contact = Some(d("2026-11-02"));
        assert_eq!(next_due(&i), Some(d("2026-11-09")));
    }
}
