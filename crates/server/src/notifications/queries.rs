//! Diesel queries for notifications. Every read is the caller's own (`user_id`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::notifications::{NotificationDto, NotificationKind, NotificationListQuery};
use salesops_domain::{Page, PageQuery};

use crate::clock;
use crate::db::schema::notifications;
use crate::db::{DbConn, Tx, list};
use crate::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: NotificationKind,
    pub title: String,
    pub body: Option<String>,
    pub link: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

impl NotificationRow {
    pub fn to_dto(self) -> NotificationDto {
        NotificationDto {
            id: self.id,
            kind: self.kind,
            title: self.title,
            body: self.body,
            link: self.link,
            entity_type: self.entity_type,
            entity_id: self.entity_id,
            created_at: clock::utc(self.created_at),
            read_at: self.read_at.map(clock::utc),
            updated_at: clock::utc(self.updated_at),
        }
    }
}

/// What to tell someone: a title (Chinese first), an optional body, where to look, and the
/// record it is about (which also lets a job ask whether it already told them).
#[derive(Debug, Clone, Default)]
pub struct Notice<'a> {
    pub title: String,
    pub body: Option<String>,
    pub link: Option<String>,
    pub entity: Option<(&'a str, i64)>,
}

/// Tells `user_id` something, inside the transaction of the change that causes it (so a
/// rolled-back change tells nobody).
pub fn notify(
    tx: &mut Tx<'_>,
    user_id: i64,
    kind: NotificationKind,
    notice: Notice<'_>,
) -> AppResult<i64> {
    let now = clock::now();
    Ok(diesel::insert_into(notifications::table)
        .values((
            notifications::user_id.eq(user_id),
            notifications::kind.eq(kind.as_str()),
            notifications::title.eq(notice.title),
            notifications::body.eq(notice.body),
            notifications::link.eq(notice.link),
            notifications::entity_type.eq(notice.entity.map(|(t, _)| t)),
            notifications::entity_id.eq(notice.entity.map(|(_, id)| id)),
            notifications::created_at.eq(now),
            notifications::updated_at.eq(now),
        ))
        .returning(notifications::id)
        .get_result(tx.conn())?)
}

/// Whether a notification of `kind` about this record was already sent (to anybody): the
/// "once per line" of the jobs.
pub fn already_sent(
    conn: &mut DbConn,
    kind: NotificationKind,
    entity_type: &str,
    entity_id: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        notifications::table
            .filter(notifications::entity_type.eq(entity_type))
            .filter(notifications::entity_id.eq(entity_id))
            .filter(notifications::kind.eq(kind.as_str())),
    ))
    .get_result(conn)
}

/// The user's notifications, newest first.
pub fn list(
    conn: &mut DbConn,
    user_id: i64,
    filter: &NotificationListQuery,
    page: &PageQuery,
) -> AppResult<Page<NotificationDto>> {
    let build = || {
        let mut q = notifications::table
            .filter(notifications::user_id.eq(user_id))
            .into_boxed();
        match filter.unread {
            Some(true) => q = q.filter(notifications::read_at.is_null()),
            Some(false) => q = q.filter(notifications::read_at.is_not_null()),
            None => {}
        }
        q
    };
    let fetched = list::fetch!(
        conn,
        page,
        build,
        id = notifications::id,
        changed = notifications::updated_at,
        order = notifications::id.desc(),
        select = NotificationRow::as_select(),
    );
    fetched.into_page(page, |r| Ok(r.to_dto()))
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks the user's unread notifications among `ids` (all of them for `None`) read; ids of
/// others' notifications match nothing.
pub fn mark_read(
    tx: &mut Tx<'_>,
    user_id: i64,
    ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let target = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null());
    match ids {
        Some(ids) => diesel::update(target.filter(notifications::id.eq_any(ids)))
            .set((
                notifications::read_at.eq(Some(now)),
                notifications::updated_at.eq(now),
            ))
            .execute(tx.conn()),
        None => diesel::update(target)
            .set((
                notifications::read_at.eq(Some(now)),
                notifications::updated_at.eq(now),
            ))
            .execute(tx.conn()),
    }
}
