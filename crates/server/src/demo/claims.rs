//! Demo claims (issue 11): for each salesperson the last four approved weeks, one claim each,
//! in every state — paid (one offsetting an advance), finance-approved, manager-approved,
//! waiting, draft, rejected, cancelled — plus the special cases a demo should show: a claim
//! refused for a visit a spot-check found false, an entertainment line over its standard the
//! manager allowed, a per-diem line the manager cut to the standard. Receipts are small
//! generated images.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use salesops_domain::expenses::{
    ApproveClaimRequest, ClaimDto, ClaimLineInput, ClaimRequest, LineApproval, PayRequest,
    RejectRequest, VersionRequest,
};
use salesops_domain::period::Month;
use salesops_domain::plans::ExpenseCategory;
use salesops_domain::plans::PlanState;
use salesops_domain::receipts::ReceiptType;
use salesops_domain::visits::VisitStatus;

use super::money::{People, paid_advance};
use crate::access::Ctx;
use crate::db::Tx;
use crate::db::schema::{clients, plans, visits};
use crate::error::AppResult;
use crate::hashing::sha256_hex;
use crate::{expenses, receipts};

/// How many receipt images the demo may use; [`receipt_files`] stores them all.
pub const RECEIPTS: u32 = 32;

/// An approved weekly plan and its visits done, by date.
pub(super) struct PlanRef {
    pub id: i64,
    pub visits: Vec<(i64, NaiveDate, String)>,
}

/// The four latest approved weekly plans of salesperson `n`, newest first.
pub(super) fn approved_plans(
    conn: &mut Tx<'_>,
    people: &People,
    n: usize,
) -> AppResult<Vec<PlanRef>> {
    let Some((sp, _)) = people.sales.get(n) else {
        return Ok(Vec::new());
    };
    let ids: Vec<i64> = plans::table
        .filter(plans::owner_id.eq(sp.user_id))
        .filter(plans::state.eq(PlanState::Approved.as_str()))
        .select(plans::id)
        .order(plans::period.desc())
        .limit(4)
        .load(conn.conn())?;
    let done: Vec<(i64, i64, NaiveDate, String)> = visits::table
        .inner_join(clients::table)
        .filter(visits::plan_id.eq_any(&ids))
        .filter(visits::status.eq(VisitStatus::Done.as_str()))
        .select((
            visits::plan_id.assume_not_null(),
            visits::id,
            visits::planned_date,
            clients::name,
        ))
        .order((visits::planned_date.asc(), visits::id.asc()))
        .load(conn.conn())?;
    Ok(ids
        .into_iter()
        .map(|id| PlanRef {
            id,
            visits: done
                .iter()
                .filter(|v| v.0 == id)
                .map(|v| (v.1, v.2, v.3.clone()))
                .collect(),
        })
        .collect())
}

/// A small receipt-like PNG (a header band in a colour of its own, grey "text" rows).
pub fn receipt_png(seed: u32) -> Vec<u8> {
    const W: u32 = 96;
    const H: u32 = 64;
    let band = [
        (seed * 53 % 200) as u8,
        (seed * 97 % 200) as u8,
        (seed * 151 % 200) as u8,
    ];
    let mut pixels = Vec::with_capacity((W * H * 3) as usize);
    for y in 0..H {
        for x in 0..W {
            // The seed's bits in a row of dots near the bottom: every image is different.
            let dot = y == H - 4 && (4..20).contains(&x) && (seed >> (x - 4)) & 1 == 1;
            let rgb = if dot {
                [0, 0, 0]
            } else if y < 12 {
                band
            } else if y % 8 < 3 && x > 8 && x < W - 8 - (y * seed) % 30 {
                [150, 150, 150]
            } else {
                [255, 255, 255]
            };
            pixels.extend_from_slice(&rgb);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, W, H);
    encoder.set_color(png::ColorType::Rgb);
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&pixels));
    if written.is_err() {
        out.clear();
    }
    out
}

/// The demo's receipt files by storage key, for the server to put in its file store.
pub fn receipt_files() -> Vec<(String, Vec<u8>)> {
    (0..RECEIPTS)
        .map(|seed| {
            let bytes = receipt_png(seed);
            (receipts::service::storage_key(&sha256_hex(&bytes)), bytes)
        })
        .collect()
}

/// Records the next demo receipt as `sp`'s.
fn receipt(conn: &mut Tx<'_>, sp: &Ctx, next: &mut u32) -> AppResult<Option<i64>> {
    if *next >= RECEIPTS {
        return Ok(None);
    }
    let bytes = receipt_png(*next);
    *next += 1;
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let dto =
        receipts::service::record(conn, sp, &sha256_hex(&bytes), None, ReceiptType::Png, size)?;
    Ok(Some(dto.id))
}

fn line(
    date: NaiveDate,
    place: &str,
    reason: &str,
    category: ExpenseCategory,
    fen: i64,
) -> ClaimLineInput {
    ClaimLineInput {
        date,
        place: Some(place.to_owned()),
        reason: reason.to_owned(),
        category,
        amount_fen: fen,
        quantity: None,
        city_tier: None,
        visit_id: None,
        receipt_ids: Vec::new(),
    }
}

/// The week's lines: a taxi to each visit, a per diem on the first two visit days, and a
/// client lunch on every other week.
fn week_lines(
    conn: &mut Tx<'_>,
    sp: &Ctx,
    n: usize,
    i: usize,
    plan: &PlanRef,
    next: &mut u32,
) -> AppResult<Vec<ClaimLineInput>> {
    use ExpenseCategory::*;
    let mut lines = Vec::new();
    for (k, (visit, date, company)) in plan.visits.iter().enumerate() {
        let mut taxi = line(
            *date,
            company,
            "打车往返客户处",
            Travel,
            2_000 + 300 * k as i64,
        );
        taxi.visit_id = Some(*visit);
        lines.push(taxi);
        if k < 2 {
            // Salesperson 2's second week back: a per diem above the standard, to be cut.
            let fen = if n == 2 && i == 1 && k == 0 {
                15_000
            } else {
                10_000
            };
            lines.push(line(*date, company, "外勤餐补", PerDiem, fen));
        }
        if k == 0 && (i.is_multiple_of(2) || n == 1 && i == 1) {
            // Salesperson 1's second week back: a banquet over the standard, allowed.
            let fen = if n == 1 && i == 1 { 58_000 } else { 18_000 };
            let mut lunch = line(*date, company, "招待客户午餐", Entertainment, fen);
            lunch.receipt_ids = receipt(conn, sp, next)?.into_iter().collect();
            lines.push(lunch);
        }
    }
    Ok(lines)
}

/// Where each demo claim ends up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Draft,
    Submitted,
    Rejected,
    Cancelled,
    ManagerApproved,
    FinanceApproved,
    Paid,
}

fn target(n: usize, i: usize) -> Target {
    match (i, n) {
        (3, _) => Target::Paid,
        (2, n) if n % 2 == 0 => Target::FinanceApproved,
        (2, _) => Target::Paid,
        (1, _) => Target::ManagerApproved,
        (_, 5) => Target::Rejected,
        (_, 6) => Target::Cancelled,
        (_, n) if n % 4 == 3 => Target::Draft,
        _ => Target::Submitted,
    }
}

pub(super) fn seed(conn: &mut Tx<'_>, people: &People, today: NaiveDate) -> AppResult<()> {
    let mut next = 0;
    let mut pay_ref = 0;
    for (n, (sp, boss)) in people.sales.iter().enumerate() {
        for (i, plan) in approved_plans(conn, people, n)?.iter().enumerate() {
            if plan.visits.is_empty() {
                continue;
            }
            // The oldest week of the first salesperson went on an advance, which pays first.
            let advance = if n == 0 && i == 3 {
                paid_advance(conn, people, 0, plan.id, 50_000)?
            } else {
                None
            };
            let lines = week_lines(conn, sp, n, i, plan, &mut next)?;
            let claim = expenses::service::create(
                conn,
                sp,
                &ClaimRequest {
                    plan_id: Some(plan.id),
                    advance_id: advance,
                    lines,
                    version: None,
                },
            )?;
            drive(conn, people, sp, boss, claim, target(n, i), &mut pay_ref)?;
        }
        if n % 2 == 0 {
            // Sundries of last month, on the monthly budget (no plan estimates them).
            let day = Month::of(today).first_day() - Duration::days(6);
            let claim = expenses::service::create(
                conn,
                sp,
                &ClaimRequest {
                    plan_id: None,
                    advance_id: None,
                    lines: vec![line(
                        day,
                        "公司",
                        "快递样品给客户",
                        ExpenseCategory::Other,
                        12_000,
                    )],
                    version: None,
                },
            )?;
            drive(conn, people, sp, boss, claim, Target::Paid, &mut pay_ref)?;
        }
    }
    Ok(())
}

/// Moves `claim` along the workflow to `target`, as its owner, manager and finance would.
fn drive(
    conn: &mut Tx<'_>,
    people: &People,
    sp: &Ctx,
    boss: &Ctx,
    claim: ClaimDto,
    target: Target,
    pay_ref: &mut u32,
) -> AppResult<()> {
    let v = |c: &ClaimDto| VersionRequest { version: c.version };
    match target {
        Target::Draft => return Ok(()),
        Target::Cancelled => {
            expenses::service::cancel(conn, sp, claim.id, &v(&claim))?;
            return Ok(());
        }
        _ => {}
    }
    let claim = match expenses::service::submit(conn, sp, claim.id, &v(&claim)) {
        Ok(c) => c,
        // The claim with the visit a spot-check found false: refused, it stays a draft
        // (the demo shows the refusal when its owner submits again).
        Err(crate::error::AppError::Refused { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    match target {
        Target::Submitted => return Ok(()),
        Target::Rejected => {
            let req = RejectRequest {
                version: claim.version,
                reason: "请补充招待对象和事由".to_owned(),
            };
            expenses::service::reject(conn, boss, claim.id, &req)?;
            return Ok(());
        }
        _ => {}
    }
    // Over-standard lines: the banquet is allowed; anything else is cut to the standard.
    let lines = claim
        .lines
        .iter()
        .filter(|l| l.over_standard_fen > 0)
        .map(|l| LineApproval {
            id: l.id,
            approved_fen: None,
            allow_over_standard: Some(l.category == ExpenseCategory::Entertainment),
        })
        .collect();
    let approve = |c: &ClaimDto, lines| ApproveClaimRequest {
        version: c.version,
        comment: None,
        lines,
    };
    let claim = expenses::service::approve(conn, boss, claim.id, &approve(&claim, lines))?;
    if target == Target::ManagerApproved {
        return Ok(());
    }
    let claim = expenses::service::approve(
        conn,
        &people.finance,
        claim.id,
        &approve(&claim, Vec::new()),
    )?;
    if target == Target::FinanceApproved {
        return Ok(());
    }
    *pay_ref += 1;
    let req = PayRequest {
        version: claim.version,
        payment_ref: format!("DEMO-PAY-{:04}", *pay_ref),
    };
    expenses::pay::pay(conn, &people.finance, claim.id, &req)?;
    Ok(())
}
