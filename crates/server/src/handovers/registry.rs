//! The kinds of record a user can own. A feature that makes something ownable (plans,
//! projects, receivables …) adds one entry here and the handover moves it too, in the same
//! transaction.

use crate::access::Actor;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

/// One kind of owned record.
pub struct OwnableKind {
    /// The name used in handover counts and audit events, e.g. `client`.
    pub kind: &'static str,
    /// How many records `from` owns now.
    pub count: fn(&mut DbConn, i64) -> AppResult<i64>,
    /// Moves every record of `from` to `to`, recording an audit event per record; returns how
    /// many moved. Runs inside the handover's transaction: an error undoes everything.
    pub move_all: fn(&mut Tx<'_>, &Actor, i64, i64) -> AppResult<i64>,
}

pub const OWNABLE_KINDS: &[OwnableKind] = &[
    OwnableKind {
        kind: "client",
        count: crate::clients::handover::count,
        move_all: crate::clients::handover::move_all,
    },
    OwnableKind {
        kind: "plan",
        count: crate::plans::handover::count,
        move_all: crate::plans::handover::move_all,
    },
];
