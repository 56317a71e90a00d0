//! Diesel queries for users and their roles.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::users::{UserDto, UserListQuery};
use salesops_domain::{Page, PageQuery, Role};

use crate::clock;
use crate::db::like::{contains_pattern, lower};
use crate::db::list;
use crate::db::schema::{user_roles, users};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;

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
    pub must_change_password: bool,
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
            must_change_password: self.must_change_password,
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
    pub must_change_password: bool,
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
    pub must_change_password: Option<bool>,
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

pub fn insert(tx: &mut Tx<'_>, new: &NewUser<'_>) -> QueryResult<i64> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(users::id)
        .get_result(tx.conn())
}

pub fn update(tx: &mut Tx<'_>, id: i64, changes: &UserChangeset) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(changes)
        .execute(tx.conn())
}

/// The roles of one user, sorted.
pub fn roles_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<Role>> {
    Ok(roles_of_many(conn, &[user_id])?
        .remove(&user_id)
        .unwrap_or_default())
}

/// The roles of many users in one query per 500 (no N+1 on lists).
pub fn roles_of_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, Vec<Role>>> {
    let mut out: HashMap<i64, Vec<Role>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, Role)> = user_roles::table
            .filter(user_roles::user_id.eq_any(chunk))
            .select((user_roles::user_id, user_roles::role))
            .load(conn)?;
        for (id, role) in rows {
            out.entry(id).or_default().push(role);
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    Ok(out)
}

pub fn set_roles(tx: &mut Tx<'_>, user_id: i64, roles: &[Role]) -> QueryResult<()> {
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(tx.conn())?;
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
            .execute(tx.conn())?;
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

pub fn list(
    conn: &mut DbConn,
    only: Option<&[i64]>,
    filter: &UserListQuery,
    page: &PageQuery,
) -> AppResult<Page<UserDto>> {
    let build = || {
        let mut q = users::table.into_boxed();
        if let Some(ids) = only {
            q = q.filter(users::id.eq_any(ids.to_vec()));
        }
        if let Some(text) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = contains_pattern(&text.to_lowercase());
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
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = users::id,
        changed = users::updated_at,
        order = users::id.asc(),
        select = UserRow::as_select(),
    );
    let ids: Vec<i64> = fetched.rows.iter().map(|r| r.id).collect();
    let mut roles = roles_of_many(conn, &ids)?;
    fetched.into_page(page, |r| {
        let rs = roles.remove(&r.id).unwrap_or_default();
        Ok(r.into_dto(rs))
    })
}
