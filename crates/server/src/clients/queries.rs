//! Diesel queries for clients, their history and satisfaction.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::client_changes::{ClientHistoryDto, SatisfactionDto};
use salesops_domain::clients::{ClientDto, Credit, SourceChannel, Stage, Tier};

use crate::clock;
use crate::db::schema::{client_history, client_satisfaction, clients, teams, users};
use crate::db::{DbConn, Tx};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = clients)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub phone2: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub region: Option<String>,
    pub industry: Option<String>,
    pub source: SourceChannel,
    pub tier: Tier,
    pub stage: Stage,
    pub credit: Credit,
    pub needs: Option<String>,
    pub interests: Option<String>,
    pub owner_id: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub next_due: Option<NaiveDate>,
    pub last_follow_up_at: Option<NaiveDateTime>,
    pub archived_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub satisfaction_latest: Option<i32>,
    pub satisfaction_sum: i64,
    pub satisfaction_count: i64,
}

#[derive(Insertable)]
#[diesel(table_name = clients)]
pub struct NewClient {
    pub name: String,
    pub company: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub phone2: Option<String>,
    pub phone_norm: Option<String>,
    pub phone2_norm: Option<String>,
    pub dup_key: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub region: Option<String>,
    pub industry: Option<String>,
    pub source: &'static str,
    pub tier: &'static str,
    pub stage: &'static str,
    pub credit: &'static str,
    pub needs: Option<String>,
    pub interests: Option<String>,
    pub owner_id: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = clients)]
pub struct ClientChangeset {
    pub name: Option<String>,
    pub company: Option<Option<String>>,
    pub position: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub phone2: Option<Option<String>>,
    pub phone_norm: Option<Option<String>>,
    pub phone2_norm: Option<Option<String>>,
    pub dup_key: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub region: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub source: Option<&'static str>,
    pub tier: Option<&'static str>,
    pub stage: Option<&'static str>,
    pub credit: Option<&'static str>,
    pub needs: Option<Option<String>>,
    pub interests: Option<Option<String>>,
    pub owner_id: Option<i64>,
    pub latitude: Option<Option<f64>>,
    pub longitude: Option<Option<f64>>,
    pub archived_at: Option<Option<NaiveDateTime>>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<ClientRow>> {
    clients::table
        .find(id)
        .select(ClientRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(tx: &mut Tx<'_>, new: &NewClient) -> QueryResult<i64> {
    diesel::insert_into(clients::table)
        .values(new)
        .returning(clients::id)
        .get_result(tx.conn())
}

/// Applies `changes` only if the client is still at `version`, bumping it: false means
/// someone else changed it first. The check is in the UPDATE itself, so of two concurrent
/// changes exactly one applies.
pub fn update_if_version(
    tx: &mut Tx<'_>,
    id: i64,
    version: i64,
    changes: &ClientChangeset,
) -> QueryResult<bool> {
    let n = diesel::update(clients::table.find(id).filter(clients::version.eq(version)))
        .set((changes, clients::version.eq(version + 1)))
        .execute(tx.conn())?;
    Ok(n == 1)
}

/// Applies `changes` whatever the version (system changes: handover, cadence), bumping it.
pub fn update(tx: &mut Tx<'_>, id: i64, changes: &ClientChangeset) -> QueryResult<usize> {
    diesel::update(clients::table.find(id))
        .set((changes, clients::version.eq(clients::version + 1)))
        .execute(tx.conn())
}

/// A client already on file that a new or changed one would duplicate: `(id, owner_id, field)`.
pub fn find_duplicate(
    conn: &mut DbConn,
    phones: &[String],
    dup_key: Option<&str>,
    except: Option<i64>,
) -> QueryResult<Option<(i64, i64, &'static str)>> {
    let except = except.unwrap_or(-1);
    if !phones.is_empty() {
        let hit: Option<(i64, i64)> = clients::table
            .filter(clients::id.ne(except))
            .filter(
                clients::phone_norm
                    .eq_any(phones.to_vec())
                    .or(clients::phone2_norm.eq_any(phones.to_vec())),
            )
            .select((clients::id, clients::owner_id))
            .order(clients::id.asc())
            .first(conn)
            .optional()?;
        if let Some((id, owner)) = hit {
            return Ok(Some((id, owner, "phone")));
        }
    }
    if let Some(key) = dup_key {
        let hit: Option<(i64, i64)> = clients::table
            .filter(clients::id.ne(except))
            .filter(clients::dup_key.eq(key))
            .select((clients::id, clients::owner_id))
            .order(clients::id.asc())
            .first(conn)
            .optional()?;
        if let Some((id, owner)) = hit {
            return Ok(Some((id, owner, "company")));
        }
    }
    Ok(None)
}

/// The name of a user's team, if any.
pub fn team_name_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<String>> {
    users::table
        .inner_join(teams::table)
        .filter(users::id.eq(user_id))
        .select(teams::name)
        .first(conn)
        .optional()
}

/// Display names of many users in one query.
pub fn user_names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, String>> {
    let mut out = HashMap::new();
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, String)> = users::table
            .filter(users::id.eq_any(chunk))
            .select((users::id, users::display_name))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// Rows as the API shows them: owner names in one batch query (no N+1).
pub fn to_dtos(
    conn: &mut DbConn,
    rows: Vec<ClientRow>,
    today: NaiveDate,
) -> QueryResult<Vec<ClientDto>> {
    let owners: Vec<i64> = rows.iter().map(|r| r.owner_id).collect();
    let names = user_names(conn, &owners)?;
    let named = rows
        .into_iter()
        .map(|r| {
            let owner_name = names.get(&r.owner_id).cloned().unwrap_or_default();
            (r, owner_name)
        })
        .collect();
    Ok(named_to_dtos(named, today))
}

/// Rows already joined with their owner's name, as the API shows them.
pub fn named_to_dtos(rows: Vec<(ClientRow, String)>, today: NaiveDate) -> Vec<ClientDto> {
    rows.into_iter()
        .map(|(r, owner_name)| row_to_dto(r, owner_name, today))
        .collect()
}

pub fn row_to_dto(r: ClientRow, owner_name: String, today: NaiveDate) -> ClientDto {
    let next = r.next_due;
    ClientDto {
        id: r.id,
        name: r.name,
        company: r.company,
        position: r.position,
        phone: r.phone,
        phone2: r.phone2,
        email: r.email,
        address: r.address,
        region: r.region,
        industry: r.industry,
        source: r.source,
        tier: r.tier,
        stage: r.stage,
        credit: r.credit,
        needs: r.needs,
        interests: r.interests,
        owner_id: r.owner_id,
        owner_name,
        latitude: r.latitude,
        longitude: r.longitude,
        next_follow_up_date: next,
        overdue: next.is_some_and(|d| d < today),
        last_follow_up_at: r.last_follow_up_at.map(clock::utc),
        satisfaction_latest: r.satisfaction_latest,
        satisfaction_average: (r.satisfaction_count > 0).then(|| {
            (r.satisfaction_sum as f64 / r.satisfaction_count as f64 * 100.0).round() / 100.0
        }),
        satisfaction_count: r.satisfaction_count,
        archived: r.archived_at.is_some(),
        created_at: clock::utc(r.created_at),
        updated_at: clock::utc(r.updated_at),
        version: r.version,
    }
}

pub fn insert_history(
    tx: &mut Tx<'_>,
    client_id: i64,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
    actor_id: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(client_history::table)
        .values((
            client_history::client_id.eq(client_id),
            client_history::field.eq(field),
            client_history::old_value.eq(old),
            client_history::new_value.eq(new),
            client_history::actor_id.eq(actor_id),
            client_history::changed_at.eq(at),
        ))
        .execute(tx.conn())?;
    Ok(())
}

pub fn history(conn: &mut DbConn, client_id: i64) -> QueryResult<Vec<ClientHistoryDto>> {
    type Row = (
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        NaiveDateTime,
    );
    let rows: Vec<Row> = client_history::table
        .filter(client_history::client_id.eq(client_id))
        .select((
            client_history::id,
            client_history::client_id,
            client_history::field,
            client_history::old_value,
            client_history::new_value,
            client_history::actor_id,
            client_history::changed_at,
        ))
        .order((client_history::changed_at.asc(), client_history::id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, client_id, field, old_value, new_value, actor_id, at)| ClientHistoryDto {
                id,
                client_id,
                field,
                old_value,
                new_value,
                actor_id,
                changed_at: clock::utc(at),
            },
        )
        .collect())
}

pub fn insert_satisfaction(
    tx: &mut Tx<'_>,
    client_id: i64,
    author_id: i64,
    score: i32,
    comment: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<SatisfactionDto> {
    let id: i64 = diesel::insert_into(client_satisfaction::table)
        .values((
            client_satisfaction::client_id.eq(client_id),
            client_satisfaction::author_id.eq(author_id),
            client_satisfaction::score.eq(score),
            client_satisfaction::comment.eq(comment),
            client_satisfaction::created_at.eq(at),
        ))
        .returning(client_satisfaction::id)
        .get_result(tx.conn())?;
    diesel::update(clients::table.find(client_id))
        .set((
            clients::satisfaction_latest.eq(Some(score)),
            clients::satisfaction_sum.eq(clients::satisfaction_sum + i64::from(score)),
            clients::satisfaction_count.eq(clients::satisfaction_count + 1),
            clients::updated_at.eq(at),
        ))
        .execute(tx.conn())?;
    Ok(SatisfactionDto {
        id,
        client_id,
        score,
        comment: comment.map(str::to_owned),
        author_id,
        created_at: clock::utc(at),
    })
}
