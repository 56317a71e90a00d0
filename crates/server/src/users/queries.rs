//! Diesel queries for users and their roles.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::PageQuery;
use salesops_domain::Role;
use salesops_domain::users::{UserDto, UserListQuery};

use crate::clock;
use crate::db::DbConn;
use crate::db::schema::{user_roles, users};

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub team_id: Option<i64>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub disabled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    pub fn into_dto(self, roles: Vec<Role>) -> UserDto {
        UserDto {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            roles,
            team_id: self.team_id,
            phone: self.phone,
            email: self.email,
            disabled: self.disabled_at.is_some(),
            created_at: clock::utc(self.created_at),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub team_id: Option<i64>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = users)]
pub struct UserChangeset {
    pub display_name: Option<String>,
    pub team_id: Option<Option<i64>>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub disabled_at: Option<Option<NaiveDateTime>>,
    pub password_hash: Option<String>,
    pub updated_at: Option<NaiveDateTime>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn username_taken(conn: &mut DbConn, username: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::username.eq(username)),
    ))
    .get_result(conn)
}

pub fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .get_result(conn)
}

pub fn update(conn: &mut DbConn, id: i64, changes: &UserChangeset) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(changes)
        .execute(conn)
}

/// The roles of one user, sorted.
pub fn roles_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<Role>> {
    Ok(roles_of_many(conn, &[user_id])?
        .remove(&user_id)
        .unwrap_or_default())
}

/// The roles of many users in one query (no N+1 on lists). Unknown role names in the table
/// are skipped rather than failing the request.
pub fn roles_of_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, Vec<Role>>> {
    let mut out: HashMap<i64, Vec<Role>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, String)> = user_roles::table
            .filter(user_roles::user_id.eq_any(chunk))
            .select((user_roles::user_id, user_roles::role))
            .load(conn)?;
        for (id, role) in rows {
            if let Ok(role) = role.parse::<Role>() {
                out.entry(id).or_default().push(role);
            }
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    Ok(out)
}

pub fn set_roles(conn: &mut DbConn, user_id: i64, roles: &[Role]) -> QueryResult<()> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(conn)?;
    let mut unique: Vec<Role> = roles.to_vec();
    unique.sort();
    unique.dedup();
    // One statement per role: batch inserts do not compile through MultiConnection, and a
    // user holds at most five roles.
    for role in unique {
        diesel::insert_into(user_roles::table)
            .values((
                user_roles::user_id.eq(user_id),
                user_roles::role.eq(role.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The user with roles, as the API shows it.
pub fn dto(conn: &mut DbConn, id: i64) -> QueryResult<Option<UserDto>> {
    match find(conn, id)? {
        Some(row) => {
            let roles = roles_of(conn, id)?;
            Ok(Some(row.into_dto(roles)))
        }
        None => Ok(None),
    }
}

/// Escapes `%`, `_` and `\` so user text matches literally inside LIKE.
pub fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

pub fn list(
    conn: &mut DbConn,
    only: Option<&[i64]>,
    filter: &UserListQuery,
    page: PageQuery,
) -> QueryResult<(Vec<UserDto>, i64)> {
    let build = || {
        let mut q = users::table.into_boxed();
        if let Some(ids) = only {
            q = q.filter(users::id.eq_any(ids.to_vec()));
        }
        if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = like_pattern(&text.to_lowercase());
            q = q.filter(
                users::username
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::display_name).like(pattern).escape('\\')),
            );
        }
        if let Some(role) = filter.role {
            q = q.filter(
                users::id.eq_any(
                    user_roles::table
                        .filter(user_roles::role.eq(role.as_str()))
                        .select(user_roles::user_id),
                ),
            );
        }
        if let Some(team) = filter.team_id {
            q = q.filter(users::team_id.eq(team));
        }
        match filter.disabled {
            Some(true) => q = q.filter(users::disabled_at.is_not_null()),
            Some(false) => q = q.filter(users::disabled_at.is_null()),
            None => {}
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows: Vec<UserRow> = build()
        .select(UserRow::as_select())
        .order(users::id.asc())
        .limit(page.limit())
        .offset(page.offset())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = roles_of_many(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let rs = roles.remove(&r.id).unwrap_or_default();
            r.into_dto(rs)
        })
        .collect();
    Ok((items, total))
}

/// The team of each given user (users without a team are absent).
pub fn team_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<i64>> {
    users::table
        .find(user_id)
        .select(users::team_id)
        .first::<Option<i64>>(conn)
        .optional()
        .map(Option::flatten)
}
