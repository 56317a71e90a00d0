//! The audit walk's steps for webhooks: admin subscribes, changes, retries a delivery (one
//! written straight in: the walk runs no job runner) and deletes the webhook.

use diesel::prelude::*;
use reqwest::Method;
use salesops::db::schema::audit_events;
use salesops::webhooks::queries::{NewDelivery, add_delivery};
use serde_json::json;

use super::driver::{Body, Walk};
use crate::support::Team;

pub(super) async fn walk(w: &mut Walk<'_>, t: &Team) {
    let admin = t.admin.clone();
    let hook = w
        .post(
            "/api/v1/webhooks",
            None,
            &admin,
            json!({"url": "https://1.1.1.1/hook", "events": ["*"]}),
        )
        .await
        .id();
    w.patch(
        "/api/v1/webhooks/{id}",
        hook,
        &admin,
        json!({"events": ["client.*"]}),
    )
    .await;
    let delivery = {
        let mut conn = w.app.db.get().unwrap();
        let seq: i64 = audit_events::table
            .select(diesel::dsl::max(audit_events::id))
            .first::<Option<i64>>(&mut *conn)
            .unwrap()
            .unwrap();
        salesops::db::write(&mut conn, |tx| {
            add_delivery(
                tx,
                &NewDelivery {
                    webhook_id: hook,
                    event_seq: seq,
                    event: "client.created",
                    payload: "{}",
                    now: salesops::clock::now(),
                },
            )
        })
        .unwrap();
        let res = w
            .app
            .get(&format!("/api/v1/webhooks/{hook}/deliveries"), &admin)
            .await;
        res.body["items"][0]["id"].as_i64().unwrap()
    };
    w.send_to(
        Method::POST,
        "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry",
        &format!("/api/v1/webhooks/{hook}/deliveries/{delivery}/retry"),
        "",
        &admin,
        Body::Json(json!({})),
    )
    .await;
    w.send(
        Method::DELETE,
        "/api/v1/webhooks/{id}",
        Some(hook),
        "",
        &admin,
        Body::None,
    )
    .await;
}
