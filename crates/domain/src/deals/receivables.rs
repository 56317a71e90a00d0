//! Receivables (应收账款): how payments are allocated to schedule lines, what is overdue and
//! by how long (aging, 账龄), and the collection rate (回款率). The server's SQL computes the
//! same figures over many rows; these functions are the definition, pinned by tests.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::clients::Credit;
use crate::text_enum;

/// What is left of one schedule line, oldest first (by due date, then position).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenLine {
    pub line_id: i64,
    pub outstanding_fen: i64,
}

/// A payment is allocated to the oldest lines first, each filled before the next; a payment
/// larger than everything outstanding is refused with what is outstanding.
pub fn allocate(lines: &[OpenLine], amount_fen: i64) -> Result<Vec<(i64, i64)>, i64> {
    let outstanding = lines
        .iter()
        .try_fold(0_i64, |s, l| s.checked_add(l.outstanding_fen.max(0)))
        .unwrap_or(i64::MAX);
    if amount_fen > outstanding {
        return Err(outstanding);
    }
    let mut left = amount_fen;
    let mut out = Vec::new();
    for line in lines {
        if left == 0 {
            break;
        }
        let take = line.outstanding_fen.max(0).min(left);
        if take > 0 {
            out.push((line.line_id, take));
            left -= take;
        }
    }
    Ok(out)
}

/// Whole days a line due on `due_on` is overdue on `as_of`: 0 until the day after it falls due.
pub fn days_overdue(due_on: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - due_on).num_days().max(0)
}

text_enum! {
    /// An aging bucket (账龄区间): by days overdue.
    pub enum AgingBucket {
        /// Not overdue (due today or later).
        Current = "current",
        /// 1–30 days.
        D1To30 = "d1_30",
        /// 31–60 days.
        D31To60 = "d31_60",
        /// 61–90 days.
        D61To90 = "d61_90",
        /// 91 days and more.
        D90Plus = "d90_plus",
    }
}

impl AgingBucket {
    pub fn of(days_overdue: i64) -> AgingBucket {
        match days_overdue {
            i64::MIN..=0 => AgingBucket::Current,
            1..=30 => AgingBucket::D1To30,
            31..=60 => AgingBucket::D31To60,
            61..=90 => AgingBucket::D61To90,
            _ => AgingBucket::D90Plus,
        }
    }
}

/// A client with an amount overdue longer than this is proposed for credit `abnormal`.
pub const CREDIT_ALERT_DAYS: i64 = 90;

/// The collection rate (回款率) of a period `from..=to`:
/// - **due** is the sum of the schedule lines in force (of signed contracts) falling due in
///   the period;
/// - **received** is what was received against those same lines on or before `to` (a
///   payment allocated to a line due in the period, received no later than its end; paying
///   a line early counts, paying it after the period does not, and money against lines due
///   at other times is not in the figure);
/// - **rate** = received ÷ due, rounded half up to four decimals; none when nothing fell due.
pub fn collection_rate(due_fen: i64, received_fen: i64) -> Option<f64> {
    if due_fen <= 0 {
        return None;
    }
    let bp = (i128::from(received_fen) * 20_000 + i128::from(due_fen)) / (2 * i128::from(due_fen));
    Some(bp as f64 / 10_000.0)
}

/// A schedule line with the payments allocated to it (day received, amount), for
/// [`collection_totals`].
#[derive(Debug, Clone)]
pub struct DueLine {
    pub due_on: NaiveDate,
    pub amount_fen: i64,
    pub received: Vec<(NaiveDate, i64)>,
}

/// Due and received over `from..=to`, as [`collection_rate`] defines them.
pub fn collection_totals(lines: &[DueLine], from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let mut due = 0_i64;
    let mut received = 0_i64;
    for line in lines.iter().filter(|l| l.due_on >= from && l.due_on <= to) {
        due = due.saturating_add(line.amount_fen);
        for (on, amount) in &line.received {
            if *on <= to {
                received = received.saturating_add(*amount);
            }
        }
    }
    (due, received)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ReceivableQuery {
    /// The day the amounts are seen from (default today, business time zone).
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub as_of: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub client_id: Option<i64>,
    pub contract_id: Option<i64>,
    /// Only lines overdue on `as_of`.
    pub overdue: Option<bool>,
}

/// One schedule line with something outstanding on `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceivableDto {
    pub line_id: i64,
    pub contract_id: i64,
    pub contract_number: String,
    pub client_id: i64,
    pub client_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub due_on: NaiveDate,
    pub label: String,
    pub amount_fen: i64,
    /// Received against the line on or before `as_of`.
    pub received_fen: i64,
    pub outstanding_fen: i64,
    pub days_overdue: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AgingQuery {
    /// Default today (business time zone).
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub as_of: Option<NaiveDate>,
    pub team_id: Option<i64>,
}

/// Outstanding amounts (分) per aging bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgingBuckets {
    pub current: i64,
    pub d1_30: i64,
    pub d31_60: i64,
    pub d61_90: i64,
    pub d90_plus: i64,
    pub total: i64,
}

impl AgingBuckets {
    /// Adds `fen` to `bucket` and to the total.
    pub fn add(&mut self, bucket: AgingBucket, fen: i64) {
        let slot = match bucket {
            AgingBucket::Current => &mut self.current,
            AgingBucket::D1To30 => &mut self.d1_30,
            AgingBucket::D31To60 => &mut self.d31_60,
            AgingBucket::D61To90 => &mut self.d61_90,
            AgingBucket::D90Plus => &mut self.d90_plus,
        };
        *slot = slot.saturating_add(fen);
        self.total = self.total.saturating_add(fen);
    }

    pub fn merge(&mut self, other: &AgingBuckets) {
        self.add(AgingBucket::Current, other.current);
        self.add(AgingBucket::D1To30, other.d1_30);
        self.add(AgingBucket::D31To60, other.d31_60);
        self.add(AgingBucket::D61To90, other.d61_90);
        self.add(AgingBucket::D90Plus, other.d90_plus);
    }

    pub fn get(&self, bucket: AgingBucket) -> i64 {
        match bucket {
            AgingBucket::Current => self.current,
            AgingBucket::D1To30 => self.d1_30,
            AgingBucket::D31To60 => self.d31_60,
            AgingBucket::D61To90 => self.d61_90,
            AgingBucket::D90Plus => self.d90_plus,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgingPerson {
    pub owner_id: i64,
    pub owner_name: String,
    pub team_id: Option<i64>,
    pub buckets: AgingBuckets,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgingTeam {
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub buckets: AgingBuckets,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgingDto {
    pub as_of: NaiveDate,
    pub people: Vec<AgingPerson>,
    pub teams: Vec<AgingTeam>,
    pub totals: AgingBuckets,
}

text_enum! {
    pub enum CollectionGroup {
        Person = "person",
        Team = "team",
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CollectionReportQuery {
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub from: NaiveDate,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub to: NaiveDate,
    /// Default `person`.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub group_by: Option<CollectionGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionRow {
    /// Set when grouped by person.
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    /// The person's team, or the team grouped by.
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub due_fen: i64,
    pub received_fen: i64,
    /// received ÷ due, four decimals; `null` when nothing fell due.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CollectionReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub group_by: CollectionGroup,
    pub rows: Vec<CollectionRow>,
    pub due_fen: i64,
    pub received_fen: i64,
    pub rate: Option<f64>,
}

/// A client proposed for credit `abnormal` (the manager's to-do): something of theirs has
/// been overdue more than [`CREDIT_ALERT_DAYS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditProposalDto {
    pub client_id: i64,
    pub client_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub credit: Credit,
    /// Outstanding on lines more than 90 days overdue.
    pub overdue_fen: i64,
    pub oldest_due_on: NaiveDate,
    pub days_overdue: i64,
}

text_enum! {
    pub enum LetterFormat {
        Html = "html",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LetterQuery {
    /// Only `html` (printable, no scripts, no outside resources).
    #[cfg_attr(feature = "openapi", param(inline))]
    pub format: Option<LetterFormat>,
    /// The day the letter is dated and the overdue lines are seen from (default today).
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub as_of: Option<NaiveDate>,
}
