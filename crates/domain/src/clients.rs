//! The client file (客户档案, SPEC §2): confidential to the owner and the owner's managers.
//!
//! Phones: a client has a primary `phone` and an optional `phone2`; both take part in the
//! no-double-claims rule after [`crate::phone::normalize_phone`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text_enum::InvalidTransition;
use crate::validation;

crate::text_enum! {
    /// Where the client came from (客户来源).
    pub enum SourceChannel {
        /// 行业报告
        IndustryReport = "industry_report",
        /// 网络平台
        Online = "online",
        /// 展会
        TradeFair = "trade_fair",
        /// 同行推荐
        PeerReferral = "peer_referral",
        /// 内部推荐
        InternalReferral = "internal_referral",
        /// 其他
        Other = "other",
    }
}

crate::text_enum! {
    /// 大客户 (`key`) or 一般客户 (`general`); key clients are followed up weekly.
    pub enum Tier {
        Key = "key",
        General = "general",
    }
}

crate::text_enum! {
    /// 潜在 → 意向 → 成交, or 流失.
    pub enum Stage {
        Prospect = "prospect",
        Intent = "intent",
        Customer = "customer",
        Lost = "lost",
    }
}

crate::text_enum! {
    /// 信用: normal, 异常 abnormal, 信誉不佳 bad.
    pub enum Credit {
        Normal = "normal",
        Abnormal = "abnormal",
        Bad = "bad",
    }
}

impl SourceChannel {
    /// The Chinese label, as the import accepts it and the screens show it.
    pub fn label_zh(self) -> &'static str {
        match self {
            SourceChannel::IndustryReport => "行业报告",
            SourceChannel::Online => "网络平台",
            SourceChannel::TradeFair => "展会",
            SourceChannel::PeerReferral => "同行推荐",
            SourceChannel::InternalReferral => "内部推荐",
            SourceChannel::Other => "其他",
        }
    }
}

impl Tier {
    pub fn label_zh(self) -> &'static str {
        match self {
            Tier::Key => "大客户",
            Tier::General => "一般客户",
        }
    }
}

impl Stage {
    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Prospect => "潜在",
            Stage::Intent => "意向",
            Stage::Customer => "成交",
            Stage::Lost => "流失",
        }
    }

    /// The stage rules: forward (skipping allowed) from prospect to customer; any open stage
    /// may be lost; a lost client may be won back as a prospect or intent; a customer never
    /// goes back to prospect or intent. Staying put is always allowed.
    pub fn transition(self, to: Stage) -> Result<Stage, InvalidTransition> {
        use Stage::*;
        let ok = self == to
            || matches!(
                (self, to),
                (Prospect, Intent | Customer | Lost)
                    | (Intent, Customer | Lost)
                    | (Customer, Lost)
                    | (Lost, Prospect | Intent)
            );
        if ok {
            Ok(to)
        } else {
            Err(InvalidTransition {
                from: self.as_str(),
                to: to.as_str(),
            })
        }
    }
}

impl Credit {
    pub fn label_zh(self) -> &'static str {
        match self {
            Credit::Normal => "正常",
            Credit::Abnormal => "异常",
            Credit::Bad => "信誉不佳",
        }
    }
}

/// A client as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientDto {
    pub id: i64,
    /// The contact's name (联系人).
    pub name: String,
    pub company: Option<String>,
    pub position: Option<String>,
    /// Primary phone, as entered.
    pub phone: Option<String>,
    /// Secondary phone, as entered.
    pub phone2: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub region: Option<String>,
    pub industry: Option<String>,
    pub source: SourceChannel,
    pub tier: Tier,
    pub stage: Stage,
    pub credit: Credit,
    /// Needs and intent notes.
    pub needs: Option<String>,
    /// The decision maker's interests.
    pub interests: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// When the next follow-up is due (cadence, business time zone); `None` when not tracked.
    pub next_follow_up_date: Option<NaiveDate>,
    /// The next follow-up date has passed.
    pub overdue: bool,
    pub last_follow_up_at: Option<DateTime<Utc>>,
    pub satisfaction_latest: Option<i32>,
    pub satisfaction_average: Option<f64>,
    pub satisfaction_count: i64,
    pub archived: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Increases on every change; send it back in PATCH to refuse a stale edit (409).
    pub version: i64,
}

/// POST /clients. The owner is the caller unless a manager or admin names one in scope.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateClientRequest {
    #[validate(length(max = 64), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, example = "张伟")
    )]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 128))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 128, example = "华通建材有限公司")
    )]
    pub company: Option<String>,
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub position: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32, example = "138 0013 8000")
    )]
    pub phone: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::phone"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 32,
            pattern = r"^[ 　()（）.－-]*[+＋]?[ 　()（）.－-]*([0-9０-９][ 　()（）.－-]*){5,20}$"
        )
    )]
    pub phone2: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::validation::email"), length(max = 128))]
    #[cfg_attr(feature = "openapi", schema(max_length = 128, format = "email"))]
    pub email: Option<String>,
    #[serde(default)]
    #[validate(length(max = 256))]
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub address: Option<String>,
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(max_length = 64, example = "华东"))]
    pub region: Option<String>,
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub industry: Option<String>,
    #[serde(default = "default_source")]
    pub source: SourceChannel,
    #[serde(default = "default_tier")]
    pub tier: Tier,
    #[serde(default = "default_stage")]
    pub stage: Stage,
    #[serde(default = "default_credit")]
    pub credit: Credit,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub needs: Option<String>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub interests: Option<String>,
    #[serde(default)]
    pub owner_id: Option<i64>,
    #[serde(default)]
    #[validate(range(min = -90.0, max = 90.0))]
    #[cfg_attr(feature = "openapi", schema(minimum = -90.0, maximum = 90.0))]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[validate(range(min = -180.0, max = 180.0))]
    #[cfg_attr(feature = "openapi", schema(minimum = -180.0, maximum = 180.0))]
    pub longitude: Option<f64>,
}

fn default_source() -> SourceChannel {
    SourceChannel::Other
}
fn default_tier() -> Tier {
    Tier::General
}
fn default_stage() -> Stage {
    Stage::Prospect
}
fn default_credit() -> Credit {
    Credit::Normal
}

impl Default for SourceChannel {
    fn default() -> Self {
        default_source()
    }
}
impl Default for Tier {
    fn default() -> Self {
        default_tier()
    }
}
impl Default for Stage {
    fn default() -> Self {
        default_stage()
    }
}
impl Default for Credit {
    fn default() -> Self {
        default_credit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_rules() {
        use Stage::*;
        assert_eq!(Prospect.transition(Intent), Ok(Intent));
        assert_eq!(Prospect.transition(Customer), Ok(Customer));
        assert_eq!(Intent.transition(Customer), Ok(Customer));
        assert_eq!(Customer.transition(Lost), Ok(Lost));
        assert_eq!(Lost.transition(Prospect), Ok(Prospect));
        assert_eq!(Customer.transition(Customer), Ok(Customer));
        assert_eq!(
            Customer.transition(Intent).map_err(|e| e.from),
            Err("customer")
        );
        assert_eq!(
            Intent.transition(Prospect).map_err(|e| e.from),
            Err("intent")
        );
        assert_eq!(Lost.transition(Customer).map_err(|e| e.from), Err("lost"));
    }

    #[test]
    fn enum_names_round_trip() {
        for s in SourceChannel::ALL {
            assert_eq!(s.as_str().parse::<SourceChannel>(), Ok(*s));
        }
        assert_eq!(
            serde_json::to_string(&SourceChannel::TradeFair).unwrap_or_default(),
            "\"trade_fair\""
        );
        assert!("vip".parse::<Tier>().is_err());
    }
}
