use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a user may do in the organisation. A user may hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 业务员: field sales; owns clients, plans, visits, reports and claims.
    Salesperson,
    /// 区域经理/主管: leads teams; approves, reviews, spot-checks and scores their members.
    Manager,
    /// 财务: final approval and payment of money; financial reports.
    Finance,
    /// 人力资源: users' lifecycle and handovers; reads scores.
    Hr,
    /// System owner: organisation, users, settings.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Salesperson,
        Role::Manager,
        Role::Finance,
        Role::Hr,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Salesperson => "salesperson",
            Role::Manager => "manager",
            Role::Finance => "finance",
            Role::Hr => "hr",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            let json = serde_json::to_string(&role).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert!("boss".parse::<Role>().is_err());
    }
}
