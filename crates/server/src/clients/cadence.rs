//! Keeps `clients.next_due` in step with the cadence rule (salesops_domain::cadence) after every
//! write that moves it: a new client, a follow-up, a tier or stage change, archiving.

use chrono::NaiveDate;
use diesel::prelude::*;
use salesops_domain::cadence::{CadenceInput, next_due};
use salesops_domain::clients::Stage;

use crate::clients::queries as q;
use crate::clients::scope::local_day;
use crate::db::DbConn;
use crate::db::schema::{client_history, clients, follow_ups};
use crate::error::{AppError, AppResult};

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Recomputes and stores the client's next due date; returns it.
pub fn refresh(
    conn: &mut DbConn,
    client_id: i64,
    tz: chrono_tz::Tz,
) -> AppResult<Option<NaiveDate>> {
    let row = q::find(conn, client_id)?.ok_or(AppError::NotFound("client"))?;
    let stage: Stage = row.stage.parse().unwrap_or_default();
    let latest: Option<(String, Option<String>)> = follow_ups::table
        .filter(follow_ups::client_id.eq(client_id))
        .select((follow_ups::occurred_on, follow_ups::next_follow_up_date))
        .order((follow_ups::occurred_at.desc(), follow_ups::id.desc()))
        .first(conn)
        .optional()?;
    let sale_at: Option<chrono::NaiveDateTime> = if stage == Stage::Customer {
        client_history::table
            .filter(client_history::client_id.eq(client_id))
            .filter(client_history::field.eq("stage"))
            .filter(client_history::new_value.eq(Stage::Customer.as_str()))
            .select(client_history::changed_at)
            .order((client_history::changed_at.desc(), client_history::id.desc()))
            .first(conn)
            .optional()?
    } else {
        None
    };
    let sale_date = sale_at.map(|t| local_day(t, tz));
    let after_sale_contacts: Vec<NaiveDate> = match sale_date {
        Some(sale) => follow_ups::table
            .filter(follow_ups::client_id.eq(client_id))
            .filter(follow_ups::occurred_on.gt(sale.format("%Y-%m-%d").to_string()))
            .select(follow_ups::occurred_on)
            .order(follow_ups::occurred_on.asc())
            .limit(2)
            .load::<String>(conn)?
            .iter()
            .filter_map(|d| parse_day(d))
            .collect(),
        None => Vec::new(),
    };
    let input = CadenceInput {
        tier: row.tier.parse().unwrap_or_default(),
        stage,
        archived: row.archived_at.is_some(),
        created_on: local_day(row.created_at, tz),
        last_contact: latest.as_ref().and_then(|(d, _)| parse_day(d)),
        explicit_next: latest
            .as_ref()
            .and_then(|(_, n)| n.as_deref())
            .and_then(parse_day),
        sale_date,
        after_sale_contacts,
    };
    let due = next_due(&input);
    let text = due.map(|d| d.format("%Y-%m-%d").to_string());
    if text != row.next_due {
        diesel::update(clients::table.find(client_id))
            .set(clients::next_due.eq(text))
            .execute(conn)?;
    }
    Ok(due)
}
