//! Teams (团队/区域): a tree with a manager each; it defines managers' scope.

pub mod queries;
pub mod routes;
pub mod service;
