//! Keeps `clients.next_due` in step with the cadence rule (salesops_domain::cadence) after every
//! write that moves it: a new client, a follow-up, a tier or stage change, archiving, a project
//! entering or leaving its design stage.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::cadence::{CadenceInput, next_due};
use salesops_domain::clients::Stage;
use salesops_domain::deals::ProjectStage;

use crate::clients::queries as q;
use crate::clients::scope::local_day;
use crate::db::Tx;
use crate::db::schema::{client_history, clients, follow_ups, projects};
use crate::error::{AppError, AppResult};

/// Recomputes and stores the client's next due date (a change of the client at `now` when
/// it moves); returns it.
pub fn refresh(
    tx: &mut Tx<'_>,
    client_id: i64,
    tz: chrono_tz::Tz,
    now: NaiveDateTime,
) -> AppResult<Option<NaiveDate>> {
    let row = q::find(tx, client_id)?.ok_or(AppError::NotFound("client"))?;
    let stage = row.stage;
    let latest: Option<(NaiveDate, Option<NaiveDate>)> = follow_ups::table
        .filter(follow_ups::client_id.eq(client_id))
        .select((follow_ups::occurred_on, follow_ups::next_follow_up_date))
        .order((follow_ups::occurred_at.desc(), follow_ups::id.desc()))
        .first(tx.conn())
        .optional()?;
    let sale_at: Option<chrono::NaiveDateTime> = if stage == Stage::Customer {
        client_history::table
            .filter(client_history::client_id.eq(client_id))
            .filter(client_history::field.eq("stage"))
            .filter(client_history::new_value.eq(Stage::Customer.as_str()))
            .select(client_history::changed_at)
            .order((client_history::changed_at.desc(), client_history::id.desc()))
            .first(tx.conn())
            .optional()?
    } else {
        None
    };
    let sale_date = sale_at.map(|t| local_day(t, tz));
    let after_sale_contacts: Vec<NaiveDate> = match sale_date {
        Some(sale) => follow_ups::table
            .filter(follow_ups::client_id.eq(client_id))
            .filter(follow_ups::occurred_on.gt(sale.to_string()))
            .select(follow_ups::occurred_on)
            .order(follow_ups::occurred_on.asc())
            .limit(2)
            .load::<NaiveDate>(tx.conn())?,
        None => Vec::new(),
    };
    let input = CadenceInput {
        tier: row.tier,
        stage,
        archived: row.archived_at.is_some(),
        created_on: local_day(row.created_at, tz),
        last_contact: latest.map(|(d, _)| d),
        explicit_next: latest.and_then(|(_, n)| n),
        sale_date,
        after_sale_contacts,
        in_design_project: diesel::select(diesel::dsl::exists(
            projects::table
                .filter(projects::client_id.eq(client_id))
                .filter(projects::stage.eq(ProjectStage::Design.as_str())),
        ))
        .get_result(tx.conn())?,
    };
    let due = next_due(&input);
    if due != row.next_due {
        diesel::update(clients::table.find(client_id))
            .set((
                clients::next_due.eq(due.map(|d| d.to_string())),
                clients::updated_at.eq(now),
            ))
            .execute(tx.conn())?;
    }
    Ok(due)
}
