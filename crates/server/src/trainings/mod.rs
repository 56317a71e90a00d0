//! Trainings (培训, seed 001 §五) and their assessments (考核): a manager trains the members of
//! their teams, HR anyone; who failed is listed for retraining until a later assessment passes.

pub mod queries;
pub mod routes;
pub mod service;
