//! Finance's reports against sums computed here from the seeded lines; scope. (The files:
//! `report_files`.)

use std::collections::BTreeMap;

use reqwest::StatusCode;
use salesops::db::Backend;
use salesops_domain::Role;
use serde_json::{Value, json};

use super::{Money, line};
use crate::on_both_backends;
use crate::support::PASSWORD;

on_both_backends!(expense_report_matches_the_lines, budget_against_actual);

/// A seeded line: owner, team, date, category, amount, approved amount, the claim's state.
pub(super) struct Seeded {
    owner: i64,
    team: i64,
    date: &'static str,
    category: &'static str,
    fen: i64,
    approved: i64,
    state: &'static str,
}

pub(super) struct World {
    pub m: Money,
    pub mgr2: String,
    pub lines: Vec<Seeded>,
}

/// Claims in every state over two teams and two months.
pub(super) async fn world(b: Backend) -> World {
    let m = Money::new(b).await;
    let (app, t) = (&m.app, &m.t);
    let mgr2_id = app.seed_user("mgr2", &[Role::Manager], None);
    let team_b = app.seed_team("华南", Some(mgr2_id), None);
    let sp9_id = app.seed_user("sp9", &[Role::Salesperson], Some(team_b));
    let sp9 = app.login("sp9", PASSWORD).await.token;
    let mgr2 = app.login("mgr2", PASSWORD).await.token;
    let sp2_id = t.sp1_id + 1;
    for (owner, boss) in [(t.sp1_id, &t.boss), (sp2_id, &t.boss), (sp9_id, &mgr2)] {
        for month in ["2026-11", "2026-12"] {
            for cat in ["travel", "per_diem", "entertainment"] {
                let r = app
                    .post("/api/v1/budgets", boss, json!({"owner_id": owner, "month": month, "category": cat, "amount_fen": 1_000_000}))
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            }
        }
    }
    let ta = t.team_id;
    let mut lines = Vec::new();
    // sp1: paid, with the first line cut to 8000.
    let c = m.claim(&t.sp1, json!({"lines": [line("2026-11-20", "travel", 10000), line("2026-12-02", "per_diem", 5000)]})).await;
    let c = m.ok(&t.sp1, &c, "submit", json!({})).await;
    let first = c["lines"][0]["id"].clone();
    let c = m
        .ok(
            &t.boss,
            &c,
            "approve",
            json!({"lines": [{"id": first, "approved_fen": 8000}]}),
        )
        .await;
    let c = m.ok(&m.fin, &c, "approve", json!({})).await;
    m.ok(&m.fin, &c, "pay", json!({"payment_ref": "P1"})).await;
    lines.push(Seeded {
        owner: t.sp1_id,
        team: ta,
        date: "2026-11-20",
        category: "travel",
        fen: 10000,
        approved: 8000,
        state: "paid",
    });
    lines.push(Seeded {
        owner: t.sp1_id,
        team: ta,
        date: "2026-12-02",
        category: "per_diem",
        fen: 5000,
        approved: 5000,
        state: "paid",
    });
    // sp1: submitted; and a draft that counts nowhere.
    let c = m
        .claim(
            &t.sp1,
            json!({"lines": [line("2026-12-03", "travel", 7000)]}),
        )
        .await;
    m.ok(&t.sp1, &c, "submit", json!({})).await;
    lines.push(Seeded {
        owner: t.sp1_id,
        team: ta,
        date: "2026-12-03",
        category: "travel",
        fen: 7000,
        approved: 0,
        state: "submitted",
    });
    m.claim(
        &t.sp1,
        json!({"lines": [line("2026-12-04", "travel", 999)]}),
    )
    .await;
    // sp2: finance-approved; and a rejected one.
    let c = m
        .claim(
            &t.sp2,
            json!({"lines": [line("2026-12-05", "entertainment", 4000)]}),
        )
        .await;
    let c = m.ok(&t.sp2, &c, "submit", json!({})).await;
    let c = m.ok(&t.boss, &c, "approve", json!({})).await;
    m.ok(&m.fin, &c, "approve", json!({})).await;
    lines.push(Seeded {
        owner: sp2_id,
        team: ta,
        date: "2026-12-05",
        category: "entertainment",
        fen: 4000,
        approved: 4000,
        state: "finance_approved",
    });
    let c = m
        .claim(
            &t.sp2,
            json!({"lines": [line("2026-12-06", "travel", 3000)]}),
        )
        .await;
    let c = m.ok(&t.sp2, &c, "submit", json!({})).await;
    m.ok(&t.boss, &c, "reject", json!({"reason": "重复"})).await;
    // sp9 (the other team): manager-approved.
    let c = m.claim(&sp9, json!({"lines": [line("2026-11-28", "travel", 6000), line("2026-12-01", "travel", 2500)]})).await;
    let c = m.ok(&sp9, &c, "submit", json!({})).await;
    m.ok(&mgr2, &c, "approve", json!({})).await;
    lines.push(Seeded {
        owner: sp9_id,
        team: team_b,
        date: "2026-11-28",
        category: "travel",
        fen: 6000,
        approved: 0,
        state: "manager_approved",
    });
    lines.push(Seeded {
        owner: sp9_id,
        team: team_b,
        date: "2026-12-01",
        category: "travel",
        fen: 2500,
        approved: 0,
        state: "manager_approved",
    });
    World { m, mgr2, lines }
}

/// The expected figures per key, computed from the seeded lines.
fn expected<K: Ord>(
    lines: &[Seeded],
    key: impl Fn(&Seeded) -> K,
    keep: impl Fn(&Seeded) -> bool,
) -> BTreeMap<K, [i64; 4]> {
    let mut out: BTreeMap<K, [i64; 4]> = BTreeMap::new();
    for l in lines.iter().filter(|l| keep(l)) {
        let e = out.entry(key(l)).or_default();
        e[0] += 1;
        e[1] += l.fen;
        if matches!(l.state, "finance_approved" | "paid") {
            e[2] += l.approved;
        }
        if l.state == "paid" {
            e[3] += l.approved;
        }
    }
    out
}

fn figures(row: &Value) -> [i64; 4] {
    ["count", "total_fen", "approved_fen", "paid_fen"].map(|k| row[k].as_i64().unwrap_or(-1))
}

async fn expense_report_matches_the_lines(b: Backend) {
    let w = world(b).await;
    let m = &w.m;
    let r = m
        .get(
            &m.fin,
            "/api/v1/reports/expenses?group_by=person,category,month,state",
        )
        .await;
    let got: BTreeMap<(i64, String, String, String), [i64; 4]> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                (
                    row["owner_id"].as_i64().unwrap(),
                    row["category"].as_str().unwrap().to_owned(),
                    row["month"].as_str().unwrap().to_owned(),
                    row["state"].as_str().unwrap().to_owned(),
                ),
                figures(row),
            )
        })
        .collect();
    let want = expected(
        &w.lines,
        |l| {
            (
                l.owner,
                l.category.to_owned(),
                l.date[..7].to_owned(),
                l.state.to_owned(),
            )
        },
        |_| true,
    );
    assert_eq!(got, want);
    let all = expected(&w.lines, |_| (), |_| true);
    assert_eq!(figures(&r["total"]), all[&()]);
    // By team and month, for December only.
    let r = m
        .get(
            &m.fin,
            "/api/v1/reports/expenses?group_by=team,month&from=2026-12-01&to=2026-12-31",
        )
        .await;
    let got: BTreeMap<(i64, String), [i64; 4]> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                (
                    row["team_id"].as_i64().unwrap(),
                    row["month"].as_str().unwrap().to_owned(),
                ),
                figures(row),
            )
        })
        .collect();
    assert_eq!(
        got,
        expected(
            &w.lines,
            |l| (l.team, l.date[..7].to_owned()),
            |l| l.date >= "2026-12-01"
        )
    );
    assert!(r["rows"][0]["team_name"].is_string());
    assert!(r["rows"][0]["owner_id"].is_null());
    // A manager sees their teams only; a salesperson no report at all.
    let boss = m
        .get(&m.t.boss, "/api/v1/reports/expenses?group_by=person")
        .await;
    let owners: Vec<i64> = boss["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["owner_id"].as_i64().unwrap())
        .collect();
    assert_eq!(owners.len(), 2);
    assert!(!owners.contains(&w.lines[4].owner));
    let mgr2 = m.get(&w.mgr2, "/api/v1/reports/expenses").await;
    assert_eq!(mgr2["total"]["total_fen"], 8500);
    m.app
        .get("/api/v1/reports/expenses", &m.t.sp1)
        .await
        .assert_problem(403, "forbidden");
    let bad = m
        .app
        .get("/api/v1/reports/expenses?group_by=team,weather", &m.fin)
        .await;
    assert_eq!(bad.error_fields(), ["group_by"]);
    // A name said twice groups once.
    let twice = m
        .get(&m.fin, "/api/v1/reports/expenses?group_by=team,team")
        .await;
    let once = m
        .get(&m.fin, "/api/v1/reports/expenses?group_by=team")
        .await;
    assert_eq!(twice, once);
    let reversed = m
        .app
        .get(
            "/api/v1/reports/expenses?from=2026-12-31&to=2026-12-01",
            &m.fin,
        )
        .await;
    assert_eq!(reversed.error_fields(), ["to"]);
}

async fn budget_against_actual(b: Backend) {
    let w = world(b).await;
    let m = &w.m;
    let r = m
        .get(&m.fin, "/api/v1/reports/budget-vs-actual?month=2026-12")
        .await;
    let rows = r["rows"].as_array().unwrap();
    // Three people × three budgeted categories.
    assert_eq!(rows.len(), 9, "{r}");
    for row in rows {
        let (owner, cat) = (
            row["owner_id"].as_i64().unwrap(),
            row["category"].as_str().unwrap(),
        );
        let mine =
            |l: &&Seeded| l.owner == owner && l.category == cat && l.date.starts_with("2026-12");
        let claimed: i64 = w.lines.iter().filter(mine).map(|l| l.fen).sum();
        let approved: i64 = w
            .lines
            .iter()
            .filter(mine)
            .filter(|l| matches!(l.state, "finance_approved" | "paid"))
            .map(|l| l.approved)
            .sum();
        let paid: i64 = w
            .lines
            .iter()
            .filter(mine)
            .filter(|l| l.state == "paid")
            .map(|l| l.approved)
            .sum();
        assert_eq!(row["budget_fen"], 1_000_000, "{row}");
        assert_eq!(row["claimed_fen"], claimed, "{row}");
        assert_eq!(row["approved_fen"], approved, "{row}");
        assert_eq!(row["paid_fen"], paid, "{row}");
        assert_eq!(row["variance_fen"], 1_000_000 - claimed);
    }
    // An approved plan's estimate and an approved supplement join the month's budget.
    let t = &m.t;
    m.approved_plan(&t.sp1, "2026-W50", json!({"travel": 70000}), &[])
        .await;
    let s = m
        .app
        .post(
            "/api/v1/budget-supplements",
            &t.sp1,
            json!({"period": "2026-12", "category": "travel", "amount_fen": 500, "reason": "展会"}),
        )
        .await;
    let sid = s.id();
    let s = m
        .app
        .post(
            &format!("/api/v1/budget-supplements/{sid}/submit"),
            &t.sp1,
            json!({"version": s.body["version"]}),
        )
        .await;
    m.app
        .post(
            &format!("/api/v1/budget-supplements/{sid}/approve"),
            &t.boss,
            json!({"version": s.body["version"]}),
        )
        .await;
    let r = m
        .get(&m.fin, "/api/v1/reports/budget-vs-actual?month=2026-12")
        .await;
    let travel = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["owner_id"] == t.sp1_id && x["category"] == "travel")
        .cloned()
        .unwrap();
    assert_eq!(travel["budget_fen"], 1_000_000 + 70000 + 500);
    let boss = m
        .get(&t.boss, "/api/v1/reports/budget-vs-actual?month=2026-12")
        .await;
    assert!(
        boss["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["owner_id"] != w.lines[4].owner)
    );
}
