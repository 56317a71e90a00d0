//! Manager screens: the plan approval inbox, spot-checks and the team week.

pub mod approvals;
pub mod names;
pub mod spot_checks;
pub mod team_week;
