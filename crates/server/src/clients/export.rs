//! `GET /clients/export`: the clients the caller may see, as CSV (at most
//! [`csv::EXPORT_MAX_ROWS`]); every export is audited.

use salesops_domain::PageQuery;
use salesops_domain::client_changes::ClientListQuery;
use serde_json::json;

use crate::access::Ctx;
use crate::audit;
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

/// The CSV of the clients matching `filter`. The rows are read outside any write transaction,
/// so a large export never holds SQLite's write lock; only the audit event is written, in its
/// own short transaction. More than [`csv::EXPORT_MAX_ROWS`] rows answer 422 `too_many_rows`.
pub fn export(conn: &mut DbConn, ctx: &Ctx, filter: &ClientListQuery) -> AppResult<String> {
    let one = PageQuery {
        page: 1,
        per_page: 1,
        ..PageQuery::default()
    };
    csv::check_export_size(list::list(conn, ctx, filter, &one)?.total)?;
    let items = list::all(conn, ctx, filter)?;
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
    crate::db::write(conn, |c| {
        audit::record::<(), _>(
            c,
            &ctx.actor(),
            "client.export",
            "client",
            "export",
            None,
            Some(&json!({ "filter": filter, "rows": count })),
        )
    })?;
    Ok(doc)
}
