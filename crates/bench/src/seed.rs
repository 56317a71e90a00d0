//! Seeding: managers, teams and salespeople, then clients in multi-row INSERTs and follow-ups in
//! one INSERT … SELECT, all in one transaction. The derived columns are filled the way the app
//! fills them: `phone_norm` by `normalize_phone`, `dup_key` by `duplicate_key`, `next_due` by the
//! cadence rule (`salesops_domain::cadence::next_due`) from the latest follow-up.

use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection as _;
use diesel::prelude::*;
use salesops::db::schema::users;
use salesops::db::{Backend, Db, DbConn};
use salesops_domain::cadence::{CadenceInput, next_due};
use salesops_domain::clients::{Stage, Tier};
use salesops_domain::phone::{duplicate_key, normalize_phone};

pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;
/// The password of the salesperson the bench signs in as (the only hashed one).
pub const PASSWORD: &str = "bench-password-123";
/// Follow-ups of one client are this many days apart, the latest being its last contact.
const FOLLOW_UP_GAP_DAYS: i64 = 6;
const CLIENT_BATCH: usize = 1000;

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋",
];
const GIVEN: [&str; 24] = [
    "伟", "芳", "强", "敏", "军", "洁", "磊", "静", "涛", "婷", "勇", "艳", "杰", "娟", "明", "霞",
    "超", "丽", "平", "刚", "华", "红", "斌", "玲",
];
const CITIES: [&str; 12] = [
    "上海", "杭州", "南京", "苏州", "宁波", "广州", "深圳", "东莞", "佛山", "厦门", "成都", "武汉",
];
const BRANDS: [&str; 16] = [
    "华通",
    "恒达",
    "鑫源",
    "宏发",
    "永兴",
    "金泰",
    "联创",
    "中科",
    "天宇",
    "瑞丰",
    "新世纪",
    "东方",
    "长城",
    "海纳",
    "安泰",
    "博远",
];
const TRADES: [(&str, &str); 6] = [
    ("建材", "建材"),
    ("机电设备", "机械"),
    ("环保科技", "环保"),
    ("电子", "电子"),
    ("物流", "物流"),
    ("装饰工程", "建筑"),
];
const POSITIONS: [&str; 5] = ["采购经理", "总经理", "工程部主管", "技术总监", "项目经理"];
const MOBILE_PREFIXES: [&str; 10] = [
    "138", "139", "135", "136", "137", "150", "151", "158", "186", "188",
];

/// A small deterministic generator (the same data every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

pub struct Seeded {
    pub elapsed: Duration,
    pub users: usize,
    pub clients: usize,
    pub follow_ups: i64,
    pub overdue: usize,
    /// The salesperson the bench signs in as.
    pub sign_in: String,
    /// Seven leading digits of one of that salesperson's clients' phone.
    pub phone_prefix: String,
    /// Surname + given name of one of that salesperson's clients.
    pub name_fragment: String,
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "NULL".to_owned(), lit)
}

fn ts(t: NaiveDateTime) -> String {
    lit(&t.format("%Y-%m-%d %H:%M:%S").to_string())
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub fn seed(
    db: &Db,
    clients: usize,
    follow_ups_per_client: usize,
    salespeople: usize,
) -> Result<Seeded, String> {
    let started = Instant::now();
    let mut conn = db.get().map_err(err)?;
    let conn: &mut DbConn = &mut conn;
    // A bulk load outlasts the pool's statement timeout on PostgreSQL (the million
    // follow-ups in one statement); `settle` sets it back.
    if db.backend() == Backend::Postgres {
        conn.batch_execute("SET statement_timeout = 0")
            .map_err(err)?;
    }
    conn.batch_execute("BEGIN").map_err(err)?;
    let result = seed_in(
        conn,
        db.backend(),
        clients,
        follow_ups_per_client,
        salespeople,
    );
    match result {
        Ok(mut s) => {
            conn.batch_execute("COMMIT").map_err(err)?;
            // The search index, built as the server does at start-up for clients stored
            // without it (in transactions of 1,000 clients).
            salesops::clients::search::backfill(conn).map_err(err)?;
            // Statistics and a checkpoint on PostgreSQL; SQLite is measured without
            // statistics (the server runs no ANALYZE).
            crate::harness::settle(
                conn,
                db.backend(),
                &[
                    "users",
                    "teams",
                    "user_roles",
                    "sessions",
                    "clients",
                    "follow_ups",
                    "client_search_keys",
                ],
            )?;
            s.elapsed = started.elapsed();
            Ok(s)
        }
        Err(e) => {
            let _ = conn.batch_execute("ROLLBACK");
            Err(e)
        }
    }
}

fn seed_in(
    conn: &mut DbConn,
    backend: Backend,
    n_clients: usize,
    per_client: usize,
    salespeople: usize,
) -> Result<Seeded, String> {
    let now = Utc::now().naive_utc();
    let now_s = ts(now);
    let today = Utc::now().with_timezone(&TZ).date_naive();
    let n_teams = salespeople.div_ceil(10);

    // Managers, their teams, the salespeople (10 a team) and roles.
    let managers: Vec<String> = (1..=n_teams)
        .map(|t| {
            format!(
                "({}, {}, '!', {now_s}, {now_s})",
                lit(&format!("mgr{t:03}")),
                lit(&format!("{}经理{t}", SURNAMES[t % SURNAMES.len()])),
            )
        })
        .collect();
    conn.batch_execute(&format!(
        "INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES {}",
        managers.join(",")
    ))
    .map_err(err)?;
    let teams: Vec<String> = (1..=n_teams)
        .map(|t| {
            format!(
                "({}, {}, (SELECT id FROM users WHERE username = {}), {now_s}, {now_s})",
                lit(&format!("{}{t}组", CITIES[t % CITIES.len()])),
                lit(CITIES[t % CITIES.len()]),
                lit(&format!("mgr{t:03}")),
            )
        })
        .collect();
    conn.batch_execute(&format!(
        "INSERT INTO teams (name, region, manager_id, created_at, updated_at) VALUES {}",
        teams.join(",")
    ))
    .map_err(err)?;
    let sales: Vec<String> = (1..=salespeople)
        .map(|s| {
            let team = (s - 1) / 10 + 1;
            format!(
                "({}, {}, '!', (SELECT id FROM teams WHERE manager_id = (SELECT id FROM users WHERE username = {})), {now_s}, {now_s})",
                lit(&format!("sales{s:03}")),
                lit(&format!(
                    "{}{}{}",
                    SURNAMES[s % SURNAMES.len()],
                    GIVEN[(s / 3) % GIVEN.len()],
                    GIVEN[(s * 7) % GIVEN.len()]
                )),
                lit(&format!("mgr{team:03}")),
            )
        })
        .collect();
    for chunk in sales.chunks(500) {
        conn.batch_execute(&format!(
            "INSERT INTO users (username, display_name, password_hash, team_id, created_at, updated_at) VALUES {}",
            chunk.join(",")
        ))
        .map_err(err)?;
    }
    conn.batch_execute(
        "INSERT INTO user_roles (user_id, role) SELECT id, 'manager' FROM users WHERE username LIKE 'mgr%';
         INSERT INTO user_roles (user_id, role) SELECT id, 'salesperson' FROM users WHERE username LIKE 'sales%';",
    )
    .map_err(err)?;
    let sign_in = "sales001".to_owned();
    let hash = salesops::access::password::hash(PASSWORD).map_err(err)?;
    diesel::update(users::table.filter(users::username.eq(&sign_in)))
        .set(users::password_hash.eq(hash))
        .execute(conn)
        .map_err(err)?;
    let sales_ids: Vec<i64> = users::table
        .filter(users::username.like("sales%"))
        .order(users::username.asc())
        .select(users::id)
        .load(conn)
        .map_err(err)?;
    let target = sales_ids.first().copied().ok_or("no salespeople")?;

    // Clients.
    let mut rng = Lcg(2026);
    let mut overdue = 0usize;
    let mut phone_prefix = None;
    let mut name_fragment = None;
    let mut batch: Vec<String> = Vec::with_capacity(CLIENT_BATCH);
    for i in 0..n_clients {
        // Owners spread evenly with some skew: every salesperson gets clients, some more.
        let owner = if rng.next(4) == 0 {
            sales_ids[rng.next(sales_ids.len().div_ceil(5) as u64) as usize]
        } else {
            sales_ids[i % sales_ids.len()]
        };
        let surname = SURNAMES[rng.next(SURNAMES.len() as u64) as usize];
        let given = GIVEN[rng.next(GIVEN.len() as u64) as usize];
        let name = if rng.next(2) == 0 {
            format!("{surname}{given}")
        } else {
            format!(
                "{surname}{given}{}",
                GIVEN[rng.next(GIVEN.len() as u64) as usize]
            )
        };
        let city = CITIES[rng.next(CITIES.len() as u64) as usize];
        let (trade, industry) = TRADES[rng.next(TRADES.len() as u64) as usize];
        let company = format!(
            "{city}{}{trade}有限公司",
            BRANDS[rng.next(BRANDS.len() as u64) as usize]
        );
        // Distinct mobiles: a prefix and 8 digits from a permutation of the index.
        let digits = (i as u64 * 7919 + 13_572_468) % 100_000_000;
        let prefix = MOBILE_PREFIXES[i % MOBILE_PREFIXES.len()];
        let raw = format!("{prefix}{digits:08}");
        let phone = match rng.next(4) {
            0 => format!("+86 {} {} {}", &raw[..3], &raw[3..7], &raw[7..]),
            1 => raw.clone(),
            _ => format!("{}-{}-{}", &raw[..3], &raw[3..7], &raw[7..]),
        };
        let phone_norm = normalize_phone(&phone);
        let dup_key = duplicate_key(Some(&company), &name);
        let tier = if rng.next(5) == 0 {
            Tier::Key
        } else {
            Tier::General
        };
        let stage = match rng.next(20) {
            0..=7 => Stage::Prospect,
            8..=13 => Stage::Intent,
            14..=16 => Stage::Customer,
            _ => Stage::Lost,
        };
        let last_at = now - Days::days(1 + rng.next(60) as i64) - Days::hours(rng.next(9) as i64);
        let created = last_at - Days::days(FOLLOW_UP_GAP_DAYS * per_client as i64 + 3);
        let last_contact =
            (per_client > 0).then(|| last_at.and_utc().with_timezone(&TZ).date_naive());
        let due = next_due(&CadenceInput {
            tier,
            stage,
            archived: false,
            created_on: created.and_utc().with_timezone(&TZ).date_naive(),
            last_contact,
            explicit_next: None,
            // No stage history is seeded, so the app finds no sale date either.
            sale_date: None,
            after_sale_contacts: Vec::new(),
            in_design_project: false,
        });
        if due.is_some_and(|d| d < today) {
            overdue += 1;
        }
        if owner == target {
            if phone_prefix.is_none() {
                phone_prefix = phone_norm.as_deref().map(|p| p[..7].to_owned());
            }
            if name_fragment.is_none() {
                name_fragment = Some(format!("{surname}{given}"));
            }
        }
        let source = [
            "industry_report",
            "online",
            "trade_fair",
            "peer_referral",
            "internal_referral",
            "other",
        ][rng.next(6) as usize];
        let credit = match rng.next(20) {
            0 => "bad",
            1 | 2 => "abnormal",
            _ => "normal",
        };
        batch.push(format!(
            "({},{},{},{},{},{},{},{},{},{},{},{},{},{owner},{},{},{},{})",
            lit(&name),
            lit(&company),
            lit(POSITIONS[rng.next(5) as usize]),
            lit(&phone),
            opt(phone_norm.as_deref()),
            opt(dup_key.as_deref()),
            lit(city),
            lit(industry),
            lit(source),
            lit(tier.as_str()),
            lit(stage.as_str()),
            lit(credit),
            lit("关注价格与交货期"),
            opt(due.map(|d| d.format("%Y-%m-%d").to_string()).as_deref()),
            if per_client > 0 {
                ts(last_at)
            } else {
                "NULL".to_owned()
            },
            ts(created),
            ts(last_at),
        ));
        if batch.len() == CLIENT_BATCH || i + 1 == n_clients {
            conn.batch_execute(&format!(
                "INSERT INTO clients (name, company, position, phone, phone_norm, dup_key, region, industry, \
                 source, tier, stage, credit, needs, owner_id, next_due, last_follow_up_at, created_at, updated_at) VALUES {}",
                batch.join(",")
            ))
            .map_err(err)?;
            batch.clear();
        }
    }

    // Follow-ups: `per_client` a client, FOLLOW_UP_GAP_DAYS apart, the latest at the client's
    // last contact; `occurred_on` is the day in Asia/Shanghai (UTC+8, no DST).
    if per_client > 0 {
        let last = per_client - 1;
        let sql = match backend {
            Backend::Sqlite => format!(
                "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < {last})
                 INSERT INTO follow_ups (client_id, author_id, kind, occurred_at, occurred_on, summary, next_step, created_at)
                 SELECT c.id, c.owner_id,
                   CASE (c.id + k.n) % 5 WHEN 0 THEN 'visit' WHEN 1 THEN 'call' WHEN 2 THEN 'letter' WHEN 3 THEN 'meeting' ELSE 'after_sales' END,
                   datetime(c.last_follow_up_at, '-' || (k.n * {FOLLOW_UP_GAP_DAYS}) || ' days'),
                   date(c.last_follow_up_at, '-' || (k.n * {FOLLOW_UP_GAP_DAYS}) || ' days', '+8 hours'),
                   CASE (c.id * 7 + k.n) % 4 WHEN 0 THEN '介绍新产品，客户有兴趣' WHEN 1 THEN '电话沟通报价，客户要比价'
                     WHEN 2 THEN '送样品，约下周看现场' ELSE '回访使用情况，整体满意' END,
                   '保持跟进',
                   datetime(c.last_follow_up_at, '-' || (k.n * {FOLLOW_UP_GAP_DAYS}) || ' days')
                 FROM clients c CROSS JOIN k WHERE c.last_follow_up_at IS NOT NULL"
            ),
            Backend::Postgres => format!(
                "INSERT INTO follow_ups (client_id, author_id, kind, occurred_at, occurred_on, summary, next_step, created_at)
                 SELECT c.id, c.owner_id,
                   (ARRAY['visit','call','letter','meeting','after_sales'])[1 + (c.id + k.n) % 5],
                   c.last_follow_up_at - k.n * interval '{FOLLOW_UP_GAP_DAYS} days',
                   to_char(c.last_follow_up_at - k.n * interval '{FOLLOW_UP_GAP_DAYS} days' + interval '8 hours', 'YYYY-MM-DD'),
                   (ARRAY['介绍新产品，客户有兴趣','电话沟通报价，客户要比价','送样品，约下周看现场','回访使用情况，整体满意'])[1 + (c.id * 7 + k.n) % 4],
                   '保持跟进',
                   c.last_follow_up_at - k.n * interval '{FOLLOW_UP_GAP_DAYS} days'
                 FROM clients c CROSS JOIN generate_series(0, {last}) AS k(n) WHERE c.last_follow_up_at IS NOT NULL"
            ),
        };
        conn.batch_execute(&sql).map_err(err)?;
    }
    let follow_ups: i64 = salesops::db::schema::follow_ups::table
        .count()
        .get_result(conn)
        .map_err(err)?;
    Ok(Seeded {
        elapsed: Duration::ZERO,
        users: n_teams + salespeople,
        clients: n_clients,
        follow_ups,
        overdue,
        sign_in,
        phone_prefix: phone_prefix.unwrap_or_else(|| "138".to_owned()),
        name_fragment: name_fragment.unwrap_or_else(|| "王".to_owned()),
    })
}
