//! The stored normal forms of client phones (`phone_norm`, `phone2_norm`, read by the
//! duplicate rule 撞单 and the search index). When `salesops_domain::phone::PHONE_NORM_VERSION`
//! changes, start-up recomputes them once from the phones as written, and rebuilds the search
//! keys of every client whose form changed.

use diesel::prelude::*;
use salesops_domain::phone::PHONE_NORM_VERSION;

use crate::clients::search;
use crate::clients::service::phone_keys;
use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{clients, data_upgrades};

/// Clients read at a time; each batch's changes are written in one short transaction.
const BATCH: i64 = 500;

/// The `data_upgrades` row of the current normal form.
pub fn upgrade_name() -> String {
    format!("phone_norm_v{PHONE_NORM_VERSION}")
}

/// Recomputes every client's normal forms unless already done for this version; returns how
/// many clients changed. Idempotent: stopped half-way, it starts again at the next start-up.
pub fn renormalize(conn: &mut DbConn) -> crate::error::AppResult<usize> {
    let name = upgrade_name();
    let done: i64 = data_upgrades::table
        .filter(data_upgrades::name.eq(&name))
        .count()
        .get_result(conn)?;
    if done > 0 {
        return Ok(0);
    }
    let mut after = 0_i64;
    let mut changed = 0;
    loop {
        type Phones = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Phones> = clients::table
            .filter(clients::id.gt(after))
            .order(clients::id.asc())
            .limit(BATCH)
            .select((
                clients::id,
                clients::phone,
                clients::phone2,
                clients::phone_norm,
                clients::phone2_norm,
            ))
            .load(conn)?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.0;
        let stale: Vec<(i64, Option<String>, Option<String>)> = rows
            .into_iter()
            .filter_map(|(id, phone, phone2, norm, norm2)| {
                let keys = phone_keys(phone.as_deref(), phone2.as_deref());
                let (k1, k2) = (keys.first().cloned(), keys.get(1).cloned());
                (k1 != norm || k2 != norm2).then_some((id, k1, k2))
            })
            .collect();
        if stale.is_empty() {
            continue;
        }
        changed += stale.len();
        crate::db::write(conn, |c| {
            for (id, k1, k2) in &stale {
                diesel::update(clients::table.find(*id))
                    .set((clients::phone_norm.eq(k1), clients::phone2_norm.eq(k2)))
                    .execute(c.conn())?;
                search::refresh(c, *id)?;
            }
            Ok(())
        })?;
    }
    crate::db::write(conn, |c| {
        diesel::insert_into(data_upgrades::table)
            .values((
                data_upgrades::name.eq(&name),
                data_upgrades::done_at.eq(clock::now()),
            ))
            .execute(c.conn())?;
        Ok(())
    })?;
    Ok(changed)
}
