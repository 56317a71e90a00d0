//! Demo deals (`SALESOPS_DEMO=1`, SPEC §3): for every demo salesperson four projects on their
//! clients — every stage shows up, three are lost with their reason — and 20 contracts in
//! all: two signed each (one about half a year ago, one recent; 2–5 schedule lines from about
//! 200 days back to about 120 ahead), one of them re-signed as a revision and one with a
//! revision in review, and four still drafted, in review or approved (the review inboxes).
//! Finance records the payments — on time, late, in part, or not at all — so every aging
//! bucket holds money and two clients are more than 90 days overdue (credit proposals); the
//! salespeople log their collection calls, letters and visits.
//!
//! Written through the services, as the API would write it (history, allocations, audit);
//! each step's `Ctx::now` is set to the day it happened, so the history, the payments and the
//! follow-ups read in the order they were done. Deterministic: days are counted from today
//! and the amounts come from the demo's generator.

use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use diesel::prelude::*;
use salesops_domain::budgets::DecideRequest;
use salesops_domain::clients::Credit;
use salesops_domain::deals::{
    ContractDto, ContractRequest, OpenLine, PaymentMethod, PaymentRequest, ProjectRequest,
    ProjectStage, ScheduleItem, SignRequest, StageRequest, allocate,
};
use salesops_domain::expenses::VersionRequest;
use salesops_domain::follow_ups::{CollectionMethod, CreateFollowUpRequest, FollowUpKind};
use salesops_domain::period::local_to_utc;

use super::clients::Lcg;
use super::money::People;
use crate::access::Ctx;
use crate::clock;
use crate::config::Settings;
use crate::db::schema::{clients, projects};
use crate::db::{DbConn, Tx};
use crate::error::AppResult;
use crate::{contracts, follow_ups};

const PROJECT_NAMES: [&str; 8] = [
    "办公楼装修工程",
    "厂房扩建项目",
    "生产线改造",
    "仓储中心建设",
    "展厅设计施工",
    "中央空调更换",
    "外墙翻新工程",
    "智能化改造",
];

const LOST_REASONS: [&str; 3] = [
    "报价高于竞争对手约 8%，客户选了本地供应商",
    "客户项目预算削减，采购暂停",
    "交货期满足不了客户的开工时间",
];

/// How a client pays its schedule lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Payer {
    /// In full, a few days before the line is due.
    Prompt,
    /// In full, one to five weeks after it is due.
    Late,
    /// Half of each line, near its due date.
    Partial,
    /// The down payment, then nothing.
    Stopped,
}

const OLD_PAYERS: [Payer; 8] = [
    Payer::Prompt,
    Payer::Stopped,
    Payer::Late,
    Payer::Partial,
    Payer::Prompt,
    Payer::Late,
    Payer::Stopped,
    Payer::Prompt,
];
const RECENT_PAYERS: [Payer; 8] = [
    Payer::Late,
    Payer::Prompt,
    Payer::Partial,
    Payer::Prompt,
    Payer::Stopped,
    Payer::Prompt,
    Payer::Late,
    Payer::Partial,
];

/// Seeds the deals unless there are projects already. Needs the demo clients.
pub fn seed(conn: &mut DbConn, settings: &Arc<Settings>) -> AppResult<bool> {
    let count: i64 = projects::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(false);
    }
    crate::db::write(conn, |tx| {
        let people = super::money::people(tx, settings)?;
        let mut deals = Deals {
            people: &people,
            tz: settings.timezone,
            today: Utc::now().with_timezone(&settings.timezone).date_naive(),
            rng: Lcg(2027),
            numbers: 0,
        };
        for n in 0..people.sales.len() {
            deals.salesperson(tx, n)?;
        }
        Ok(())
    })?;
    Ok(true)
}

/// A signed contract's plan: when, how many lines how far apart, who pays how, and whether a
/// revision follows (`Some((days after signing, signed too))`).
struct Signed {
    project: i64,
    client: i64,
    title: String,
    amount_fen: i64,
    days_ago: i64,
    lines: usize,
    gap_days: i64,
    payer: Payer,
    revision: Option<(i64, bool)>,
}

/// 2–5 lines from a week after signing, `gap` days apart, adding up to `amount`.
fn schedule(signed: NaiveDate, lines: usize, gap: i64, amount: i64) -> Vec<ScheduleItem> {
    let parts: &[(&str, i64)] = match lines {
        0..=2 => &[("预付款", 60), ("验收款", 40)],
        3 => &[("预付款", 30), ("到货款", 60), ("质保金", 10)],
        4 => &[
            ("预付款", 30),
            ("进度款", 30),
            ("验收款", 30),
            ("质保金", 10),
        ],
        _ => &[
            ("预付款", 20),
            ("第一期进度款", 30),
            ("第二期进度款", 30),
            ("验收款", 15),
            ("质保金", 5),
        ],
    };
    let mut left = amount;
    parts
        .iter()
        .enumerate()
        .map(|(i, (label, pct))| {
            let fen = if i + 1 == parts.len() {
                left
            } else {
                amount * pct / 100
            };
            left -= fen;
            ScheduleItem {
                due_on: signed + Duration::days(7 + gap * i as i64),
                amount_fen: fen,
                label: (*label).to_owned(),
            }
        })
        .collect()
}

struct Deals<'a> {
    people: &'a People,
    tz: chrono_tz::Tz,
    today: NaiveDate,
    rng: Lcg,
    numbers: u32,
}

impl Deals<'_> {
    fn day(&self, offset: i64) -> NaiveDate {
        self.today + Duration::days(offset)
    }

    /// `ctx` as it was at `hour:minute` on `day` (never later than now).
    fn on(&self, ctx: &Ctx, day: NaiveDate, hour: u32, minute: u32) -> Ctx {
        let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default();
        Ctx {
            principal: ctx.principal.clone(),
            settings: ctx.settings.clone(),
            now: local_to_utc(day, time, self.tz).min(clock::now()),
        }
    }

    /// 50,000 – 1,000,000 yuan, in whole ten-thousands.
    fn amount(&mut self) -> i64 {
        (5 + self.rng.next(96) as i64) * 10_000 * 100
    }

    fn salesperson(&mut self, tx: &mut Tx<'_>, n: usize) -> AppResult<()> {
        let Some((sp, _)) = self.people.sales.get(n) else {
            return Ok(());
        };
        // Deals go to clients whose credit is still normal (the credit proposal is the point).
        let mine: Vec<i64> = clients::table
            .filter(clients::owner_id.eq(sp.user_id))
            .filter(clients::archived_at.is_null())
            .filter(clients::credit.eq(Credit::Normal.as_str()))
            .select(clients::id)
            .order(clients::id.asc())
            .limit(4)
            .load(tx.conn())?;
        let [c0, c1, c2, c3] = mine[..] else {
            return Ok(());
        };
        let k = n as i64;
        let name = |i: usize| PROJECT_NAMES[(n * 4 + i) % PROJECT_NAMES.len()];

        // The older deal: signed 144–200 days ago, executed and accepted, won for every other.
        use ProjectStage::*;
        let s0 = 200 - 8 * k;
        let mut path = vec![
            (Bidding, -(s0 + 55)),
            (DetailedDesign, -(s0 + 30)),
            (Execution, -s0),
            (Acceptance, -s0 + 110),
        ];
        if n.is_multiple_of(2) {
            path.push((Won, -s0 + 130));
        }
        let amount = self.amount();
        let p0 = self.project(tx, n, c0, name(0), amount, -(s0 + 75), &path, None)?;
        self.signed(
            tx,
            n,
            Signed {
                project: p0,
                client: c0,
                title: format!("{}合同", name(0)),
                amount_fen: amount,
                days_ago: s0,
                lines: 3 + n % 3,
                gap_days: 60,
                payer: OLD_PAYERS[n % 8],
                revision: (n == 6).then_some((s0 - 3, false)),
            },
        )?;

        // The recent deal: signed 20–104 days ago, in execution.
        let s1 = 20 + 12 * k;
        let path = [
            (Bidding, -(s1 + 40)),
            (DetailedDesign, -(s1 + 20)),
            (Execution, -s1),
        ];
        let amount = self.amount();
        let p1 = self.project(tx, n, c1, name(1), amount, -(s1 + 60), &path, None)?;
        self.signed(
            tx,
            n,
            Signed {
                project: p1,
                client: c1,
                title: format!("{}合同", name(1)),
                amount_fen: amount,
                days_ago: s1,
                lines: 2 + (n + 1) % 4,
                gap_days: 40,
                payer: RECENT_PAYERS[n % 8],
                revision: (n == 2).then_some((20, true)),
            },
        )?;

        // The one being won: a contract under review for every other salesperson.
        let amount = self.amount();
        let path: Vec<(ProjectStage, i64)> = if n % 2 == 1 {
            vec![(Bidding, -(20 + 3 * k)), (DetailedDesign, -(10 + k))]
        } else if n % 4 == 2 {
            vec![(Bidding, -(15 + k))]
        } else {
            Vec::new()
        };
        let p2 = self.project(tx, n, c2, name(2), amount, -(30 + 3 * k), &path, None)?;
        if n % 2 == 1 {
            self.pending(tx, n, c2, p2, &format!("{}合同", name(2)), amount)?;
        }

        // A fresh lead, or one lost.
        let amount = self.amount();
        let lost = n
            .is_multiple_of(3)
            .then(|| LOST_REASONS[(n / 3) % LOST_REASONS.len()]);
        let path: Vec<(ProjectStage, i64)> = match lost {
            Some(_) => vec![(Bidding, -(60 + k)), (Lost, -(40 + k))],
            None => Vec::new(),
        };
        self.project(tx, n, c3, name(3), amount, -(90 + 5 * k), &path, lost)?;
        Ok(())
    }

    /// A project opened on `start` (days from today) and moved along `path`.
    #[expect(clippy::too_many_arguments, reason = "one seeding step")]
    fn project(
        &mut self,
        tx: &mut Tx<'_>,
        n: usize,
        client_id: i64,
        name: &str,
        expected_amount_fen: i64,
        start: i64,
        path: &[(ProjectStage, i64)],
        lost_reason: Option<&str>,
    ) -> AppResult<i64> {
        let Some((sp, _)) = self.people.sales.get(n) else {
            return Ok(0);
        };
        let open = !path
            .iter()
            .any(|(s, _)| matches!(s, ProjectStage::Won | ProjectStage::Lost));
        let bidding = path.iter().find(|(s, _)| *s == ProjectStage::Bidding);
        let p = crate::projects::service::create(
            tx,
            &self.on(sp, self.day(start), 9, 30),
            &ProjectRequest {
                client_id,
                name: name.to_owned(),
                expected_amount_fen,
                bid_date: bidding.map(|(_, d)| self.day(*d + 14)),
                expected_close: open.then(|| self.day(30 + 7 * (n as i64 % 8))),
                notes: Some("客户决策链：总经理、工程部、采购部".to_owned()),
                version: None,
            },
        )?;
        let mut version = p.version;
        for (stage, day) in path {
            let note = match stage {
                ProjectStage::Lost => lost_reason.map(str::to_owned),
                ProjectStage::Won => Some("合同执行完毕，客户验收合格".to_owned()),
                _ => None,
            };
            let moved = crate::projects::service::move_stage(
                tx,
                &self.on(sp, self.day(*day), 17, 0),
                p.id,
                &StageRequest {
                    stage: *stage,
                    version,
                    note,
                },
            )?;
            version = moved.version;
        }
        Ok(p.id)
    }

    fn number(&mut self, day: NaiveDate) -> String {
        self.numbers += 1;
        format!("HT{}{:02}", day.format("%Y%m%d"), self.numbers)
    }

    /// A contract drafted and submitted before `signed`, approved by the manager or finance,
    /// signed by its owner on that day.
    #[expect(clippy::too_many_arguments, reason = "one seeding step")]
    fn contract_until(
        &mut self,
        tx: &mut Tx<'_>,
        n: usize,
        req: &ContractRequest,
        created: NaiveDate,
        submit: Option<NaiveDate>,
        approve: Option<NaiveDate>,
        sign: Option<NaiveDate>,
    ) -> AppResult<ContractDto> {
        let Some((sp, boss)) = self.people.sales.get(n) else {
            return Err(crate::error::AppError::NotFound("salesperson"));
        };
        let mut c = contracts::service::create(tx, &self.on(sp, created, 10, 0), req)?;
        if let Some(day) = submit {
            let v = VersionRequest { version: c.version };
            c = contracts::service::submit(tx, &self.on(sp, day, 16, 0), c.id, &v)?;
        }
        if let Some(day) = approve {
            // Managers review the contracts of their own team; finance takes every third.
            let reviewer = if self.numbers.is_multiple_of(3) {
                &self.people.finance
            } else {
                boss
            };
            let req = DecideRequest {
                version: c.version,
                comment: Some("条款和付款计划已核对".to_owned()),
            };
            c = contracts::service::approve(tx, &self.on(reviewer, day, 11, 0), c.id, &req)?;
        }
        if let Some(day) = sign {
            let req = SignRequest {
                signed_on: day,
                version: c.version,
            };
            c = contracts::service::sign(tx, &self.on(sp, day, 15, 0), c.id, &req)?;
        }
        Ok(c)
    }

    /// A contract not yet signed: in review (n = 1, 5), a draft (3) or approved (7).
    fn pending(
        &mut self,
        tx: &mut Tx<'_>,
        n: usize,
        client_id: i64,
        project_id: i64,
        title: &str,
        amount: i64,
    ) -> AppResult<()> {
        let created = self.day(-8);
        let number = self.number(created);
        let schedule = schedule(self.day(10), 3, 45, amount);
        let req = ContractRequest {
            client_id,
            project_id: Some(project_id),
            number,
            title: title.to_owned(),
            amount_fen: amount,
            schedule,
            version: None,
        };
        let (submit, approve) = match n {
            3 => (None, None),
            7 => (Some(self.day(-7)), Some(self.day(-5))),
            _ => (Some(self.day(-6)), None),
        };
        self.contract_until(tx, n, &req, created, submit, approve, None)?;
        Ok(())
    }

    /// A signed contract with its payments (and revision), then the collection follow-ups.
    fn signed(&mut self, tx: &mut Tx<'_>, n: usize, plan: Signed) -> AppResult<()> {
        let signed_on = self.day(-plan.days_ago);
        let created = signed_on - Duration::days(14);
        let number = self.number(created);
        let schedule = schedule(signed_on, plan.lines, plan.gap_days, plan.amount_fen);
        let req = ContractRequest {
            client_id: plan.client,
            project_id: Some(plan.project),
            number,
            title: plan.title.clone(),
            amount_fen: plan.amount_fen,
            schedule: schedule.clone(),
            version: None,
        };
        let mut contract = self.contract_until(
            tx,
            n,
            &req,
            created,
            Some(signed_on - Duration::days(10)),
            Some(signed_on - Duration::days(7)),
            Some(signed_on),
        )?;
        let payments = self.payments(&schedule, plan.payer);
        let revised_on = plan
            .revision
            .map(|(after, _)| signed_on + Duration::days(after));
        let mut seq = 0;
        for (day, amount) in &payments {
            if revised_on.is_some_and(|r| *day >= r) {
                continue;
            }
            seq += 1;
            self.pay(tx, contract.id, *day, *amount, seq)?;
        }
        if let (Some(day), Some((_, sign_too))) = (revised_on, plan.revision) {
            contract = self.revise(tx, n, &contract, day, sign_too)?;
        }
        for (day, amount) in &payments {
            if revised_on.is_some_and(|r| *day >= r) {
                seq += 1;
                self.pay(tx, contract.id, *day, *amount, seq)?;
            }
        }
        self.collections(tx, n, contract.id)
    }

    /// What `payer` paid against `schedule`, by day, up to yesterday.
    fn payments(&mut self, schedule: &[ScheduleItem], payer: Payer) -> Vec<(NaiveDate, i64)> {
        let yesterday = self.day(-1);
        let mut out = Vec::new();
        for (i, line) in schedule.iter().enumerate() {
            let (day, fen) = match payer {
                Payer::Prompt => (
                    line.due_on - Duration::days(self.rng.next(5) as i64),
                    line.amount_fen,
                ),
                Payer::Late => (
                    line.due_on + Duration::days(8 + self.rng.next(28) as i64),
                    line.amount_fen,
                ),
                Payer::Partial => (
                    line.due_on + Duration::days(self.rng.next(5) as i64),
                    line.amount_fen / 2,
                ),
                Payer::Stopped if i == 0 => (line.due_on, line.amount_fen),
                Payer::Stopped => continue,
            };
            if day <= yesterday {
                out.push((day, fen));
            }
        }
        out
    }

    /// Finance records a payment on `day`.
    fn pay(
        &mut self,
        tx: &mut Tx<'_>,
        contract_id: i64,
        day: NaiveDate,
        amount_fen: i64,
        seq: u32,
    ) -> AppResult<()> {
        let method = if self.rng.next(5) == 0 {
            PaymentMethod::AcceptanceBill
        } else {
            PaymentMethod::BankTransfer
        };
        let finance = self.on(&self.people.finance, day, 14, 0);
        contracts::payments::record(
            tx,
            &finance,
            contract_id,
            &PaymentRequest {
                received_on: day,
                amount_fen,
                method,
                reference: Some(format!("HD{}{contract_id:03}{seq}", day.format("%Y%m%d"))),
            },
        )?;
        Ok(())
    }

    /// A supplementary agreement (补充协议): 10% more, due 90 days from now; submitted on
    /// `day`, and approved and signed two days later when `sign_too`.
    fn revise(
        &mut self,
        tx: &mut Tx<'_>,
        n: usize,
        contract: &ContractDto,
        day: NaiveDate,
        sign_too: bool,
    ) -> AppResult<ContractDto> {
        let Some((sp, boss)) = self.people.sales.get(n) else {
            return Ok(contract.clone());
        };
        let extra = contract.amount_fen / 10;
        let mut schedule = contract.schedule.clone();
        schedule.push(ScheduleItem {
            due_on: self.day(90),
            amount_fen: extra,
            label: "补充协议：安装调试费".to_owned(),
        });
        schedule.sort_by_key(|s| s.due_on);
        let req = ContractRequest {
            client_id: contract.client_id,
            project_id: contract.project_id,
            number: contract.number.clone(),
            title: contract.title.clone(),
            amount_fen: contract.amount_fen + extra,
            schedule,
            version: Some(contract.version),
        };
        let c = contracts::service::update(tx, &self.on(sp, day, 10, 0), contract.id, &req)?;
        let v = VersionRequest { version: c.version };
        let c = contracts::service::submit(tx, &self.on(sp, day, 15, 0), c.id, &v)?;
        if !sign_too {
            return Ok(c);
        }
        let approve = DecideRequest {
            version: c.version,
            comment: Some("同意追加安装调试".to_owned()),
        };
        let next = day + Duration::days(1);
        let c = contracts::service::approve(tx, &self.on(boss, next, 11, 0), c.id, &approve)?;
        let signed_on = day + Duration::days(2);
        let sign = SignRequest {
            signed_on,
            version: c.version,
        };
        contracts::service::sign(tx, &self.on(sp, signed_on, 15, 0), c.id, &sign)
    }

    /// The owner chases each line in force that was not paid on time: a call six days after
    /// it fell due, a 催款函 after three weeks, a visit after six — as long as it was still
    /// unpaid (at most five a contract).
    fn collections(&mut self, tx: &mut Tx<'_>, n: usize, contract_id: i64) -> AppResult<()> {
        let Some((sp, _)) = self.people.sales.get(n) else {
            return Ok(());
        };
        let finance = &self.people.finance;
        let contract = contracts::service::get(tx, finance, contract_id)?;
        let payments = contracts::payments::list(tx, finance, contract_id)?;
        // The day each line was paid in full, replaying the payments oldest line first (as
        // the allocations were made).
        let mut open: Vec<OpenLine> = contract
            .lines
            .iter()
            .map(|l| OpenLine {
                line_id: l.id,
                outstanding_fen: l.amount_fen,
            })
            .collect();
        let mut paid_on: Vec<(i64, NaiveDate)> = Vec::new();
        for p in &payments {
            let parts = allocate(&open, p.amount_fen).unwrap_or_default();
            for (line, fen) in parts {
                if let Some(o) = open.iter_mut().find(|o| o.line_id == line) {
                    o.outstanding_fen -= fen;
                    if o.outstanding_fen == 0 {
                        paid_on.push((line, p.received_on));
                    }
                }
            }
        }
        let yesterday = self.day(-1);
        let mut logged = 0;
        for line in &contract.lines {
            let paid = paid_on.iter().find(|(l, _)| *l == line.id).map(|(_, d)| *d);
            let steps = [
                (6, CollectionMethod::Call),
                (20, CollectionMethod::Letter),
                (45, CollectionMethod::Visit),
            ];
            for (after, method) in steps {
                let day = line.due_on + Duration::days(after);
                if day > yesterday || paid.is_some_and(|p| p <= day) || logged >= 5 {
                    continue;
                }
                logged += 1;
                let (summary, next_step) = match method {
                    CollectionMethod::Call => (
                        format!("电话催收{}，客户财务说月底前安排付款", line.label),
                        "月底再电话确认",
                    ),
                    CollectionMethod::Letter => (
                        format!("寄出催款函（{}），列明逾期{}", contract.number, line.label),
                        "十日内未回款则上门",
                    ),
                    CollectionMethod::Visit => (
                        format!("上门催收{}，与客户财务负责人面谈", line.label),
                        "请客户出具书面付款计划",
                    ),
                };
                let ctx = self.on(sp, day, 16, 30);
                follow_ups::service::create(
                    tx,
                    &ctx,
                    contract.client_id,
                    &CreateFollowUpRequest {
                        kind: FollowUpKind::Collection,
                        occurred_at: Some(ctx.now.and_utc()),
                        summary,
                        needs: None,
                        complaint: None,
                        next_step: Some(next_step.to_owned()),
                        next_follow_up_date: None,
                        open_case: false,
                        contract_id: Some(contract.id),
                        method: Some(method),
                    },
                )?;
            }
        }
        Ok(())
    }
}
