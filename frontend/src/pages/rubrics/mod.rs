//! The rubric editor (考核细则, issue 13, admin): the versions of each role's rubric and a new
//! version made from a copy of the latest.

pub mod form;
pub mod list;
