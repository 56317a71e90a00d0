//! Demo data (`SALESOPS_DEMO=1`): a believable company to click through. Each feature adds
//! its own seeding step to [`seed`].

mod claims;
mod clients;
mod deals;
mod money;
mod pay;
pub(crate) mod plans;
mod reports;
mod scoring;
mod scoring_aim;
mod trainings;

use std::sync::Arc;

use diesel::prelude::*;
use salesops_domain::Role;

use crate::access::Actor;
use crate::audit;
use crate::clock;
use crate::config::Settings;
use crate::db::schema::users;
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::teams::queries::{self as teams_q, NewTeam};
use crate::users::create_system_user as create_user;

/// The demo organisation: two regional teams with a manager each, four salespeople in each,
/// and one finance and one HR user.
/// Every demo user's password unless `SALESOPS_DEMO_PASSWORD` sets one.
pub const DEFAULT_PASSWORD: &str = "demo-pass-2026";

pub struct DemoOrg {
    pub manager_ids: Vec<i64>,
    pub salesperson_ids: Vec<i64>,
    pub team_ids: Vec<i64>,
}

const MANAGERS: [(&str, &str, &str, &str); 2] = [
    ("zhang.wei", "张伟", "华东一部", "华东"),
    ("li.na", "李娜", "华南一部", "华南"),
];

const SALESPEOPLE: [(&str, &str); 8] = [
    ("wang.fang", "王芳"),
    ("liu.yang", "刘洋"),
    ("chen.jing", "陈静"),
    ("yang.lei", "杨磊"),
    ("zhao.min", "赵敏"),
    ("huang.qiang", "黄强"),
    ("zhou.xin", "周欣"),
    ("wu.hao", "吴昊"),
];

/// Seeds the demo company unless it is already there. Returns whether it seeded.
pub fn seed(conn: &mut DbConn, password: &str) -> AppResult<bool> {
    let present: bool = diesel::select(diesel::dsl::exists(
        users::table.filter(users::username.eq(MANAGERS[0].0)),
    ))
    .get_result(conn)?;
    if present {
        return Ok(false);
    }
    // One hash for every demo user: argon2 is slow on purpose.
    let hash = crate::access::password::hash(password)?;
    crate::db::write(conn, |c| {
        let org = seed_org(c, &hash)?;
        let owners: Vec<(i64, &str)> = org
            .salesperson_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, MANAGERS[(i / 4).min(1)].3))
            .collect();
        let clients = clients::seed(c, &owners, 25)?;
        tracing::info!(clients, "demo clients seeded");
        tracing::info!(
            teams = org.team_ids.len(),
            salespeople = org.salesperson_ids.len(),
            "demo organisation seeded"
        );
        Ok(true)
    })
}

fn seed_org(conn: &mut Tx<'_>, password: &str) -> AppResult<DemoOrg> {
    let mut org = DemoOrg {
        manager_ids: Vec::new(),
        salesperson_ids: Vec::new(),
        team_ids: Vec::new(),
    };
    for (i, (username, name, team_name, region)) in MANAGERS.iter().enumerate() {
        let manager = create_user(conn, username, name, password, &[Role::Manager], None)?;
        let now = clock::now();
        let team = teams_q::insert(
            conn,
            &NewTeam {
                name: team_name,
                region: Some(region),
                manager_id: Some(manager),
                parent_id: None,
                created_at: now,
                updated_at: now,
            },
        )?;
        let created = teams_q::find(conn, team)?;
        audit::record::<(), _>(
            conn,
            &Actor::SYSTEM,
            "team.create",
            "team",
            team,
            None,
            created.as_ref(),
        )?;
        diesel::update(users::table.find(manager))
            .set(users::team_id.eq(Some(team)))
            .execute(conn.conn())?;
        for (username, name) in &SALESPEOPLE[i * 4..i * 4 + 4] {
            let id = create_user(
                conn,
                username,
                name,
                password,
                &[Role::Salesperson],
                Some(team),
            )?;
            org.salesperson_ids.push(id);
        }
        org.manager_ids.push(manager);
        org.team_ids.push(team);
    }
    create_user(
        conn,
        "sun.li",
        "孙丽（财务）",
        password,
        &[Role::Finance],
        None,
    )?;
    create_user(conn, "ma.jun", "马军（人事）", password, &[Role::Hr], None)?;
    Ok(org)
}

pub use claims::receipt_files;

/// Everything demo mode seeds, in dependency order: the organisation and its clients, then
/// plans with visits and spot-checks, then deals (projects, contracts, payments, collections;
/// before the weekly reports, whose frozen figures count what was signed and received), then
/// weekly reports, then money (its receipts' files
/// are put in the file store by the server: [`receipt_files`]). Each step skips itself when its
/// data is already there, so a restart seeds nothing twice. Returns whether the organisation
/// was new.
pub fn seed_all(conn: &mut DbConn, password: &str, settings: &Arc<Settings>) -> AppResult<bool> {
    let fresh = seed(conn, password)?;
    if plans::seed(conn, settings)? {
        tracing::info!("demo plans, visits, daily logs and spot-checks seeded");
    }
    if deals::seed(conn, settings)? {
        tracing::info!("demo projects, contracts, payments and collections seeded");
    }
    if reports::seed(conn, settings)? {
        tracing::info!("demo weekly reports seeded");
    }
    if money::seed(conn, settings)? {
        tracing::info!("demo standards, budgets, supplements, advances and claims seeded");
    }
    if scoring::seed(conn, settings)? {
        tracing::info!("demo trainings, scores, an improvement plan and pay seeded");
    }
    Ok(fresh)
}
