//! API keys (SPEC §9): machines act for a user within scopes. A scope names a set of
//! capabilities from the capability table; what a key may do is its owner's capabilities
//! **intersected** with what its scopes grant, so a key never exceeds its owner.
//!
//! Some capabilities are never granted through a key whatever the scope: managing keys,
//! users, teams and handovers, the audit trail and the settings-like tables. A stolen key
//! must not be able to mint keys, create accounts or rewrite the organisation.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum::UnknownValue;
use crate::{Capability, Role};

/// What a key is created for. Wire names are `area:read` / `area:write`; a write scope also
/// grants its area's reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiScope {
    /// Clients, follow-ups and cases.
    #[serde(rename = "clients:read")]
    ClientsRead,
    #[serde(rename = "clients:write")]
    ClientsWrite,
    /// Plans, visits, daily logs and spot-checks.
    #[serde(rename = "plans:read")]
    PlansRead,
    #[serde(rename = "plans:write")]
    PlansWrite,
    /// Weekly and monthly reports.
    #[serde(rename = "reports:read")]
    ReportsRead,
    #[serde(rename = "reports:write")]
    ReportsWrite,
    /// Projects, contracts, payments and receivables.
    #[serde(rename = "deals:read")]
    DealsRead,
    #[serde(rename = "deals:write")]
    DealsWrite,
    /// Money records and finance reports: claims, advances, supplements, budgets,
    /// standards, receivables, pay and the payroll sheet.
    #[serde(rename = "finance:read")]
    FinanceRead,
    #[serde(rename = "finance:write")]
    FinanceWrite,
    /// Scores, alerts, attendance and trainings.
    #[serde(rename = "scores:read")]
    ScoresRead,
    #[serde(rename = "scores:write")]
    ScoresWrite,
    /// Create, change and inspect the owner's webhooks and their deliveries.
    #[serde(rename = "webhooks:manage")]
    WebhooksManage,
}

use Capability as C;

const CLIENTS_READ: &[Capability] = &[C::ClientsRead];
const CLIENTS_WRITE: &[Capability] = &[
    C::ClientsRead,
    C::ClientsWrite,
    C::ClientsImport,
    C::ClientsReassign,
];
const PLANS_READ: &[Capability] = &[C::PlansRead];
const PLANS_WRITE: &[Capability] = &[C::PlansRead, C::PlansWrite, C::PlansSupervise];
const REPORTS_READ: &[Capability] = &[C::ReportsRead, C::ReportsSupervise];
const REPORTS_WRITE: &[Capability] = &[
    C::ReportsRead,
    C::ReportsSupervise,
    C::ReportsWrite,
    C::MonthlyReportsWrite,
];
const DEALS_READ: &[Capability] = &[C::DealsRead];
const DEALS_WRITE: &[Capability] = &[C::DealsRead, C::DealsWrite];
const FINANCE_READ: &[Capability] = &[
    C::ExpensesRead,
    C::StandardsRead,
    C::FinanceRead,
    C::DealsRead,
    C::PayRead,
];
const FINANCE_WRITE: &[Capability] = &[
    C::ExpensesRead,
    C::StandardsRead,
    C::FinanceRead,
    C::DealsRead,
    C::PayRead,
    C::ExpensesWrite,
    C::BudgetsManage,
    C::PaymentsWrite,
    C::PayItemsWrite,
];
const SCORES_READ: &[Capability] = &[
    C::ScoresRead,
    C::ScoresSupervise,
    C::AttendanceRead,
    C::TrainingsRead,
];
const SCORES_WRITE: &[Capability] = &[
    C::ScoresRead,
    C::ScoresSupervise,
    C::AttendanceRead,
    C::TrainingsRead,
    C::ScoresWrite,
    C::AttendanceManage,
    C::TrainingsManage,
];

/// Capabilities no scope grants: administering access and the organisation stays with a
/// person who signed in.
pub const NEVER_THROUGH_A_KEY: &[Capability] = &[
    C::ApiKeysManage,
    C::UsersRead,
    C::UsersManage,
    C::UsersEdit,
    C::TeamsManage,
    C::HandoversManage,
    C::AuditRead,
    C::StandardsManage,
    C::RubricsManage,
    C::PayManage,
    C::ImprovementPlansManage,
    C::LeavingsWrite,
    C::LeavingsManage,
];

impl ApiScope {
    pub const ALL: &'static [ApiScope] = &[
        ApiScope::ClientsRead,
        ApiScope::ClientsWrite,
        ApiScope::PlansRead,
        ApiScope::PlansWrite,
        ApiScope::ReportsRead,
        ApiScope::ReportsWrite,
        ApiScope::DealsRead,
        ApiScope::DealsWrite,
        ApiScope::FinanceRead,
        ApiScope::FinanceWrite,
        ApiScope::ScoresRead,
        ApiScope::ScoresWrite,
        ApiScope::WebhooksManage,
    ];

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::ClientsRead => "clients:read",
            ApiScope::ClientsWrite => "clients:write",
            ApiScope::PlansRead => "plans:read",
            ApiScope::PlansWrite => "plans:write",
            ApiScope::ReportsRead => "reports:read",
            ApiScope::ReportsWrite => "reports:write",
            ApiScope::DealsRead => "deals:read",
            ApiScope::DealsWrite => "deals:write",
            ApiScope::FinanceRead => "finance:read",
            ApiScope::FinanceWrite => "finance:write",
            ApiScope::ScoresRead => "scores:read",
            ApiScope::ScoresWrite => "scores:write",
            ApiScope::WebhooksManage => "webhooks:manage",
        }
    }

    /// The capabilities this scope grants (before intersecting with the owner's).
    pub fn capabilities(self) -> &'static [Capability] {
        match self {
            ApiScope::ClientsRead => CLIENTS_READ,
            ApiScope::ClientsWrite => CLIENTS_WRITE,
            ApiScope::PlansRead => PLANS_READ,
            ApiScope::PlansWrite => PLANS_WRITE,
            ApiScope::ReportsRead => REPORTS_READ,
            ApiScope::ReportsWrite => REPORTS_WRITE,
            ApiScope::DealsRead => DEALS_READ,
            ApiScope::DealsWrite => DEALS_WRITE,
            ApiScope::FinanceRead => FINANCE_READ,
            ApiScope::FinanceWrite => FINANCE_WRITE,
            ApiScope::ScoresRead => SCORES_READ,
            ApiScope::ScoresWrite => SCORES_WRITE,
            ApiScope::WebhooksManage => &[C::WebhooksManage],
        }
    }

    /// Whether any of `scopes` grants `capability` (never one of [`NEVER_THROUGH_A_KEY`]).
    pub fn any_grants(scopes: &[ApiScope], capability: Capability) -> bool {
        !NEVER_THROUGH_A_KEY.contains(&capability)
            && scopes
                .iter()
                .any(|s| s.capabilities().contains(&capability))
    }

    /// The scopes that would grant `capability`, for the 403 that names what is missing.
    pub fn granting(capability: Capability) -> Vec<ApiScope> {
        if NEVER_THROUGH_A_KEY.contains(&capability) {
            return Vec::new();
        }
        ApiScope::ALL
            .iter()
            .copied()
            .filter(|s| s.capabilities().contains(&capability))
            .collect()
    }
}

/// What a key of an owner holding `roles` may do with `scopes`: the owner's capabilities
/// intersected with the scopes'.
pub fn key_capabilities(roles: &[Role], scopes: &[ApiScope]) -> Vec<Capability> {
    Capability::of(roles)
        .into_iter()
        .filter(|c| ApiScope::any_grants(scopes, *c))
        .collect()
}

impl fmt::Display for ApiScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ApiScope {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ApiScope::ALL
            .iter()
            .copied()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// Every key starts with this, so a key pasted into a log or a ticket is recognisable.
pub const KEY_PREFIX: &str = "sok_";

/// `POST /api-keys`.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyRequest {
    /// What the key is for ("nightly finance export").
    #[validate(
        length(min = 1, max = 100),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = r"\S")
    )]
    pub name: String,
    /// The user the key acts for.
    pub owner_id: i64,
    #[validate(length(min = 1, max = 20))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub scopes: Vec<ApiScope>,
    /// After this the key answers 401; it must lie in the future. Without it the key lasts
    /// until revoked.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// The answer to a create: the only time the key itself is shown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKeyDto {
    pub id: i64,
    pub name: String,
    /// The public part of the key, shown in lists to tell keys apart.
    pub prefix: String,
    /// `sok_<prefix>_<secret>`: send as `Authorization: Bearer <key>`. Shown once; only a
    /// hash is stored.
    pub key: String,
    pub owner_id: i64,
    pub scopes: Vec<ApiScope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A key as lists show it (never the key itself).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyDto {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub scopes: Vec<ApiScope>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    /// When the key was last used, to the minute (updated at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Revoked by an admin, or with the owner (disabled, handed over).
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it was made or revoked (using a key is not a change of it).
    pub updated_at: DateTime<Utc>,
}

/// `GET /api-keys`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ApiKeyListQuery {
    /// Only this user's keys.
    pub owner_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_parse_back_and_serialize_as_named() {
        for s in ApiScope::ALL {
            assert_eq!(s.as_str().parse::<ApiScope>(), Ok(*s));
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::String(s.as_str().to_owned()))
            );
        }
        assert!("users:manage".parse::<ApiScope>().is_err());
    }

    #[test]
    fn no_scope_grants_key_user_or_organisation_management() {
        let every = key_capabilities(&[Role::Admin, Role::Hr, Role::Finance], ApiScope::ALL);
        for c in NEVER_THROUGH_A_KEY {
            assert!(!every.contains(c), "{c}");
            assert!(ApiScope::granting(*c).is_empty(), "{c}");
            for s in ApiScope::ALL {
                assert!(!ApiScope::any_grants(&[*s], *c), "{s} grants {c}");
            }
        }
    }

    #[test]
    fn a_key_never_exceeds_its_owner() {
        // A salesperson's finance:read key: their own claims, never finance's reports.
        let caps = key_capabilities(&[Role::Salesperson], &[ApiScope::FinanceRead]);
        assert!(caps.contains(&Capability::ExpensesRead));
        assert!(!caps.contains(&Capability::FinanceRead));
        assert!(!caps.contains(&Capability::ClientsRead));
        // Finance's finance:read key: the reports, but not clients (finance has none).
        let caps = key_capabilities(&[Role::Finance], &[ApiScope::FinanceRead]);
        assert!(caps.contains(&Capability::FinanceRead));
        assert!(!caps.contains(&Capability::PaymentsWrite));
        let caps = key_capabilities(&[Role::Finance], &[ApiScope::ClientsWrite]);
        assert!(caps.is_empty());
        // Every capability a key gets is one its owner has.
        for roles in [&[Role::Salesperson][..], &[Role::Manager], &[Role::Hr]] {
            for c in key_capabilities(roles, ApiScope::ALL) {
                assert!(c.allows(roles), "{c}");
            }
        }
    }

    #[test]
    fn reads_and_writes_are_scoped_apart() {
        let caps = key_capabilities(&[Role::Salesperson], &[ApiScope::ClientsRead]);
        assert_eq!(caps, vec![Capability::ClientsRead]);
        let caps = key_capabilities(&[Role::Salesperson], &[ApiScope::ClientsWrite]);
        assert!(caps.contains(&Capability::ClientsRead));
        assert!(caps.contains(&Capability::ClientsWrite));
        assert_eq!(
            ApiScope::granting(Capability::FinanceRead),
            vec![ApiScope::FinanceRead, ApiScope::FinanceWrite]
        );
        assert_eq!(
            key_capabilities(&[Role::Admin], &[ApiScope::WebhooksManage]),
            vec![Capability::WebhooksManage]
        );
        assert!(key_capabilities(&[Role::Salesperson], &[ApiScope::WebhooksManage]).is_empty());
    }
}
