//! The monthly draft job: on the 1st (business time zone) every salesperson and manager who
//! has no score for the month before gets a computed draft, as `POST /scores` would compute
//! it, so managers start from the records instead of an empty month.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::Role;
use salesops_domain::notifications::NotificationKind;
use salesops_domain::period::Month;

use crate::access::{Actor, Ctx, Principal};
use crate::audit;
use crate::config::Settings;
use crate::db::schema::{user_roles, users};
use crate::db::{self, DbConn};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Notice};
use crate::scores::metrics::Subject;
use crate::scores::queries as q;
use crate::scores::service::{compute, load, rubric_role};
use crate::teams::queries::manager_of;

/// The enabled salespeople and managers, by id.
fn scored_people(conn: &mut DbConn) -> AppResult<Vec<i64>> {
    let ids: Vec<i64> = users::table
        .inner_join(user_roles::table)
        .filter(users::disabled_at.is_null())
        .filter(user_roles::role.eq_any([Role::Salesperson.as_str(), Role::Manager.as_str()]))
        .select(users::id)
        .load(conn)?;
    Ok(ids
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect())
}

/// The first enabled administrator: who a draft names as its author when the person has no
/// manager (the column needs someone; the audit event names the system).
fn first_admin(conn: &mut DbConn) -> AppResult<i64> {
    users::table
        .inner_join(user_roles::table)
        .filter(users::disabled_at.is_null())
        .filter(user_roles::role.eq(Role::Admin.as_str()))
        .order(users::id.asc())
        .select(users::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::Internal("no enabled administrator to author drafts".to_owned()))
}

/// The context the metrics read (`now`); the system acts, so no session and no roles.
fn system_ctx(user_id: i64, settings: Arc<Settings>, now: NaiveDateTime) -> Ctx {
    Ctx {
        principal: Principal {
            user_id,
            session_id: 0,
            roles: Vec::new(),
            team_id: None,
            managed_teams: BTreeSet::new(),
            request_id: None,
            must_change_password: false,
            api_key: None,
        },
        settings,
        now,
    }
}

/// Drafts `month` for everyone scored who has no score for it; answers how many were made.
/// Each draft is its own transaction that checks again that none exists, so a retry or a
/// second runner makes none twice.
pub fn draft_month(
    conn: &mut DbConn,
    settings: &Arc<Settings>,
    month: Month,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let admin = first_admin(conn)?;
    let mut made = 0;
    for user_id in scored_people(conn)? {
        if q::exists(conn, user_id, month)? {
            continue;
        }
        let role = rubric_role(conn, user_id)?;
        let manager = manager_of(conn, user_id)?;
        let author = manager.unwrap_or(admin);
        let ctx = system_ctx(author, settings.clone(), now);
        let subject = Subject {
            user_id,
            role,
            month,
        };
        let created = db::write(conn, |tx| {
            if q::exists(tx, user_id, month)? {
                return Ok(false);
            }
            let figures = compute(tx, &ctx, &subject, &[])?;
            let score = audit::created(
                tx,
                &Actor::SYSTEM,
                "score.create",
                "score",
                |tx| q::insert(tx, user_id, month, role, &figures, author, now),
                load,
            )?;
            if let Some(manager) = manager {
                notifications::notify(
                    tx,
                    manager,
                    NotificationKind::ScoreDrafted,
                    Notice {
                        title: format!("{} 的 {month} 考核草稿已生成", score.user_name),
                        body: None,
                        link: Some(format!("/scores/{}", score.id)),
                        entity: Some(("score", score.id)),
                    },
                )?;
            }
            Ok(true)
        })?;
        made += usize::from(created);
    }
    Ok(made)
}
