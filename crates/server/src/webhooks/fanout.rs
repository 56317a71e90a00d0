//! The fan-out: each enabled webhook's reading of the change feed, turned into deliveries.
//! One transaction per webhook holds its row (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite's
//! write lock), writes a delivery per matching event (unique per webhook and event) and
//! moves the webhook's cursor, so each event becomes one delivery whichever instances run.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use salesops_domain::changes::{self, ChangeDto};
use salesops_domain::webhooks::WebhookFormat;

use crate::access::Principal;
use crate::changes::{FeedScope, read};
use crate::config::Settings;
use crate::db::schema::{teams, users};
use crate::db::{self, DbConn};
use crate::error::AppResult;
use crate::webhooks::format::{action_label, robot_body, standard_payload, type_label};
use crate::webhooks::queries::{self as q, NewDelivery};

/// Events read per webhook and pass.
const BATCH: u32 = 200;

/// Fans out what is new for every enabled webhook; answers the deliveries written.
pub fn fan_out(conn: &mut DbConn, settings: &Settings, now: NaiveDateTime) -> AppResult<usize> {
    let mut added = 0;
    for id in q::enabled_ids(conn)? {
        added += db::write(conn, |tx| {
            let Some(hook) = q::lock_for_fanout(tx, id)? else {
                return Ok(0);
            };
            // The owner as they are now: a disabled owner's webhook carries nothing.
            let Ok(owner) = Principal::of_user(tx, hook.owner_id) else {
                return Ok(0);
            };
            let key_scopes = hook.scopes_json.as_ref().map(|s| s.0.as_slice());
            let scope = FeedScope::of(tx, &owner, key_scopes, None)?;
            let (events, next) = read(tx, &scope, hook.cursor(), BATCH)?;
            let format = hook.format;
            let mut n = 0;
            for e in &events {
                let change = e.to_dto();
                if !hook
                    .events_json
                    .0
                    .iter()
                    .any(|p| changes::matches(p, &change.event))
                {
                    continue;
                }
                let payload = match format {
                    WebhookFormat::Standard => standard_payload(&change),
                    robot => {
                        let (title, text) = robot_text(tx, settings, &change)?;
                        robot_body(robot, &title, &text)
                    }
                };
                let new = NewDelivery {
                    webhook_id: hook.id,
                    event_seq: change.seq,
                    event: &change.event,
                    payload: &payload,
                    now,
                };
                n += usize::from(q::add_delivery(tx, &new)?);
            }
            if next != hook.cursor() {
                q::set_cursor(tx, hook.id, next)?;
            }
            Ok(n)
        })?;
    }
    Ok(added)
}

fn user_name(conn: &mut DbConn, id: Option<i64>) -> AppResult<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(users::table
        .find(id)
        .select(users::display_name)
        .first(conn)
        .optional()?)
}

/// The manager of the team `owner` belongs to, by name.
fn manager_name(conn: &mut DbConn, owner: i64) -> AppResult<Option<String>> {
    let manager: Option<Option<i64>> = users::table
        .inner_join(teams::table.on(users::team_id.eq(teams::id.nullable())))
        .filter(users::id.eq(owner))
        .select(teams::manager_id)
        .first(conn)
        .optional()?;
    user_name(conn, manager.flatten().filter(|m| *m != owner))
}

/// What names the record in a sentence: its week, month, title, name or number.
fn record_label(change: &ChangeDto) -> String {
    let rec = change.after.as_ref().or(change.before.as_ref());
    let field = |k: &str| rec.and_then(|r| r.get(k)).and_then(|v| v.as_str());
    let what = type_label(&change.entity_type);
    if let Some(period) = ["period", "week", "month"].iter().find_map(|k| field(k)) {
        return format!(" {period} {what}");
    }
    match ["title", "name"].iter().find_map(|k| field(k)) {
        Some(label) => format!("{what}「{label}」"),
        None => format!("{what} #{}", change.id),
    }
}

/// The screen a record opens on.
fn link(settings: &Settings, change: &ChangeDto) -> Option<String> {
    let id = &change.id;
    let path = match change.entity_type.as_str() {
        "plan" if change.action == "submitted" => "/manager/approvals".to_owned(),
        "plan" => "/plans/week".to_owned(),
        "expense_claim" => format!("/claims/{id}"),
        "contract" => format!("/contracts/{id}"),
        "project" => format!("/projects/{id}"),
        "client" => format!("/clients/{id}"),
        "leaving" => format!("/leavings/{id}"),
        "score" => format!("/scores/{id}"),
        "weekly_report" => format!("/reports/weekly/{id}"),
        "advance" => "/advances".to_owned(),
        _ => return None,
    };
    Some(format!(
        "{}{path}",
        settings.webhooks.public_url.as_deref().unwrap_or_default()
    ))
}

/// A robot's title and markdown: "王芳提交了 2026-W49 工作计划，待张伟审批" and a link.
fn robot_text(
    conn: &mut DbConn,
    settings: &Settings,
    change: &ChangeDto,
) -> AppResult<(String, String)> {
    let actor = user_name(conn, change.actor_id)?.unwrap_or_else(|| "系统".to_owned());
    let owner = changes::owner_of(
        &change.entity_type,
        &change.id,
        change.before.as_ref(),
        change.after.as_ref(),
    );
    let waiting = match (change.action.as_str(), owner) {
        ("submitted", Some(o)) => manager_name(conn, o)?.map(|m| format!("，待{m}审批")),
        _ => None,
    };
    let title = format!(
        "{actor}{}了{}{}",
        action_label(&change.action),
        record_label(change),
        waiting.unwrap_or_default()
    );
    let mut text = format!("#### {title}\n\n> {}", change.event);
    if let Some(url) = link(settings, change) {
        text.push_str(&format!("\n\n[打开]({url})"));
    }
    Ok((title, text))
}

/// The feed position a new webhook starts from: now, so it carries what happens next, not
/// the history.
pub fn start_at(conn: &mut DbConn) -> AppResult<salesops_domain::changes::FeedCursor> {
    crate::changes::head(conn)
}
