//! The change feed (变更流, SPEC §9): every change of business data as an event a mirror
//! pulls exactly once, and the rules deciding which events a caller sees.
//!
//! An event is an audit-trail entry (written in the change's own transaction). Its name is
//! `<type>.<verb in the past>` — `expense_claim.approved`, `client.created` — the same names
//! webhooks subscribe to.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::api_keys::ApiScope;
use crate::{Capability, Role};

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeDto {
    /// The event's number in the audit trail (unique; the feed's order is the cursor's, which
    /// is close to but not always the order of `seq`).
    pub seq: i64,
    /// The record's type (`expense_claim`, `client`, …).
    #[serde(rename = "type")]
    pub entity_type: String,
    /// The record's id (text: a few records have composite ids).
    pub id: String,
    /// What happened, in the past tense (`created`, `approved`, `deleted`).
    pub action: String,
    /// `<type>.<action>`, the name webhooks subscribe to.
    pub event: String,
    pub at: DateTime<Utc>,
    /// Who acted; `None` for the system (a job, bootstrap).
    pub actor_id: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
}

/// A page of the feed: pass `next_cursor` back as `after` for the next one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePage {
    pub items: Vec<ChangeDto>,
    /// Where the next pull starts. Equal to `after` when nothing new was committed.
    pub next_cursor: String,
    /// True when the page was full: pull again at once.
    pub has_more: bool,
}

/// Default and largest page of the feed.
pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 500;

/// `GET /changes` parameters.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ChangesQuery {
    /// `0` (or absent) for the beginning, then the previous page's `next_cursor`.
    #[validate(custom(function = "cursor_format"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(0|[0-9]{1,18}\.[0-9]{1,18})$", max_length = 37)
    )]
    pub after: Option<String>,
    /// Comma-separated record types (`expense_claim,advance`); absent: every type the caller
    /// may read.
    #[validate(custom(function = "types_format"))]
    #[cfg_attr(
        feature = "openapi",
        param(max_length = 1000, pattern = r"^[a-z_]+(,[a-z_]+)*$")
    )]
    pub types: Option<String>,
    /// At most 500 events (default 100).
    #[validate(range(min = 1, max = 500))]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

impl ChangesQuery {
    pub fn cursor(&self) -> FeedCursor {
        self.after
            .as_deref()
            .and_then(|c| c.parse().ok())
            .unwrap_or_default()
    }

    /// The types asked for (`None`: all), each a known type (validated).
    pub fn type_list(&self) -> Option<Vec<&'static FeedType>> {
        self.types.as_deref().map(|t| {
            t.split(',')
                .filter_map(|n| FeedType::named(n.trim()))
                .collect()
        })
    }

    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
    }
}

/// A position in the feed: the writing transaction's number and the event's.
///
/// Why not the event number alone: on PostgreSQL numbers are taken when a transaction
/// writes, not when it commits, so event 100 may become visible after event 101. The feed is
/// therefore ordered by `(txid, seq)` and shows only events of transactions older than every
/// transaction still running (`pg_snapshot_xmin`): once shown, nothing can commit before
/// them. On SQLite writers take turns, so `txid` is 0 and `seq` is commit order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FeedCursor {
    pub txid: i64,
    pub seq: i64,
}

impl fmt::Display for FeedCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == FeedCursor::default() {
            f.write_str("0")
        } else {
            write!(f, "{}.{}", self.txid, self.seq)
        }
    }
}

impl FromStr for FeedCursor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        if s == "0" {
            return Ok(FeedCursor::default());
        }
        let (t, q) = s.split_once('.').ok_or(())?;
        let digits = |p: &str| (1..=18).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(t) || !digits(q) {
            return Err(());
        }
        Ok(FeedCursor {
            txid: t.parse().map_err(|_| ())?,
            seq: q.parse().map_err(|_| ())?,
        })
    }
}

fn cursor_format(value: &str) -> Result<(), validator::ValidationError> {
    value.parse::<FeedCursor>().map(|_| ()).map_err(|()| {
        validator::ValidationError::new("cursor")
            .with_message("pass `0` or a `next_cursor` you were given".into())
    })
}

fn types_format(value: &str) -> Result<(), validator::ValidationError> {
    match value
        .split(',')
        .map(str::trim)
        .find(|n| FeedType::named(n).is_none())
    {
        None => Ok(()),
        Some(unknown) => Err(validator::ValidationError::new("type").with_message(
            format!(
                "`{unknown}` is not a record type; known: {}",
                FEED_TYPES
                    .iter()
                    .map(|t| t.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .into(),
        )),
    }
}

/// A record type of the feed: the capability that reads it, and the roles that read every
/// record of it (the others read the records of the owners in their scope).
#[derive(Debug, PartialEq, Eq)]
pub struct FeedType {
    pub name: &'static str,
    pub read: Capability,
    pub sees_all: &'static [Role],
}

/// How much of a type's events a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// None of them.
    Nothing,
    /// Those of records owned by someone in the caller's scope (themself, their teams).
    Owners,
    /// All of them.
    All,
}

use Capability as C;
use Role::{Admin, Finance, Hr};

const ADMIN: &[Role] = &[Admin];
const MONEY: &[Role] = &[Finance, Admin];
const PEOPLE: &[Role] = &[Hr, Admin];
const PAY: &[Role] = &[Finance, Hr, Admin];
const EVERYONE: &[Role] = &[Role::Salesperson, Role::Manager, Finance, Hr, Admin];

macro_rules! feed_types {
    ($($name:literal => $read:expr, $all:expr;)*) => {
        /// Every record type the feed carries. Types written to the audit trail but not
        /// listed here (API keys, jobs, handovers, exports) are admin's, through `audit:read`.
        pub const FEED_TYPES: &[FeedType] = &[$(FeedType { name: $name, read: $read, sees_all: $all }),*];
    };
}

feed_types! {
    "client" => C::ClientsRead, ADMIN;
    "follow_up" => C::ClientsRead, ADMIN;
    "case" => C::ClientsRead, ADMIN;
    "plan" => C::PlansRead, ADMIN;
    "visit" => C::PlansRead, ADMIN;
    "daily_log" => C::PlansRead, ADMIN;
    "spot_check" => C::PlansRead, ADMIN;
    "weekly_report" => C::ReportsRead, ADMIN;
    "monthly_report" => C::ReportsRead, ADMIN;
    "expense_claim" => C::ExpensesRead, MONEY;
    "advance" => C::ExpensesRead, MONEY;
    "budget" => C::ExpensesRead, MONEY;
    "budget_supplement" => C::ExpensesRead, MONEY;
    "receipt" => C::ExpensesRead, MONEY;
    "expense_standard" => C::StandardsRead, EVERYONE;
    "project" => C::DealsRead, MONEY;
    "contract" => C::DealsRead, MONEY;
    "contract_payment" => C::DealsRead, MONEY;
    "score" => C::ScoresRead, PEOPLE;
    "improvement_plan" => C::ScoresRead, PEOPLE;
    "rubric" => C::ScoresRead, EVERYONE;
    "attendance" => C::AttendanceRead, PEOPLE;
    "training" => C::TrainingsRead, PEOPLE;
    "training_assessment" => C::TrainingsRead, PEOPLE;
    "pay_item" => C::PayRead, PAY;
    "pay_grade" => C::PayRead, PAY;
    "pay_settings" => C::PayRead, PAY;
    "commission_rule" => C::PayRead, PAY;
    "branch_profit" => C::PayRead, PAY;
    "leaving" => C::LeavingsWrite, PEOPLE;
    "user" => C::UsersRead, PEOPLE;
    "team" => C::TeamsRead, EVERYONE;
    "api_key" => C::AuditRead, ADMIN;
    "job" => C::AuditRead, ADMIN;
    "handover" => C::AuditRead, ADMIN;
}

impl FeedType {
    pub fn named(name: &str) -> Option<&'static FeedType> {
        FEED_TYPES.iter().find(|t| t.name == name)
    }

    /// What of this type someone holding `roles` sees, through a key with `key_scopes` if
    /// any: nothing without the read capability (and, for a key, a scope granting it), all
    /// for the roles that read every record, otherwise the records of owners in scope.
    pub fn reach(&self, roles: &[Role], key_scopes: Option<&[ApiScope]>) -> Reach {
        if !self.read.allows(roles) {
            return Reach::Nothing;
        }
        if key_scopes.is_some_and(|s| !ApiScope::any_grants(s, self.read)) {
            return Reach::Nothing;
        }
        if self.sees_all.iter().any(|r| roles.contains(r)) {
            Reach::All
        } else {
            Reach::Owners
        }
    }
}

/// The record's owner as the audit trail's JSON names it (`owner_id`, else `user_id`; a
/// user's own record is theirs), for the feed's scope. `None`: only those who see all.
pub fn owner_of(
    entity_type: &str,
    entity_id: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Option<i64> {
    if entity_type == "user" {
        return entity_id.parse().ok();
    }
    [after, before].into_iter().flatten().find_map(|v| {
        ["owner_id", "user_id"]
            .iter()
            .find_map(|k| v.get(*k).and_then(serde_json::Value::as_i64))
    })
}

/// The verbs whose past tense is not the rule's (`+d` after `e`, else `+ed`).
const IRREGULAR: &[(&str, &str)] = &[
    ("pay", "paid"),
    ("repay", "repaid"),
    ("submit", "submitted"),
    ("offset", "offset"),
    ("plan", "planned"),
    ("cancel", "cancelled"),
    ("handover", "handed_over"),
    ("retry", "retried"),
    ("satisfaction", "satisfaction_rated"),
    ("checklist", "checklist_updated"),
    ("password_change", "password_changed"),
    ("mark_unreachable", "marked_unreachable"),
    ("create_unplanned", "created_unplanned"),
    ("import", "imported"),
];

/// `approve` → `approved`: an audit action's verb as the event names it.
pub fn past_tense(verb: &str) -> String {
    if let Some((_, past)) = IRREGULAR.iter().find(|(v, _)| *v == verb) {
        return (*past).to_owned();
    }
    if verb.ends_with("ed") {
        verb.to_owned()
    } else if verb.ends_with('e') {
        format!("{verb}d")
    } else {
        format!("{verb}ed")
    }
}

/// The event name of an audit entry: `expense_claim.approve` on an `expense_claim` →
/// `expense_claim.approved`. An action without a dot is the verb itself.
pub fn event_name(entity_type: &str, action: &str) -> (String, String) {
    let verb = action.rsplit_once('.').map_or(action, |(_, v)| v);
    let past = past_tense(verb);
    (format!("{entity_type}.{past}"), past)
}

/// Whether `event` matches a subscription pattern: `*`, `<type>.*` or the exact name.
pub fn matches(pattern: &str, event: &str) -> bool {
    pattern == "*"
        || pattern == event
        || pattern
            .strip_suffix(".*")
            .is_some_and(|t| event.split_once('.').is_some_and(|(et, _)| et == t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_past_tense() {
        for (action, want) in [
            ("expense_claim.approve", "expense_claim.approved"),
            ("expense_claim.create", "expense_claim.created"),
            ("plan.submit", "plan.submitted"),
            ("expense_claim.pay", "expense_claim.paid"),
            ("pay_item.delete", "pay_item.deleted"),
            ("visit.miss", "visit.missed"),
            ("case.escalate", "case.escalated"),
            ("score.acknowledge", "score.acknowledged"),
            ("client.handover", "client.handed_over"),
            ("case.reopen", "case.reopened"),
            ("contract.sign", "contract.signed"),
        ] {
            let ty = action.split('.').next().unwrap_or_default();
            assert_eq!(event_name(ty, action).0, want);
        }
    }

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = FeedCursor { txid: 812, seq: 44 };
        assert_eq!(c.to_string().parse::<FeedCursor>(), Ok(c));
        assert_eq!("0".parse::<FeedCursor>(), Ok(FeedCursor::default()));
        for bad in ["", "1", "a.b", "1.", ".1", "-1.2", "1234567890123456789.1"] {
            assert!(bad.parse::<FeedCursor>().is_err(), "{bad}");
        }
        assert!(FeedCursor { txid: 1, seq: 1 } > FeedCursor { txid: 0, seq: 9 });
    }

    #[test]
    fn patterns() {
        assert!(matches("*", "plan.submitted"));
        assert!(matches("plan.*", "plan.submitted"));
        assert!(!matches("plan.*", "planx.submitted"));
        assert!(matches("plan.submitted", "plan.submitted"));
        assert!(!matches("plan.approved", "plan.submitted"));
    }

    #[test]
    fn reach_follows_roles_and_key_scopes() {
        let claim = FeedType::named("expense_claim").map(|t| {
            (
                t.reach(&[Role::Finance], None),
                t.reach(&[Role::Salesperson], None),
                t.reach(&[Role::Hr], None),
                t.reach(&[Role::Finance], Some(&[ApiScope::FinanceRead])),
                t.reach(&[Role::Finance], Some(&[ApiScope::ClientsRead])),
            )
        });
        assert_eq!(
            claim,
            Some((
                Reach::All,
                Reach::Owners,
                Reach::Nothing,
                Reach::All,
                Reach::Nothing
            ))
        );
        // Admin's own types never reach a key.
        let keys = FeedType::named("api_key").map(|t| t.reach(&[Role::Admin], Some(ApiScope::ALL)));
        assert_eq!(keys, Some(Reach::Nothing));
    }

    #[test]
    fn owners_from_the_trail() {
        let v = serde_json::json!({"id": 3, "owner_id": 7});
        assert_eq!(owner_of("client", "3", None, Some(&v)), Some(7));
        let s = serde_json::json!({"user_id": 9});
        assert_eq!(owner_of("score", "1", Some(&s), None), Some(9));
        assert_eq!(owner_of("user", "5", None, None), Some(5));
        assert_eq!(owner_of("team", "5", None, Some(&v)), Some(7));
    }
}
