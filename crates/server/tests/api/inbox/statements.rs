//! The inbox is a fixed number of statements whatever the data: counted with diesel's
//! instrumentation around the service, before and after the records double.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::Connection;
use diesel::connection::InstrumentationEvent;
use salesops::access::Ctx;
use salesops::db::Backend;

use super::queues::{seed_alerts, seed_queues};
use super::seed::{World, seed_records, submitted_plan, world};
use crate::support::{TestApp, test_settings};

/// Statements the inbox of `user` runs, admission not included; and the inbox itself.
fn statements(app: &TestApp, user: i64) -> (usize, salesops_domain::inbox::InboxDto) {
    let settings = Arc::new(test_settings("sqlite://unused", PathBuf::new()));
    let mut conn = app.db.get().unwrap();
    let ctx = Ctx::as_user(&mut conn, user, settings).unwrap();
    let counter = Arc::new(AtomicUsize::new(0));
    let seen = counter.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let inbox = salesops::inbox::service::inbox(&mut conn, &ctx).unwrap();
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    (counter.load(Ordering::SeqCst), inbox)
}

fn per_role(app: &TestApp, w: &World, admin: i64) -> Vec<(&'static str, usize)> {
    [
        ("salesperson", w.sp1_id),
        ("finance", w.finance_id),
        ("hr", w.hr_id),
        ("manager", w.chief_id),
        ("manager and salesperson", w.boss_id),
        ("admin", admin),
    ]
    .into_iter()
    .map(|(role, id)| (role, statements(app, id).0))
    .collect()
}

pub async fn inbox_statements_do_not_grow_with_the_data(b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = app.admin().await.user_id;
    let w = world(&app).await;
    let (plan, _) = submitted_plan(&app, &w.sp1, "2026-W48").await;
    seed_records(&app, &w, plan, 0);
    seed_queues(&app, &w, 0).await;
    seed_alerts(&app, &w);
    let before = per_role(&app, &w, admin);
    seed_records(&app, &w, plan, 1);
    seed_queues(&app, &w, 1).await;
    submitted_plan(&app, &w.sp3, "2026-W49").await;
    let after = per_role(&app, &w, admin);
    assert_eq!(before, after, "the statements grew with the data");
    // What DECISIONS says: one statement per count (two for the score alerts), plus a
    // manager's team lookups.
    assert_eq!(
        after,
        [
            ("salesperson", 4),
            ("finance", 5),
            ("hr", 6),
            ("manager", 25),
            ("manager and salesperson", 28),
            ("admin", 13),
        ],
    );
    // The doubled records doubled the counts the service gives.
    let (_, hr) = statements(&app, w.hr_id);
    let disputes = hr
        .items
        .iter()
        .find(|i| i.kind.as_str() == "disputes_to_resolve");
    assert_eq!(disputes.map(|i| i.count), Some(4));
}
