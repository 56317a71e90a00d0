//! Client visits (拜访): planned in a weekly plan or unplanned, then done, missed or moved;
//! where a visit was done is checked against the client's coordinates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::text_enum;
use crate::text_enum::InvalidTransition;

text_enum! {
    pub enum VisitStatus {
        /// 计划中
        Planned = "planned",
        /// 已完成
        Done = "done",
        /// 未完成 (with a reason)
        Missed = "missed",
    }
}

text_enum! {
    pub enum VisitAction {
        Complete = "complete",
        Miss = "miss",
        Reschedule = "reschedule",
    }
}

impl VisitStatus {
    /// Only a planned visit can be completed, missed or moved.
    pub fn apply(self, action: VisitAction) -> Result<VisitStatus, InvalidTransition> {
        match (self, action) {
            (VisitStatus::Planned, VisitAction::Complete) => Ok(VisitStatus::Done),
            (VisitStatus::Planned, VisitAction::Miss) => Ok(VisitStatus::Missed),
            (VisitStatus::Planned, VisitAction::Reschedule) => Ok(VisitStatus::Planned),
            (from, action) => Err(InvalidTransition {
                from: from.as_str(),
                to: match action {
                    VisitAction::Complete => "done",
                    VisitAction::Miss => "missed",
                    VisitAction::Reschedule => "planned",
                },
            }),
        }
    }
}

/// Default radius within which a visit counts as at the client's place.
pub const DEFAULT_SITE_RADIUS_M: f64 = 1000.0;

/// Great-circle distance in metres between two points (haversine; good to metres at city scale).
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().atan2((1.0 - a).sqrt())
}

/// How a completed visit's location compares with the client's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiteCheck {
    /// Completed farther than the radius from the client.
    pub off_site: bool,
    /// Completed without a location.
    pub no_location: bool,
    pub distance_m: Option<f64>,
}

/// The site check: no location → `no_location`; both known and farther than `radius_m` →
/// `off_site`; a client without coordinates cannot be checked (neither flag).
pub fn site_check(
    visit: Option<(f64, f64)>,
    client: Option<(f64, f64)>,
    radius_m: f64,
) -> SiteCheck {
    match (visit, client) {
        (None, _) => SiteCheck {
            off_site: false,
            no_location: true,
            distance_m: None,
        },
        (Some(_), None) => SiteCheck {
            off_site: false,
            no_location: false,
            distance_m: None,
        },
        (Some((la, lo)), Some((cla, clo))) => {
            let d = distance_m(la, lo, cla, clo);
            SiteCheck {
                off_site: d > radius_m,
                no_location: false,
                distance_m: Some(d),
            }
        }
    }
}

fn hh_mm(value: &str) -> Result<(), ValidationError> {
    let ok = value.len() == 5 && chrono::NaiveTime::parse_from_str(value, "%H:%M").is_ok();
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("time").with_message("a time like 09:30".into()))
    }
}

pub fn valid_latitude(v: f64) -> Result<(), ValidationError> {
    if (-90.0..=90.0).contains(&v) {
        Ok(())
    } else {
        Err(ValidationError::new("range").with_message("latitude is between -90 and 90".into()))
    }
}

pub fn valid_longitude(v: f64) -> Result<(), ValidationError> {
    if (-180.0..=180.0).contains(&v) {
        Ok(())
    } else {
        Err(ValidationError::new("range").with_message("longitude is between -180 and 180".into()))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitDto {
    pub id: i64,
    /// The weekly plan it belongs to; `None` for an unplanned visit.
    pub plan_id: Option<i64>,
    pub owner_id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub planned_date: NaiveDate,
    pub time_from: Option<String>,
    pub time_to: Option<String>,
    pub purpose: Option<String>,
    pub place: Option<String>,
    pub status: VisitStatus,
    pub unplanned: bool,
    /// Moved to another day of the week at least once.
    pub rescheduled: bool,
    pub rescheduled_from: Option<NaiveDate>,
    pub completed_at: Option<DateTime<Utc>>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub off_site: bool,
    pub no_location: bool,
    pub distance_m: Option<i64>,
    pub miss_reason: Option<String>,
    /// The follow-up logged when the visit was completed.
    pub follow_up_id: Option<i64>,
    /// A spot-check found it did not happen (虚报).
    pub false_report: bool,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanVisitRequest {
    pub client_id: i64,
    /// A day within the plan's week.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub planned_date: NaiveDate,
    #[serde(default)]
    #[validate(custom(function = "hh_mm"))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "09:30", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub time_from: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "hh_mm"))]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "11:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub time_to: Option<String>,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub purpose: Option<String>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub place: Option<String>,
}

/// An unplanned visit (计划外拜访), logged after the fact or on the spot.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnplannedVisitRequest {
    pub client_id: i64,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub planned_date: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 500))]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub purpose: Option<String>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub place: Option<String>,
}

/// Completing a visit logs the follow-up on the client in the same step.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteVisitRequest {
    #[validate(
        length(min = 1, max = 4000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 4000, pattern = r"\S")
    )]
    pub summary: String,
    #[serde(default)]
    #[validate(length(max = 4000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub needs: Option<String>,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub next_step: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub next_follow_up_date: Option<NaiveDate>,
    /// When the visit happened; defaults to now.
    #[serde(default)]
    #[validate(custom(function = "crate::dates::instant_in_range"))]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(20[0-9]{2}|2100)-"))]
    pub occurred_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[validate(custom(function = "valid_latitude"))]
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[validate(custom(function = "valid_longitude"))]
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MissVisitRequest {
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "crate::validation::not_blank")
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 2000, pattern = r"\S")
    )]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RescheduleVisitRequest {
    /// A day in the same week; a day outside it marks the visit missed.
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub new_date: NaiveDate,
    #[serde(default)]
    #[validate(length(max = 2000))]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct VisitListQuery {
    pub owner_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub client_id: Option<i64>,
    pub status: Option<VisitStatus>,
    /// Visits planned in this ISO week (`2026-W48`).
    #[validate(custom(function = "crate::period::valid_week"))]
    #[cfg_attr(
        feature = "openapi",
        param(
            pattern = r"^((20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-2])|(2004|2009|2015|2020|2026|2032|2037|2043|2048|2054|2060|2065|2071|2076|2082|2088|2093|2099)-W53)$"
        )
    )]
    pub week: Option<String>,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub from: Option<NaiveDate>,
    #[validate(custom(function = "crate::dates::in_range"))]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
    )]
    pub to: Option<NaiveDate>,
    /// Only visits flagged off-site, without location or unplanned.
    pub flagged: Option<bool>,
    /// `true`: only the visits the caller may still spot-check: done, not checked yet, of
    /// the people they manage (never their own).
    pub to_check: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        // Shanghai People's Square to the Bund: about 1.6 km.
        let d = distance_m(31.2304, 121.4737, 31.2400, 121.4900);
        assert!((1_700.0..2_000.0).contains(&d), "{d}");
        assert!(distance_m(31.0, 121.0, 31.0, 121.0) < 0.001);
    }

    #[test]
    fn site_checks() {
        let client = Some((31.2304, 121.4737));
        let near = site_check(Some((31.2310, 121.4740)), client, DEFAULT_SITE_RADIUS_M);
        assert!(!near.off_site && !near.no_location);
        let far = site_check(Some((31.2400, 121.4900)), client, DEFAULT_SITE_RADIUS_M);
        assert!(far.off_site);
        let none = site_check(None, client, DEFAULT_SITE_RADIUS_M);
        assert!(none.no_location && !none.off_site);
        let unknown_client = site_check(Some((31.0, 121.0)), None, DEFAULT_SITE_RADIUS_M);
        assert!(!unknown_client.off_site && !unknown_client.no_location);
    }

    #[test]
    fn only_planned_visits_move() {
        assert_eq!(
            VisitStatus::Planned.apply(VisitAction::Complete),
            Ok(VisitStatus::Done)
        );
        assert_eq!(
            VisitStatus::Planned.apply(VisitAction::Miss),
            Ok(VisitStatus::Missed)
        );
        assert!(VisitStatus::Done.apply(VisitAction::Complete).is_err());
        assert!(VisitStatus::Missed.apply(VisitAction::Reschedule).is_err());
    }
}
