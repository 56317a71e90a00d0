//! The one write path: business data changes only inside [`write`], which hands the work a
//! [`Tx`]. Every function that writes takes `&mut Tx`, so a write outside a transaction — or
//! an audit event outside its change's transaction — does not compile.

use std::ops::{Deref, DerefMut};

use diesel::SqliteConnection;
use diesel::connection::{AnsiTransactionManager, Connection, TransactionManager};

use crate::db::DbConn;
use crate::error::{AppError, AppResult};

/// An open write transaction. Only [`write`] makes one; it reads like a connection.
pub struct Tx<'c> {
    conn: &'c mut DbConn,
}

impl Tx<'_> {
    /// The connection, for diesel calls generic over it (`.execute(tx.conn())`).
    pub fn conn(&mut self) -> &mut DbConn {
        self.conn
    }
}

impl Deref for Tx<'_> {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        self.conn
    }
}

impl DerefMut for Tx<'_> {
    fn deref_mut(&mut self) -> &mut DbConn {
        self.conn
    }
}

/// Runs `f` in a write transaction and commits when it returns `Ok`.
///
/// On SQLite the transaction begins `IMMEDIATE`, taking the write lock before the first read:
/// a deferred transaction that reads, then writes after another writer committed, fails at
/// once with SQLITE_BUSY (the busy timeout does not cover that case), which would turn two
/// concurrent approvals into an error instead of one winner. A database that stays locked
/// past the busy timeout answers 503 with `Retry-After` (see `error.rs`). Called inside `f`
/// again (through the `Tx`), it opens a savepoint.
pub fn write<T>(conn: &mut DbConn, f: impl FnOnce(&mut Tx<'_>) -> AppResult<T>) -> AppResult<T> {
    let DbConn::Sqlite(inner) = conn else {
        #[expect(
            clippy::disallowed_methods,
            reason = "the one place a transaction begins"
        )]
        return conn.transaction(|c| f(&mut Tx { conn: c }));
    };
    let depth = <AnsiTransactionManager as TransactionManager<SqliteConnection>>::transaction_manager_status_mut(inner)
        .transaction_depth();
    if !matches!(depth, Ok(None)) {
        // Already inside a transaction, which holds the lock: a savepoint.
        #[expect(
            clippy::disallowed_methods,
            reason = "the one place a transaction begins"
        )]
        return conn.transaction(|c| f(&mut Tx { conn: c }));
    }
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    let result = f(&mut Tx { conn });
    let DbConn::Sqlite(inner) = conn else {
        return Err(AppError::Internal("connection changed backend".to_owned()));
    };
    match result {
        Ok(value) => {
            if let Err(e) =
                <AnsiTransactionManager as TransactionManager<SqliteConnection>>::commit_transaction(
                    inner,
                )
            {
                let _ = <AnsiTransactionManager as TransactionManager<SqliteConnection>>::rollback_transaction(inner);
                return Err(e.into());
            }
            Ok(value)
        }
        Err(e) => {
            let _ = <AnsiTransactionManager as TransactionManager<SqliteConnection>>::rollback_transaction(inner);
            Err(e)
        }
    }
}
