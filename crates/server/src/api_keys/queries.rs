//! Diesel queries for API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::api_keys::{ApiKeyDto, ApiKeyListQuery, ApiScope};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::list;
use crate::db::schema::{api_keys, users};
use crate::db::types::{Json, json_text};
use crate::db::{DbConn, Tx};
use crate::error::{AppError, AppResult};

/// A key as stored, without its hash (which never leaves the admission check).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct KeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub owner_id: i64,
    pub scopes_json: Json<Vec<ApiScope>>,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

impl KeyRow {
    pub fn to_dto(&self, owner_name: String) -> ApiKeyDto {
        ApiKeyDto {
            id: self.id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            owner_id: self.owner_id,
            owner_name,
            scopes: self.scopes_json.0.clone(),
            created_at: clock::utc(self.created_at),
            expires_at: self.expires_at.map(clock::utc),
            last_used_at: self.last_used_at.map(clock::utc),
            revoked_at: self.revoked_at.map(clock::utc),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// What a new key row holds.
pub struct NewKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a str,
    pub owner_id: i64,
    pub scopes: &'a [ApiScope],
    pub created_by: i64,
    pub expires_at: Option<NaiveDateTime>,
}

pub fn insert(tx: &mut Tx<'_>, key: &NewKey<'_>, now: NaiveDateTime) -> AppResult<i64> {
    Ok(diesel::insert_into(api_keys::table)
        .values((
            api_keys::name.eq(key.name),
            api_keys::prefix.eq(key.prefix),
            api_keys::key_hash.eq(key.key_hash),
            api_keys::owner_id.eq(key.owner_id),
            api_keys::scopes_json.eq(json_text(&key.scopes)?),
            api_keys::created_by.eq(key.created_by),
            api_keys::created_at.eq(now),
            api_keys::updated_at.eq(now),
            api_keys::expires_at.eq(key.expires_at),
        ))
        .returning(api_keys::id)
        .get_result(tx.conn())?)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<ApiKeyDto>> {
    let row: Option<(KeyRow, String)> = api_keys::table
        .inner_join(users::table)
        .filter(api_keys::id.eq(id))
        .select((KeyRow::as_select(), users::display_name))
        .first(conn)
        .optional()?;
    Ok(row.map(|(r, name)| r.to_dto(name)))
}

/// Revokes a live key; false when it was already revoked (revoking is idempotent).
pub fn revoke(tx: &mut Tx<'_>, id: i64, by: i64, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        api_keys::table
            .find(id)
            .filter(api_keys::revoked_at.is_null()),
    )
    .set((
        api_keys::revoked_at.eq(now),
        api_keys::revoked_by.eq(by),
        api_keys::revoked_reason.eq("revoked"),
        api_keys::updated_at.eq(now),
    ))
    .execute(tx.conn())?;
    Ok(n == 1)
}

pub fn list(
    conn: &mut DbConn,
    filter: &ApiKeyListQuery,
    page: &PageQuery,
) -> AppResult<Page<ApiKeyDto>> {
    let build = || {
        let mut q = api_keys::table.inner_join(users::table).into_boxed();
        if let Some(owner) = filter.owner_id {
            q = q.filter(api_keys::owner_id.eq(owner));
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = api_keys::id,
        changed = api_keys::updated_at,
        order = api_keys::id.desc(),
        select = (KeyRow::as_select(), users::display_name),
    );
    fetched.into_page(page, |(r, name): (KeyRow, String)| {
        Ok::<_, AppError>(r.to_dto(name))
    })
}
