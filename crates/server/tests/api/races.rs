//! Handover races keep the search scope (issue 9): two handovers of one leaver at once, and a
//! manager's reassignment racing a handover, leave every client with one owner and the search
//! index agreeing with it. The point is PostgreSQL (row locks, READ COMMITTED); SQLite runs
//! the same scenarios with its serialised writers.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use reqwest::StatusCode;
use salesops::db::Backend;
use salesops::db::schema::{client_search_keys, clients};
use salesops_domain::Role;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{PASSWORD, TestApp};

on_both_backends!(
    two_handovers_of_one_leaver_at_once,
    a_reassignment_racing_a_handover,
);

/// The text every client of these scenarios has in its name.
const FRAGMENT: &str = "竞速";

struct Person {
    id: i64,
    token: String,
}

struct Org {
    admin: String,
    hr: String,
    boss: String,
    team_id: i64,
}

async fn org(app: &TestApp) -> Org {
    let admin = app.admin().await.token;
    let boss_id = app.seed_user("boss", &[Role::Manager], None);
    let team_id = app.seed_team("竞速组", Some(boss_id), None);
    app.seed_user("hr", &[Role::Hr], None);
    Org {
        admin,
        hr: app.login("hr", PASSWORD).await.token,
        boss: app.login("boss", PASSWORD).await.token,
        team_id,
    }
}

async fn member(app: &TestApp, org: &Org, username: &str) -> Person {
    let id = app.seed_user(username, &[Role::Salesperson], Some(org.team_id));
    Person {
        id,
        token: app.login(username, PASSWORD).await.token,
    }
}

/// `n` clients of `owner`, named with [`FRAGMENT`]; returns their ids.
async fn clients_of(app: &TestApp, owner: &Person, tag: &str, n: usize) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for i in 0..n {
        let res = app
            .post(
                "/api/v1/clients",
                &owner.token,
                json!({"name": format!("{FRAGMENT}客户{tag}{i:02}"), "company": format!("{tag}{i:02}号贸易")}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        ids.insert(res.id());
    }
    ids
}

fn item_ids(res: &crate::support::Resp) -> BTreeSet<i64> {
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let items = res.body["items"].as_array().expect("items");
    assert!(
        res.body["total"].as_u64() == Some(items.len() as u64),
        "more than one page: {}",
        res.text
    );
    items.iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

/// Every client's search keys carry the client's owner (and every client has keys).
fn index_agrees_with_owners(app: &TestApp) {
    let mut conn = app.db.get().unwrap();
    let owners: BTreeMap<i64, i64> = clients::table
        .select((clients::id, clients::owner_id))
        .load::<(i64, i64)>(&mut *conn)
        .unwrap()
        .into_iter()
        .collect();
    let keys: Vec<(i64, i64, String)> = client_search_keys::table
        .select((
            client_search_keys::client_id,
            client_search_keys::owner_id,
            client_search_keys::search_key,
        ))
        .load(&mut *conn)
        .unwrap();
    let mut keyed = BTreeSet::new();
    for (client, owner, key) in &keys {
        assert_eq!(
            owners.get(client),
            Some(owner),
            "search key `{key}` of client {client} names owner {owner}, the client's is {:?}",
            owners.get(client)
        );
        keyed.insert(*client);
    }
    let unkeyed: Vec<_> = owners.keys().filter(|c| !keyed.contains(c)).collect();
    assert!(
        unkeyed.is_empty(),
        "clients without search keys: {unkeyed:?}"
    );
}

/// Each person's search finds exactly the clients they own (as the admin lists them by
/// owner), and no client is found by two people.
async fn search_scope_holds(app: &TestApp, org: &Org, people: &[&Person]) -> BTreeSet<i64> {
    index_agrees_with_owners(app);
    let q = format!("/api/v1/clients?per_page=500&q={FRAGMENT}");
    let mut seen = BTreeMap::new();
    for p in people {
        let found = item_ids(&app.get(&q, &p.token).await);
        let owned = item_ids(
            &app.get(
                &format!("/api/v1/clients?per_page=500&owner_id={}", p.id),
                &org.admin,
            )
            .await,
        );
        assert_eq!(found, owned, "user {}: search vs owned", p.id);
        let admin_found = item_ids(&app.get(&format!("{q}&owner_id={}", p.id), &org.admin).await);
        assert_eq!(admin_found, owned, "user {}: admin's search by owner", p.id);
        for c in found {
            if let Some(other) = seen.insert(c, p.id) {
                panic!("client {c} is found by both {other} and {}", p.id);
            }
        }
    }
    // The manager over everyone finds them all, once.
    let team = item_ids(&app.get(&q, &org.boss).await);
    assert_eq!(team, seen.keys().copied().collect());
    team
}

async fn two_handovers_of_one_leaver_at_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let org = org(&app).await;
    let leaver = member(&app, &org, "leaver").await;
    let a = member(&app, &org, "succ.a").await;
    let c = member(&app, &org, "succ.b").await;
    let moving = clients_of(&app, &leaver, "L", 20).await;
    let own_a = clients_of(&app, &a, "A", 2).await;
    let own_c = clients_of(&app, &c, "B", 2).await;
    search_scope_holds(&app, &org, &[&leaver, &a, &c]).await;

    let to = |p: &Person| json!({"from_user_id": leaver.id, "to_user_id": p.id});
    let (first, second) = tokio::join!(
        app.post("/api/v1/handovers", &org.hr, to(&a)),
        app.post("/api/v1/handovers", &org.hr, to(&c)),
    );
    for res in [&first, &second] {
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    let moved = first.body["counts"]["client"].as_i64().unwrap()
        + second.body["counts"]["client"].as_i64().unwrap();
    assert_eq!(moved, 20, "{} / {}", first.text, second.text);

    let all = search_scope_holds(&app, &org, &[&a, &c]).await;
    assert!(moving.is_subset(&all));
    let found_a = item_ids(
        &app.get(
            &format!("/api/v1/clients?per_page=500&q={FRAGMENT}"),
            &a.token,
        )
        .await,
    );
    let found_c = item_ids(
        &app.get(
            &format!("/api/v1/clients?per_page=500&q={FRAGMENT}"),
            &c.token,
        )
        .await,
    );
    assert!(own_a.is_subset(&found_a) && own_c.is_subset(&found_c));
    // Every client of the leaver went to exactly one successor.
    for id in &moving {
        assert!(
            found_a.contains(id) != found_c.contains(id),
            "client {id}: a {} b {}",
            found_a.contains(id),
            found_c.contains(id)
        );
    }
    assert_eq!(
        app.get(
            &format!("/api/v1/clients?per_page=1&owner_id={}", leaver.id),
            &org.admin
        )
        .await
        .body["total"],
        0
    );
}

async fn a_reassignment_racing_a_handover(b: Backend) {
    let app = TestApp::spawn(b).await;
    let org = org(&app).await;
    let a = member(&app, &org, "succ.a").await;
    let c = member(&app, &org, "succ.b").await;
    for round in 0..2 {
        let leaver = member(&app, &org, &format!("leaver{round}")).await;
        let moving: Vec<i64> = clients_of(&app, &leaver, &format!("R{round}"), 20)
            .await
            .into_iter()
            .collect();
        // The manager gives every other client to B while HR hands the leaver's book to A.
        let reassign = moving.iter().step_by(2).map(|id| {
            let app = &app;
            let boss = &org.boss;
            let to = c.id;
            async move {
                app.patch(
                    &format!("/api/v1/clients/{id}"),
                    boss,
                    json!({"owner_id": to}),
                )
                .await
            }
        });
        let (handover, patches) = tokio::join!(
            app.post(
                "/api/v1/handovers",
                &org.hr,
                json!({"from_user_id": leaver.id, "to_user_id": a.id}),
            ),
            futures_util::future::join_all(reassign),
        );
        assert_eq!(handover.status, StatusCode::CREATED, "{}", handover.text);
        // A reassignment that answered 200 is the client's last change (made after the
        // handover, or before it and so left alone by it): B owns it. Every other client of
        // the leaver is A's.
        let mut to_c = BTreeSet::new();
        for (id, res) in moving.iter().step_by(2).zip(&patches) {
            match res.status.as_u16() {
                200 => {
                    assert_eq!(res.body["owner_id"], c.id);
                    to_c.insert(*id);
                }
                // The handover moved it first; the manager reloads and decides again.
                409 => res.assert_problem(409, "stale_version"),
                _ => panic!("reassignment: {}", res.text),
            }
        }
        for id in &moving {
            let owner = app
                .get(&format!("/api/v1/clients/{id}"), &org.admin)
                .await
                .body["owner_id"]
                .as_i64();
            let expected = if to_c.contains(id) { c.id } else { a.id };
            assert_eq!(owner, Some(expected), "client {id}");
        }
        let to_c = to_c.len() as i64;
        let handed = handover.body["counts"]["client"].as_i64().unwrap();
        // Every client went one way or the other, none left with the leaver.
        assert!(
            handed + to_c >= 20 && handed <= 20,
            "handover moved {handed}, reassignments {to_c}"
        );
        eprintln!("round {round}: the handover moved {handed}, the manager {to_c} of 10");
        assert_eq!(
            app.get(
                &format!("/api/v1/clients?per_page=1&owner_id={}", leaver.id),
                &org.admin
            )
            .await
            .body["total"],
            0
        );
        search_scope_holds(&app, &org, &[&a, &c]).await;
    }
}
