// The money journey: a team with a manager, a salesperson and a finance clerk (set up over the
// API), the salesperson's plan for this week approved with a visit. Admin sets an
// entertainment standard in the standards editor. At phone width the salesperson writes a
// claim from the plan (the visit's line prefilled, a receipt photo taken, a second line above
// its standard flagged as it is typed) and submits it; the manager cuts one line and approves
// (the other is cut to its standard); finance approves and pays it with a payment reference;
// the salesperson sees it paid, with its history. Every step is checked on the screen and in
// the API. No request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  DESKTOP,
  api,
  byTestId,
  createUser,
  launch,
  newContext,
  signIn,
  uniqueName,
  login,
  clean,
} from "../lib/browser.mjs";
import { day, isoWeek } from "../lib/dates.mjs";

const PASSWORD = "money-pass-123";
const PHONE_390 = { width: 390, height: 844 };

let browser;
const who = {};

/** A small PNG no earlier run made (the server refuses the same file twice). */
function uniquePng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const size = 4;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < size; y++) {
    rows.push(Buffer.from([0]), Buffer.from(Array.from({ length: size * 3 }, () => Math.floor(Math.random() * 256))));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("tEXt", Buffer.from(`Comment\0${uniqueName("receipt")}`, "latin1")),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const stamp = uniqueName("");
  who.manager = { username: uniqueName("mnmgr"), name: `费用经理${stamp.slice(-4)}` };
  who.sales = { username: uniqueName("mnsp"), name: `报销员${stamp.slice(-4)}` };
  who.finance = { username: uniqueName("mnfin"), name: `财务${stamp.slice(-4)}` };
  const manager = await createUser(admin, {
    username: who.manager.username,
    display_name: who.manager.name,
    password: PASSWORD,
    roles: ["manager"],
  });
  const team = await api(admin, "POST", "/teams", { name: `费用组 ${stamp}`, manager_id: manager.id });
  await createUser(admin, {
    username: who.sales.username,
    display_name: who.sales.name,
    password: PASSWORD,
    roles: ["salesperson"],
    team_id: team.id,
  });
  await createUser(admin, {
    username: who.finance.username,
    display_name: who.finance.name,
    password: PASSWORD,
    roles: ["finance"],
  });

  // This week's plan with a visit today and room in its estimate, approved by the manager.
  const sales = await login(who.sales.username, PASSWORD);
  who.client = `报销客户${stamp}`;
  const client = await api(sales, "POST", "/clients", {
    name: who.client,
    company: `报销公司${stamp}`,
    phone: `137${String(Date.now()).slice(-8)}`,
  });
  const plan = await api(sales, "POST", "/plans", {
    kind: "weekly",
    period: isoWeek(new Date()),
    expense_estimate: { travel: 200000, entertainment: 200000 },
  });
  const visit = await api(sales, "POST", `/plans/${plan.id}/visits`, {
    client_id: client.id,
    planned_date: day(),
    purpose: "拜访洽谈",
  });
  await api(sales, "POST", `/plans/${plan.id}/submit`, {});
  const mgr = await login(who.manager.username, PASSWORD);
  const submitted = await api(mgr, "GET", `/plans/${plan.id}`);
  const approved = await api(mgr, "POST", `/plans/${plan.id}/approve`, { version: submitted.version });
  assert.equal(approved.state, "approved");
  who.plan = plan.id;
  who.visit = visit.id;

  // A paid advance of ¥100.00 on that plan, for the claim to settle first.
  const fin = await login(who.finance.username, PASSWORD);
  let advance = await api(sales, "POST", "/advances", { plan_id: plan.id, amount_fen: 10000, reason: "出差借支" });
  advance = await api(sales, "POST", `/advances/${advance.id}/submit`, { version: advance.version });
  advance = await api(mgr, "POST", `/advances/${advance.id}/approve`, { version: advance.version });
  advance = await api(fin, "POST", `/advances/${advance.id}/approve`, { version: advance.version });
  advance = await api(fin, "POST", `/advances/${advance.id}/pay`, { version: advance.version, payment_ref: `ADV-${stamp}` });
  assert.equal(advance.state, "paid");
  who.advance = advance.id;
});

after(async () => {
  await browser?.close();
});

test("a claim: written from the plan with a photo, cut and approved, approved and paid", async () => {
  // --- Admin: the salespeople's entertainment standard is ¥300.00 per item, set in the
  // standards editor (created on a fresh database with another amount, then changed).
  const adminToken = await login(ADMIN_USER, ADMIN_PASSWORD);
  const findStandard = async () =>
    (await api(adminToken, "GET", "/expense-standards?category=entertainment&per_page=500")).items.find(
      (s) => s.role === "salesperson" && s.city_tier === null && s.effective_from === `${new Date().getFullYear()}-01-01`,
    );
  const ad = await newContext(browser, DESKTOP);
  const adPage = await ad.context.newPage();
  await signIn(adPage, ADMIN_USER, ADMIN_PASSWORD);
  await byTestId(adPage, "nav-standards").click();
  await adPage.waitForURL(/\/admin\/standards/);
  if (!(await findStandard())) {
    await byTestId(adPage, "standard-new").locator("summary").click();
    await byTestId(adPage, "standard-category").selectOption("entertainment");
    await byTestId(adPage, "standard-amount").fill("280");
    await byTestId(adPage, "standard-unit").selectOption("per_item");
    await byTestId(adPage, "standard-role").selectOption("salesperson");
    await byTestId(adPage, "standard-from").fill(`${new Date().getFullYear()}-01-01`);
    await byTestId(adPage, "standard-create").click();
    await byTestId(adPage, "notice").getByText("标准已保存").waitFor();
  }
  const standard = await findStandard();
  assert.ok(standard, "the standard was created");
  const standardRow = adPage.locator(`[data-testid="standard-row"][data-standard-id="${standard.id}"]`);
  await standardRow.locator('[data-testid="standard-edit"]').click();
  await standardRow.locator('[data-testid="standard-edit-amount"]').fill("300");
  await standardRow.locator('[data-testid="standard-edit-unit"]').selectOption("per_item");
  await standardRow.locator('[data-testid="standard-save"]').click();
  await standardRow.locator('[data-testid="standard-amount-shown"]').getByText("¥300.00").waitFor();
  assert.equal((await findStandard()).amount_fen, 30000);
  clean(ad);
  await ad.context.close();

  // --- The salesperson, on a phone: a new claim from this week's approved plan.
  const sp = await newContext(browser, PHONE_390);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.sales.username, PASSWORD);
  await byTestId(spPage, "nav-claims").click();
  await spPage.waitForURL(/\/claims$/);
  await byTestId(spPage, "claim-new").click();
  const form = spPage.locator(`[data-testid="claim-form"][data-plan-id="${who.plan}"]`);
  await form.waitFor();
  const lines = spPage.locator('[data-testid="claim-line"]');
  assert.equal(await lines.count(), 1, "one line per visit of the plan");
  const first = lines.nth(0);
  assert.equal(await first.getAttribute("data-visit-id"), String(who.visit));
  assert.equal(await first.locator('[data-testid="line-place"]').inputValue(), who.client);
  assert.equal(await first.locator('[data-testid="line-date"]').inputValue(), day());
  await first.locator('[data-testid="line-amount"]').fill("250");
  await first.locator('[data-testid="line-reason"]').fill("往返客户公司打车");
  await first.locator('[data-testid="line-receipt-input"]').setInputFiles({
    name: "receipt.png",
    mimeType: "image/png",
    buffer: uniquePng(),
  });
  await first.locator('[data-testid="line-receipts"][data-count="1"]').waitFor();

  await byTestId(spPage, "claim-add-line").click();
  const second = lines.nth(1);
  await second.locator('[data-testid="line-category"]').selectOption("entertainment");
  await second.locator('[data-testid="line-place"]').fill(who.client);
  await second.locator('[data-testid="line-reason"]').fill("招待客户午餐");
  await second.locator('[data-testid="line-amount"]').fill("450.00");
  // The preview flags it above its standard while the claim is being written.
  await second.locator('[data-testid="line-flag"][data-flag="over_standard"]').getByText("超标准").waitFor();
  assert.match(await second.locator('[data-testid="line-standard"]').innerText(), /¥300\.00/);
  assert.equal(await first.locator('[data-testid="line-flag"]').count(), 0);
  await byTestId(spPage, "claim-total").getByText("¥700.00").waitFor();
  // The claim settles the paid advance first.
  await byTestId(spPage, "claim-advance").selectOption(String(who.advance));

  await byTestId(spPage, "claim-submit").click();
  const detail = spPage.locator('[data-testid="claim-detail"][data-state="submitted"]');
  await detail.waitFor();
  const claimId = Number(await detail.getAttribute("data-claim-id"));
  assert.ok(claimId > 0);
  const salesToken = await login(who.sales.username, PASSWORD);
  let claim = await api(salesToken, "GET", `/expense-claims/${claimId}`);
  assert.equal(claim.state, "submitted");
  assert.equal(claim.plan_id, who.plan);
  assert.equal(claim.advance_id, who.advance);
  assert.equal(claim.total_fen, 70000);
  assert.equal(claim.lines.length, 2);
  assert.equal(claim.lines[0].visit_id, who.visit);
  assert.equal(claim.lines[0].receipt_ids.length, 1);
  assert.deepEqual(claim.lines[1].flags, ["over_standard"]);

  // --- The manager: cut the taxi line to ¥200; the lunch is cut to its standard.
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);
  await byTestId(mgPage, "nav-money-inbox").click();
  const item = mgPage.locator(`[data-testid="money-inbox-claim"][data-claim-id="${claimId}"]`);
  await item.waitFor();
  const reviewLines = item.locator('[data-testid="review-line"]');
  assert.equal(await reviewLines.count(), 2);
  await reviewLines.nth(1).locator('[data-testid="line-flag"][data-flag="over_standard"]').waitFor();
  await reviewLines.nth(0).locator('[data-testid="review-cut"]').fill("200");
  await item.locator('[data-testid="money-comment"]').fill("打车费核减，招待按标准");
  await item.locator('[data-testid="money-approve"]').click();
  await byTestId(mgPage, "notice").getByText("已批准").waitFor();
  await item.waitFor({ state: "detached" });
  claim = await api(salesToken, "GET", `/expense-claims/${claimId}`);
  assert.equal(claim.state, "manager_approved");
  assert.equal(claim.lines[0].approved_fen, 20000);
  assert.equal(claim.lines[1].approved_fen, 30000);
  assert.equal(claim.approved_fen, 50000);
  clean(mg);
  await mg.context.close();

  // --- Finance: approve, then pay with a payment reference.
  const fi = await newContext(browser, DESKTOP);
  const fiPage = await fi.context.newPage();
  await signIn(fiPage, who.finance.username, PASSWORD);
  await byTestId(fiPage, "nav-finance-queue").click();
  const toApprove = fiPage.locator(`[data-testid="finance-claim"][data-claim-id="${claimId}"]`);
  await toApprove.waitFor();
  assert.match(await toApprove.locator('[data-testid="finance-approved-total"]').innerText(), /¥500\.00/);
  await toApprove.locator('[data-testid="money-approve"]').click();
  await toApprove.waitFor({ state: "detached" });
  claim = await api(salesToken, "GET", `/expense-claims/${claimId}`);
  assert.equal(claim.state, "finance_approved");
  const payRow = fiPage.locator(`[data-testid="pay-row"][data-claim-id="${claimId}"]`);
  await payRow.waitFor();
  await payRow.locator('[data-testid="pay-select"]').check();
  const reference = `PAY-${uniqueName("")}`;
  await byTestId(fiPage, "pay-ref").fill(reference);
  await byTestId(fiPage, "pay-selected").click();
  await byTestId(fiPage, "notice").getByText("已付款").waitFor();
  await payRow.waitFor({ state: "detached" });
  claim = await api(salesToken, "GET", `/expense-claims/${claimId}`);
  assert.equal(claim.state, "paid");
  assert.equal(claim.payment_ref, reference);
  // ¥500.00 approved: the ¥100.00 advance is offset first, ¥400.00 is paid out.
  assert.equal(claim.offset_fen, 10000);
  assert.equal(claim.payable_fen, 40000);
  assert.equal((await api(salesToken, "GET", `/advances/${who.advance}`)).balance_fen, 0);

  // The reports screen draws the month's entertainment and travel.
  await byTestId(fiPage, "nav-finance-reports").click();
  await fiPage.locator('[data-testid="chart-segment"][data-category="entertainment"]').first().waitFor();
  clean(fi);
  await fi.context.close();

  // --- The salesperson sees the claim paid, with its history.
  await byTestId(spPage, "nav-claims").click();
  const row = spPage.locator(`[data-testid="claim-row"][data-claim-id="${claimId}"][data-state="paid"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /已支付/);
  await row.locator("a").click();
  await spPage.locator(`[data-testid="claim-detail"][data-claim-id="${claimId}"][data-state="paid"]`).waitFor();
  assert.equal(await byTestId(spPage, "claim-payment-ref").innerText(), reference);
  assert.match(await byTestId(spPage, "claim-detail-approved").innerText(), /¥500\.00/);
  await spPage.locator('[data-testid="history-entry"][data-action="pay"]').waitFor();
  const history = await byTestId(spPage, "history").innerText();
  assert.match(history, new RegExp(who.manager.name));
  assert.match(history, /打车费核减，招待按标准/);
  clean(sp);
  await sp.context.close();
});

test("a refused claim names its line; an advance is rejected with a reason", async () => {
  const sp = await newContext(browser, PHONE_390);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.sales.username, PASSWORD);
  const salesToken = await login(who.sales.username, PASSWORD);

  // A line above ¥500 without its receipt: flagged while typed, refused on submission.
  await byTestId(spPage, "nav-claims").click();
  await byTestId(spPage, "claim-new").click();
  await spPage.locator(`[data-testid="claim-form"][data-plan-id="${who.plan}"]`).waitFor();
  const line = spPage.locator('[data-testid="claim-line"]').nth(0);
  await line.locator('[data-testid="line-amount"]').fill("600");
  await line.locator('[data-testid="line-flag"][data-flag="no_receipt"]').getByText("缺发票").waitFor();
  await byTestId(spPage, "claim-submit").click();
  const refusal = spPage.locator('[data-testid="claim-refusal"][data-code="no_receipt"]');
  await refusal.waitFor();
  assert.equal(await refusal.locator('[data-testid="refused-lines"]').innerText(), "明细 1");
  await spPage.locator('[data-testid="claim-line"][data-refused="true"]').waitFor();
  const drafts = (await api(salesToken, "GET", "/expense-claims?state=draft")).items;
  assert.equal(drafts.length, 1, "the refused claim stays a draft");
  assert.equal(drafts[0].total_fen, 60000);

  // With the photo it goes through.
  await line.locator('[data-testid="line-receipt-input"]').setInputFiles({
    name: "taxi.png",
    mimeType: "image/png",
    buffer: uniquePng(),
  });
  await line.locator('[data-testid="line-receipts"][data-count="1"]').waitFor();
  await byTestId(spPage, "claim-submit").click();
  await spPage.locator(`[data-testid="claim-detail"][data-claim-id="${drafts[0].id}"][data-state="submitted"]`).waitFor();
  assert.equal((await api(salesToken, "GET", `/expense-claims/${drafts[0].id}`)).state, "submitted");

  // An advance against the approved plan, submitted.
  await byTestId(spPage, "nav-advances").click();
  await byTestId(spPage, "advance-new").waitFor();
  await byTestId(spPage, "advance-amount").fill("800");
  await byTestId(spPage, "advance-reason").fill("出差预借");
  await byTestId(spPage, "advance-create").click();
  const draft = spPage.locator('[data-testid="advance-row"][data-state="draft"]');
  await draft.waitFor();
  const advanceId = Number(await draft.getAttribute("data-advance-id"));
  await draft.locator('[data-testid="advance-submit"]').click();
  await spPage.locator(`[data-testid="advance-row"][data-advance-id="${advanceId}"][data-state="submitted"]`).waitFor();
  const advance = await api(salesToken, "GET", `/advances/${advanceId}`);
  assert.equal(advance.amount_fen, 80000);
  assert.equal(advance.plan_id, who.plan);

  // The manager rejects it: a reason is required.
  const mg = await newContext(browser, PHONE_390);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);
  await byTestId(mgPage, "nav-money-inbox").click();
  const item = mgPage.locator(`[data-testid="money-inbox-advance"][data-advance-id="${advanceId}"]`);
  await item.waitFor();
  await item.locator('[data-testid="money-reject"]').click();
  await item.locator('[data-testid="field-error-reason"]').waitFor();
  await item.locator('[data-testid="money-comment"]').fill("本周无出差安排");
  await item.locator('[data-testid="money-reject"]').click();
  await byTestId(mgPage, "notice").getByText("已驳回").waitFor();
  await item.waitFor({ state: "detached" });
  assert.equal((await api(salesToken, "GET", `/advances/${advanceId}`)).state, "rejected");
  clean(mg);
  await mg.context.close();

  // The salesperson reads why.
  await spPage.reload();
  const rejected = spPage.locator(`[data-testid="advance-row"][data-advance-id="${advanceId}"][data-state="rejected"]`);
  await rejected.waitFor();
  await rejected.locator('[data-testid="advance-history"]').click();
  await rejected.locator('[data-testid="history-comment"]').getByText("本周无出差安排").waitFor();
  clean(sp);
  await sp.context.close();
});

test("finance records money handed back against a paid advance's balance", async () => {
  const sales = await login(who.sales.username, PASSWORD);
  const mgr = await login(who.manager.username, PASSWORD);
  const fin = await login(who.finance.username, PASSWORD);
  let advance = await api(sales, "POST", "/advances", { plan_id: who.plan, amount_fen: 5000, reason: "样品快递借支" });
  advance = await api(sales, "POST", `/advances/${advance.id}/submit`, { version: advance.version });
  advance = await api(mgr, "POST", `/advances/${advance.id}/approve`, { version: advance.version });
  advance = await api(fin, "POST", `/advances/${advance.id}/approve`, { version: advance.version });
  advance = await api(fin, "POST", `/advances/${advance.id}/pay`, { version: advance.version, payment_ref: uniqueName("ADV") });

  const fi = await newContext(browser, DESKTOP);
  const fiPage = await fi.context.newPage();
  await signIn(fiPage, who.finance.username, PASSWORD);
  await byTestId(fiPage, "nav-finance-queue").click();
  const row = fiPage.locator(`[data-testid="outstanding-advance"][data-advance-id="${advance.id}"]`);
  await row.waitFor();
  assert.match(await row.locator('[data-testid="outstanding-balance"]').innerText(), /¥50\.00/);
  // More than the balance is refused beside the field.
  await row.locator('[data-testid="repay-amount"]').fill("80");
  await row.locator('[data-testid="repay-submit"]').click();
  await row.locator('[data-testid="field-error-amount_fen"]').waitFor();
  await row.locator('[data-testid="repay-amount"]').fill("20");
  await row.locator('[data-testid="repay-note"]').fill("退回现金");
  await row.locator('[data-testid="repay-submit"]').click();
  await byTestId(fiPage, "notice").getByText("还款已登记").waitFor();
  await row.locator('[data-testid="outstanding-balance"]').getByText("¥30.00").waitFor();
  const after = await api(sales, "GET", `/advances/${advance.id}`);
  assert.equal(after.repaid_fen, 2000);
  assert.equal(after.balance_fen, 3000);
  clean(fi);
  await fi.context.close();
});
