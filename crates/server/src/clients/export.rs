//! `GET /clients/export`: the clients the caller may see, as CSV; every export is audited.

use salesops_domain::client_changes::ClientListQuery;
use serde_json::json;

use crate::access::Ctx;
use crate::audit::{self};
use crate::clients::{csv, list};
use crate::db::DbConn;
use crate::error::AppResult;

/// The export's columns; the import reads the same names back.
pub const HEADER: [&str; 21] = [
    "id",
    "name",
    "company",
    "position",
    "phone",
    "phone2",
    "email",
    "address",
    "region",
    "industry",
    "source",
    "tier",
    "stage",
    "credit",
    "needs",
    "interests",
    "owner_id",
    "owner_name",
    "next_follow_up_date",
    "created_at",
    "updated_at",
];

pub fn export(conn: &mut DbConn, ctx: &Ctx, filter: &ClientListQuery) -> AppResult<String> {
    let _tz = ctx.tz();
    crate::db::write(conn, |c| {
        let items = list::all(c, ctx, filter)?;
        let count = items.len();
        let o = |s: &Option<String>| s.clone().unwrap_or_default();
        let rows = items.into_iter().map(|d| {
            vec![
                d.id.to_string(),
                d.name.clone(),
                o(&d.company),
                o(&d.position),
                o(&d.phone),
                o(&d.phone2),
                o(&d.email),
                o(&d.address),
                o(&d.region),
                o(&d.industry),
                d.source.to_string(),
                d.tier.to_string(),
                d.stage.to_string(),
                d.credit.to_string(),
                o(&d.needs),
                o(&d.interests),
                d.owner_id.to_string(),
                d.owner_name.clone(),
                d.next_follow_up_date
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                d.created_at.to_rfc3339(),
                d.updated_at.to_rfc3339(),
            ]
        });
        let doc = csv::document(&HEADER, rows);
        audit::record::<(), _>(
            c,
            &ctx.actor(),
            "client.export",
            "client",
            "export",
            None,
            Some(&json!({ "filter": filter, "rows": count })),
        )?;
        Ok(doc)
    })
}
