//! The client search index (`client_search_keys`, rules in `salesops_domain::client_search`):
//! written in the same transaction as every change to a client's name, company, phones or
//! owner, and read by `GET /clients?q=` as a range scan.

use diesel::dsl::{exists, not};
use diesel::prelude::*;
use salesops_domain::client_search::index_keys;

use crate::db::schema::{client_search_keys, clients};
use crate::db::{DbConn, Tx, on_inner};

/// Rows per multi-row INSERT: 3 binds each, well under either backend's bind limit.
const INSERT_ROWS: usize = 300;

/// Clients read at a time while building keys.
const CLIENT_BATCH: i64 = 1_000;

/// The fields a client is found by.
#[derive(Queryable, Selectable)]
#[diesel(table_name = clients)]
struct Indexed {
    id: i64,
    owner_id: i64,
    name: String,
    company: Option<String>,
    phone_norm: Option<String>,
    phone2_norm: Option<String>,
}

fn insert_keys(tx: &mut Tx<'_>, rows: &[Indexed]) -> QueryResult<()> {
    let mut values = Vec::new();
    for r in rows {
        let phones: Vec<&str> = [r.phone_norm.as_deref(), r.phone2_norm.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        for key in index_keys(&r.name, r.company.as_deref(), &phones) {
            values.push((
                client_search_keys::owner_id.eq(r.owner_id),
                client_search_keys::search_key.eq(key),
                client_search_keys::client_id.eq(r.id),
            ));
        }
    }
    for chunk in values.chunks(INSERT_ROWS) {
        // Multi-row INSERTs go to the backend's own connection: diesel's MultiConnection
        // cannot write them.
        let insert = diesel::insert_into(client_search_keys::table).values(chunk);
        on_inner!(tx.conn(), |c| insert.execute(c)?);
    }
    Ok(())
}

/// Rebuilds the keys of one client from its stored row (after a create or an update).
pub fn refresh(tx: &mut Tx<'_>, client_id: i64) -> QueryResult<()> {
    diesel::delete(client_search_keys::table.filter(client_search_keys::client_id.eq(client_id)))
        .execute(tx.conn())?;
    let rows: Vec<Indexed> = clients::table
        .find(client_id)
        .select(Indexed::as_select())
        .load(tx.conn())?;
    insert_keys(tx, &rows)
}

/// Writes the keys of clients just inserted, which have none yet (an import's batch): one read
/// and a few multi-row INSERTs for the lot.
pub fn index_new(tx: &mut Tx<'_>, client_ids: &[i64]) -> QueryResult<()> {
    let rows: Vec<Indexed> = clients::table
        .filter(clients::id.eq_any(client_ids))
        .select(Indexed::as_select())
        .load(tx.conn())?;
    insert_keys(tx, &rows)
}

/// Gives the keys of these clients to their new owner `to` (a handover).
pub fn move_clients(tx: &mut Tx<'_>, ids: &[i64], to: i64) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in ids.chunks(500) {
        n += diesel::update(
            client_search_keys::table.filter(client_search_keys::client_id.eq_any(chunk)),
        )
        .set(client_search_keys::owner_id.eq(to))
        .execute(tx.conn())?;
    }
    Ok(n)
}

/// Builds the keys of every client that has none: clients stored before the index existed, or
/// loaded in bulk. Every client has a name, so a client without keys is one never indexed.
/// Returns how many clients were indexed.
pub fn backfill(conn: &mut DbConn) -> crate::error::AppResult<usize> {
    let mut after = 0_i64;
    let mut done = 0;
    loop {
        let rows: Vec<Indexed> = clients::table
            .filter(clients::id.gt(after))
            .filter(not(exists(
                client_search_keys::table.filter(client_search_keys::client_id.eq(clients::id)),
            )))
            .order(clients::id.asc())
            .limit(CLIENT_BATCH)
            .select(Indexed::as_select())
            .load(conn)?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.id;
        done += rows.len();
        crate::db::write(conn, |tx| Ok(insert_keys(tx, &rows)?))?;
    }
}
