//! Plans and visits for the salesperson ("my week"); `parts` holds what the manager screens
//! (`pages/manager/`) show of them too.

pub mod add_visit;
pub mod daily_log;
pub mod geo;
pub mod parts;
pub mod plan_view;
pub mod visits;
pub mod week;
