//! Demo clients (`SALESOPS_DEMO=1`): about 200 clients over the demo salespeople, follow-ups
//! over the last 8 weeks, some overdue, some open cases. Deterministic, and fast: single-row
//! inserts inside the demo transaction, no password hashing.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use salesops_domain::clients::{CreateClientRequest, Credit, SourceChannel, Stage, Tier};
use salesops_domain::follow_ups::FollowUpKind;

use crate::access::Actor;
use crate::cases::queries as cases_q;
use crate::clients::queries as q;
use crate::clients::scope::local_day;
use crate::clients::service::insert_client;
use crate::clock;
use crate::db::Tx;
use crate::db::schema::{client_history, clients};
use crate::error::AppResult;
use crate::follow_ups::queries::{self as fq, NewFollowUp};

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: [&str; 10] = ["伟", "芳", "强", "敏", "军", "洁", "磊", "静", "涛", "婷"];
const CITIES: [&str; 10] = [
    "上海", "杭州", "南京", "苏州", "宁波", "广州", "深圳", "东莞", "佛山", "厦门",
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
const SUMMARIES: [&str; 6] = [
    "介绍新产品，客户有兴趣",
    "电话沟通报价，客户要比价",
    "送样品，约下周看现场",
    "回访使用情况，整体满意",
    "催款函已寄出",
    "洽谈年度框架合同",
];

/// A tiny deterministic generator (the same demo every time).
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Seeds `per_person` clients for each `(salesperson, region)`. Returns how many.
pub fn seed(conn: &mut Tx<'_>, salespeople: &[(i64, &str)], per_person: usize) -> AppResult<usize> {
    let tz = chrono_tz::Asia::Shanghai;
    let now = clock::now();
    let mut rng = Lcg(2026);
    let mut n = 0usize;
    for (owner, region) in salespeople {
        for _ in 0..per_person {
            n += 1;
            let (trade, industry) = TRADES[rng.next(6) as usize];
            let city = CITIES[rng.next(10) as usize];
            let req = CreateClientRequest {
                name: format!("{}{}", SURNAMES[n % 20], GIVEN[(n / 20) % 10]),
                company: Some(format!("{city}{trade}有限公司{n:03}")),
                position: Some(POSITIONS[rng.next(5) as usize].to_owned()),
                phone: Some(format!("13{}{:08}", 5 + n % 5, 10_000_000 + n * 7919)),
                region: Some((*region).to_owned()),
                industry: Some(industry.to_owned()),
                address: Some(format!("{city}市工业园区{}号", 10 + n)),
                source: SourceChannel::ALL[rng.next(6) as usize],
                tier: if n.is_multiple_of(5) {
                    Tier::Key
                } else {
                    Tier::General
                },
                stage: Stage::Prospect,
                credit: match rng.next(20) {
                    0 => Credit::Bad,
                    1 | 2 => Credit::Abnormal,
                    _ => Credit::Normal,
                },
                needs: Some("关注价格与交货期".to_owned()),
                ..Default::default()
            };
            let id = insert_client(conn, &Actor::SYSTEM, None, &req, *owner, tz)?;
            let created = now - Duration::days(60 + rng.next(60) as i64);
            diesel::update(clients::table.find(id))
                .set((
                    clients::created_at.eq(created),
                    clients::updated_at.eq(created),
                ))
                .execute(conn.conn())?;
            diesel::update(client_history::table.filter(client_history::client_id.eq(id)))
                .set(client_history::changed_at.eq(created))
                .execute(conn.conn())?;
            let stage = match rng.next(10) {
                0..=3 => Stage::Prospect,
                4..=6 => Stage::Intent,
                7 | 8 => Stage::Customer,
                _ => Stage::Lost,
            };
            if stage != Stage::Prospect {
                let at = now - Duration::days(3 + rng.next(30) as i64);
                diesel::update(clients::table.find(id))
                    .set(clients::stage.eq(stage.as_str()))
                    .execute(conn.conn())?;
                q::insert_history(
                    conn,
                    id,
                    "stage",
                    Some("prospect"),
                    Some(stage.as_str()),
                    None,
                    at,
                )?;
            }
            seed_follow_ups(conn, &mut rng, id, *owner, now, tz)?;
            crate::clients::cadence::refresh(conn, id, tz, now)?;
        }
    }
    Ok(n)
}

fn seed_follow_ups(
    conn: &mut Tx<'_>,
    rng: &mut Lcg,
    client_id: i64,
    author: i64,
    now: NaiveDateTime,
    tz: chrono_tz::Tz,
) -> AppResult<()> {
    // Most clients were contacted within the last 8 weeks, some not for a while (overdue).
    let count = rng.next(5);
    let mut last: Option<NaiveDateTime> = None;
    let mut days: Vec<i64> = (0..count).map(|_| 1 + rng.next(56) as i64).collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    for d in days {
        let at = now - Duration::days(d) - Duration::hours(rng.next(8) as i64);
        let kind = FollowUpKind::ALL[rng.next(5) as usize];
        let complaint = (rng.next(25) == 0).then(|| "交货延迟，要求说明".to_owned());
        let id = fq::insert(
            conn,
            &NewFollowUp {
                client_id,
                author_id: author,
                kind: kind.as_str(),
                occurred_at: at,
                occurred_on: local_day(at, tz).to_string(),
                summary: SUMMARIES[rng.next(6) as usize].to_owned(),
                needs: None,
                complaint: complaint.clone(),
                next_step: Some("保持跟进".to_owned()),
                next_follow_up_date: None,
                created_at: at,
                contract_id: None,
                method: None,
            },
        )?;
        if let Some(text) = complaint {
            cases_q::insert(conn, client_id, Some(id), author, &text, at)?;
        }
        last = Some(at);
    }
    if let Some(at) = last {
        diesel::update(clients::table.find(client_id))
            .set(clients::last_follow_up_at.eq(Some(at)))
            .execute(conn.conn())?;
    }
    Ok(())
}
