// The deals journey: a team with a manager, a salesperson and a finance clerk (set up over the
// API), and a client of the salesperson's. At phone width the salesperson creates a project in
// the pipeline, moves it to bidding there and to won on its page, and drafts a contract from it
// with a two-line schedule (the difference shown and submitting refused until the lines add up
// to the amount), submitted for review. The manager approves it in the review inbox; the
// salesperson signs it. The first instalment is overdue: it is on the receivables list with its
// days overdue, and a collection call is logged against it. Finance records a payment on the
// contract (more than is outstanding is refused beside the amount): the contract's and the
// receivable's outstanding amounts drop, and the aging chart draws what is left. A second test:
// a project lost with its reason, and a manager confirming the credit alert of a client with a
// line more than 90 days overdue. A third: the manager edits an open project's details on its
// page (the client stays), an edit over someone else's change is refused as stale, and a closed
// project offers no edit. Every step is checked on the screen and in the API. No
// request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

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
import { day } from "../lib/dates.mjs";

const PASSWORD = "deals-pass-123";
const PHONE_390 = { width: 390, height: 844 };

let browser;
const who = {};

/** The day `offset` days from today as `YYYY-MM-DD` (the browser's clock is this machine's). */

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const stamp = uniqueName("");
  who.stamp = stamp;
  who.manager = { username: uniqueName("dlmgr"), name: `合同经理${stamp.slice(-4)}` };
  who.sales = { username: uniqueName("dlsp"), name: `签约员${stamp.slice(-4)}` };
  who.finance = { username: uniqueName("dlfin"), name: `回款财务${stamp.slice(-4)}` };
  const manager = await createUser(admin, {
    username: who.manager.username,
    display_name: who.manager.name,
    password: PASSWORD,
    roles: ["manager"],
  });
  const team = await api(admin, "POST", "/teams", { name: `合同组 ${stamp}`, manager_id: manager.id });
  const sales = await createUser(admin, {
    username: who.sales.username,
    display_name: who.sales.name,
    password: PASSWORD,
    roles: ["salesperson"],
    team_id: team.id,
  });
  who.sales.id = sales.id;
  await createUser(admin, {
    username: who.finance.username,
    display_name: who.finance.name,
    password: PASSWORD,
    roles: ["finance"],
  });
  const token = await login(who.sales.username, PASSWORD);
  who.client = await api(token, "POST", "/clients", {
    name: `合同客户${stamp}`,
    company: `合同公司${stamp}`,
    phone: `136${String(Date.now()).slice(-8)}`,
  });
});

after(async () => {
  await browser?.close();
});

test("a project won, its contract drafted with a schedule, approved, signed, paid in part", async () => {
  const salesToken = await login(who.sales.username, PASSWORD);
  const sp = await newContext(browser, PHONE_390);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.sales.username, PASSWORD);

  // --- The pipeline: a new project for the client, in the design stage.
  await byTestId(spPage, "nav-pipeline").click();
  await spPage.waitForURL(/\/deals\/pipeline/);
  await byTestId(spPage, "project-new").click();
  const projectName = `展厅照明改造 ${who.stamp}`;
  await byTestId(spPage, "project-client").selectOption(String(who.client.id));
  await byTestId(spPage, "project-name").fill(projectName);
  await byTestId(spPage, "project-amount").fill("50,000");
  await byTestId(spPage, "project-bid-date").fill(day(14));
  await byTestId(spPage, "project-create").click();
  await byTestId(spPage, "notice").getByText("项目已创建").waitFor();
  const projects = (await api(salesToken, "GET", `/projects?client_id=${who.client.id}`)).items;
  assert.equal(projects.length, 1);
  const project = projects[0];
  assert.equal(project.name, projectName);
  assert.equal(project.stage, "design");
  assert.equal(project.expected_amount_fen, 5_000_000);
  const design = spPage.locator('[data-testid="pipeline-stage"][data-stage="design"]');
  await design.locator(`[data-testid="project-card"][data-project-id="${project.id}"]`).waitFor();
  assert.equal(await design.locator('[data-testid="stage-amount"]').innerText(), "¥50,000.00");

  // One step forward from its card: only the next stage, won and lost are offered.
  const card = spPage.locator(`[data-testid="project-card"][data-project-id="${project.id}"]`);
  const offered = await card.locator('[data-testid^="stage-"]').evaluateAll((els) =>
    els.map((e) => e.dataset.testid).filter((t) => t !== "stage-moves" && t !== "stage-stale"),
  );
  assert.deepEqual(offered, ["stage-bidding", "stage-won", "stage-lost"]);
  await card.locator('[data-testid="stage-bidding"]').click();
  await spPage
    .locator(`[data-testid="pipeline-stage"][data-stage="bidding"] [data-testid="project-card"][data-project-id="${project.id}"]`)
    .waitFor();
  assert.equal((await api(salesToken, "GET", `/projects/${project.id}`)).stage, "bidding");

  // Won, on the project's page; a contract is drafted from there.
  await spPage
    .locator(`[data-testid="project-card"][data-project-id="${project.id}"] [data-testid="project-link"]`)
    .click();
  await spPage.locator(`[data-testid="project-detail"][data-project-id="${project.id}"]`).waitFor();
  await byTestId(spPage, "stage-won").click();
  await spPage.locator(`[data-testid="project-detail"][data-stage="won"]`).waitFor();
  assert.equal((await api(salesToken, "GET", `/projects/${project.id}`)).stage, "won");
  await spPage.locator('[data-testid="history-entry"][data-to="won"]').waitFor();
  await byTestId(spPage, "project-draft-contract").first().click();
  await byTestId(spPage, "contract-form").waitFor();

  // --- The contract: ¥10,000.00 in two instalments; the first fell due ten days ago.
  const number = `HT-${who.stamp}`;
  assert.equal(await byTestId(spPage, "contract-client").inputValue(), String(who.client.id));
  await spPage.locator(`[data-testid="contract-project"] option[value="${project.id}"]`).waitFor({ state: "attached" });
  assert.equal(await byTestId(spPage, "contract-project").inputValue(), String(project.id));
  await byTestId(spPage, "contract-number").fill(number);
  await byTestId(spPage, "contract-title").fill("展厅照明改造工程合同");
  await byTestId(spPage, "contract-amount").fill("10000");
  const rows = spPage.locator('[data-testid="schedule-row"]');
  await rows.nth(0).locator('[data-testid="schedule-due"]').fill(day(-10));
  await rows.nth(0).locator('[data-testid="schedule-amount"]').fill("3000");
  await rows.nth(0).locator('[data-testid="schedule-label"]').fill("预付款");
  // The rows do not add up yet: the difference is shown and nothing can be sent.
  await spPage.locator('[data-testid="schedule-total"][data-diff-fen="700000"]').waitFor();
  assert.match(await byTestId(spPage, "schedule-diff").innerText(), /¥7,000\.00/);
  assert.equal(await byTestId(spPage, "contract-submit").isDisabled(), true);
  assert.equal(await byTestId(spPage, "contract-save").isDisabled(), true);
  await byTestId(spPage, "schedule-add").click();
  await rows.nth(1).locator('[data-testid="schedule-due"]').fill(day(30));
  await rows.nth(1).locator('[data-testid="schedule-amount"]').fill("8000");
  await rows.nth(1).locator('[data-testid="schedule-label"]').fill("尾款");
  await spPage.locator('[data-testid="schedule-total"][data-diff-fen="-100000"]').waitFor();
  assert.equal(await byTestId(spPage, "contract-submit").isDisabled(), true);
  await rows.nth(1).locator('[data-testid="schedule-amount"]').fill("7000");
  await spPage.locator('[data-testid="schedule-total"][data-diff-fen="0"]').waitFor();
  assert.equal(await byTestId(spPage, "schedule-diff").innerText(), "与合同金额一致");
  assert.equal(await byTestId(spPage, "contract-submit").isDisabled(), false);
  await byTestId(spPage, "contract-submit").click();
  const inReview = spPage.locator('[data-testid="contract-detail"][data-state="in_review"]');
  await inReview.waitFor();
  const contractId = Number(await inReview.getAttribute("data-contract-id"));
  assert.ok(contractId > 0);
  assert.equal(await byTestId(spPage, "contract-capital").innerText(), "壹万元整");
  let contract = await api(salesToken, "GET", `/contracts/${contractId}`);
  assert.equal(contract.state, "in_review");
  assert.equal(contract.number, number);
  assert.equal(contract.project_id, project.id);
  assert.equal(contract.amount_fen, 1_000_000);
  assert.deepEqual(
    contract.schedule.map((s) => [s.due_on, s.amount_fen, s.label]),
    [
      [day(-10), 300_000, "预付款"],
      [day(30), 700_000, "尾款"],
    ],
  );

  // --- The manager approves it in the review inbox.
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);
  await mgPage.locator('[data-testid="todo"][data-todo="/contracts/review"] [data-testid="todo-deals-count"]').waitFor();
  await byTestId(mgPage, "nav-contract-review").click();
  const item = mgPage.locator(`[data-testid="contract-review-item"][data-contract-id="${contractId}"]`);
  await item.waitFor();
  assert.equal(await item.locator('[data-testid="review-schedule-line"]').count(), 2);
  assert.equal(await item.locator('[data-testid="review-amount"]').innerText(), "¥10,000.00");
  await item.locator('[data-testid="money-comment"]').fill("条款已核对");
  await item.locator('[data-testid="money-approve"]').click();
  await byTestId(mgPage, "notice").getByText("已审核通过").waitFor();
  await item.waitFor({ state: "detached" });
  contract = await api(salesToken, "GET", `/contracts/${contractId}`);
  assert.equal(contract.state, "approved");

  // --- The salesperson signs it today.
  await spPage.reload();
  await spPage.locator('[data-testid="contract-detail"][data-state="approved"]').waitFor();
  assert.equal(await byTestId(spPage, "contract-sign-date").inputValue(), day(0));
  await byTestId(spPage, "contract-sign").click();
  await spPage.locator('[data-testid="contract-detail"][data-state="signed"]').waitFor();
  assert.equal(await byTestId(spPage, "contract-outstanding").innerText(), "¥10,000.00");
  contract = await api(salesToken, "GET", `/contracts/${contractId}`);
  assert.equal(contract.state, "signed");
  assert.equal(contract.signed_on, day(0));
  assert.equal(contract.outstanding_fen, 1_000_000);
  const history = await byTestId(spPage, "deal-history").innerText();
  assert.match(history, new RegExp(who.manager.name));
  assert.match(history, /条款已核对/);

  // --- The overdue instalment on the receivables list; a collection call logged against it.
  await byTestId(spPage, "nav-receivables").click();
  const overdueRow = spPage.locator(`[data-testid="receivable-row"][data-contract-id="${contractId}"]`);
  await overdueRow.waitFor();
  assert.equal(await overdueRow.count(), 1, "only the overdue instalment");
  // Ten days by this machine's calendar; the server counts in the business time zone, which
  // may already be a day further on.
  const [due] = (await api(salesToken, "GET", `/receivables?contract_id=${contractId}&overdue=true`)).items;
  assert.ok([10, 11].includes(due.days_overdue), `days overdue: ${due.days_overdue}`);
  who.daysOverdue = due.days_overdue;
  assert.equal(await overdueRow.getAttribute("data-days"), String(due.days_overdue));
  assert.match(await overdueRow.locator('[data-testid="receivable-days"]').innerText(), new RegExp(`${due.days_overdue}`));
  assert.equal(await overdueRow.locator('[data-testid="receivable-outstanding"]').innerText(), "¥3,000.00");
  await overdueRow.locator('[data-testid="log-collection"]').click();
  await overdueRow.locator('[data-testid="collection-method-call"]').check();
  await overdueRow.locator('[data-testid="collection-summary"]').fill("电话催收预付款，客户承诺本周内付款");
  await overdueRow.locator('[data-testid="collection-submit"]').click();
  await byTestId(spPage, "notice").getByText("催款已记录").waitFor();
  const followUps = (await api(salesToken, "GET", `/clients/${who.client.id}/follow-ups`)).items;
  const collection = followUps.find((f) => f.kind === "collection");
  assert.ok(collection, "the collection is the client's follow-up");
  assert.equal(collection.contract_id, contractId);
  assert.equal(collection.method, "call");
  clean(sp);

  // --- Finance records ¥2,000.00 on the contract (¥12,000.00 is refused beside the amount).
  const fi = await newContext(browser, DESKTOP);
  const fiPage = await fi.context.newPage();
  await signIn(fiPage, who.finance.username, PASSWORD);
  await byTestId(fiPage, "nav-receivables").click();
  const fiRow = fiPage.locator(`[data-testid="receivable-row"][data-contract-id="${contractId}"]`);
  await fiRow.waitFor();
  await fiRow.locator('[data-testid="receivable-contract"]').click();
  await fiPage.locator(`[data-testid="contract-detail"][data-contract-id="${contractId}"]`).waitFor();
  await byTestId(fiPage, "payments-empty").waitFor();
  await byTestId(fiPage, "payment-amount").fill("12000");
  await byTestId(fiPage, "payment-submit").click();
  await byTestId(fiPage, "field-error-amount_fen").getByText("超过合同未收金额").waitFor();
  await byTestId(fiPage, "payment-amount").fill("2,000");
  await byTestId(fiPage, "payment-method").selectOption("bank_transfer");
  const reference = `BANK-${who.stamp}`;
  await byTestId(fiPage, "payment-reference").fill(reference);
  await byTestId(fiPage, "payment-submit").click();
  await byTestId(fiPage, "notice").getByText("回款已登记").waitFor();
  await byTestId(fiPage, "contract-outstanding").getByText("¥8,000.00").waitFor();
  await fiPage.locator('[data-testid="payment-row"][data-amount-fen="200000"]').waitFor();
  const firstLine = fiPage.locator('[data-testid="contract-line"]').nth(0);
  assert.equal(await firstLine.locator('[data-testid="line-received"]').innerText(), "¥2,000.00");
  assert.equal(await firstLine.locator('[data-testid="line-outstanding"]').innerText(), "¥1,000.00");
  contract = await api(salesToken, "GET", `/contracts/${contractId}`);
  assert.equal(contract.received_fen, 200_000);
  assert.equal(contract.outstanding_fen, 800_000);
  const payments = await api(salesToken, "GET", `/contracts/${contractId}/payments`);
  assert.equal(payments.length, 1);
  assert.equal(payments[0].reference, reference);

  // The collection letter of what is still overdue, in its print frame.
  await byTestId(fiPage, "letter-open").first().click();
  const frame = byTestId(fiPage, "letter-frame");
  await frame.waitFor();
  assert.match(await frame.getAttribute("srcdoc"), new RegExp(number));

  // The receivable's outstanding amount dropped, on the list and in the API.
  await byTestId(fiPage, "nav-receivables").click();
  await fiRow.locator('[data-testid="receivable-outstanding"]').getByText("¥1,000.00").waitFor();
  assert.equal(await fiRow.locator('[data-testid="receivable-received"]').innerText(), "¥2,000.00");
  const receivables = (await api(salesToken, "GET", `/receivables?contract_id=${contractId}&overdue=true`)).items;
  assert.deepEqual(
    receivables.map((r) => [r.outstanding_fen, r.days_overdue]),
    [[100_000, who.daysOverdue]],
  );
  // The aging chart: the salesperson's ¥1,000.00 is 1–30 days overdue, ¥7,000.00 not yet due.
  const person = fiPage.locator(`[data-testid="aging-person"][data-owner-id="${who.sales.id}"]`);
  await person.waitFor();
  assert.equal(await person.getAttribute("data-total-fen"), "800000");
  assert.equal(await person.locator('[data-testid="aging-segment"][data-bucket="d1_30"]').getAttribute("data-fen"), "100000");
  assert.equal(await person.locator('[data-testid="aging-segment"][data-bucket="current"]').getAttribute("data-fen"), "700000");
  clean(fi);
  await fi.context.close();

  // --- The client's page lists the won project and the contract with what is outstanding.
  await spPage.goto(`${BASE_URL}/clients/${who.client.id}`);
  const deals = byTestId(spPage, "client-deals");
  await deals.locator(`[data-testid="client-project"][data-project-id="${project.id}"][data-stage="won"]`).waitFor();
  const contractRow = deals.locator(`[data-testid="contract-row"][data-contract-id="${contractId}"][data-state="signed"]`);
  await contractRow.waitFor();
  assert.equal(await contractRow.locator('[data-testid="contract-row-outstanding"]').innerText(), "¥8,000.00");
  clean(sp);
  await sp.context.close();
  clean(mg);
  await mg.context.close();
});

test("a project lost with its reason; a credit alert confirmed by the manager", async () => {
  const salesToken = await login(who.sales.username, PASSWORD);
  const mgrToken = await login(who.manager.username, PASSWORD);
  // A client with a signed contract whose only line fell due 100 days ago (set up over the API).
  const client = await api(salesToken, "POST", "/clients", {
    name: `欠款客户${who.stamp}`,
    company: `欠款公司${who.stamp}`,
    phone: `135${String(Date.now()).slice(-8)}`,
  });
  let c = await api(salesToken, "POST", "/contracts", {
    client_id: client.id,
    number: `HT-OLD-${who.stamp}`,
    title: "旧货款",
    amount_fen: 500_000,
    schedule: [{ due_on: day(-100), amount_fen: 500_000, label: "全款" }],
  });
  c = await api(salesToken, "POST", `/contracts/${c.id}/submit`, { version: c.version });
  c = await api(mgrToken, "POST", `/contracts/${c.id}/approve`, { version: c.version });
  c = await api(salesToken, "POST", `/contracts/${c.id}/sign`, { version: c.version, signed_on: day(0) });
  assert.equal(c.state, "signed");
  const project = await api(salesToken, "POST", "/projects", {
    client_id: client.id,
    name: `仓库改造 ${who.stamp}`,
    expected_amount_fen: 2_000_000,
  });

  // The salesperson loses the project: a reason is required.
  const sp = await newContext(browser, PHONE_390);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.sales.username, PASSWORD);
  await byTestId(spPage, "nav-pipeline").click();
  const card = spPage.locator(`[data-testid="project-card"][data-project-id="${project.id}"]`);
  await card.waitFor();
  await card.locator('[data-testid="stage-lost"]').click();
  await card.locator('[data-testid="lost-confirm"]').click();
  await card.locator('[data-testid="field-error-note"]').waitFor();
  await card.locator('[data-testid="lost-reason"]').fill("客户预算取消");
  await card.locator('[data-testid="lost-confirm"]').click();
  await byTestId(spPage, "notice").getByText("阶段已更新").waitFor();
  await card.waitFor({ state: "detached" });
  const lost = await api(salesToken, "GET", `/projects/${project.id}`);
  assert.equal(lost.stage, "lost");
  assert.equal(lost.lost_reason, "客户预算取消");
  // Shown again with the closed projects, under lost, with its reason.
  await byTestId(spPage, "pipeline-closed").check();
  const lostCard = spPage.locator(
    `[data-testid="pipeline-stage"][data-stage="lost"] [data-testid="project-card"][data-project-id="${project.id}"]`,
  );
  await lostCard.waitFor();
  assert.equal(await lostCard.locator('[data-testid="project-lost-reason"]').innerText(), "客户预算取消");
  clean(sp);
  await sp.context.close();

  // The manager's credit alert: confirmed, the client's credit becomes abnormal.
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);
  await mgPage.locator('[data-testid="todo"][data-todo="/receivables"]').locator("a").click();
  const proposal = mgPage.locator(`[data-testid="credit-proposal"][data-client-id="${client.id}"]`);
  await proposal.waitFor();
  assert.equal(await proposal.locator('[data-testid="credit-overdue"]').innerText(), "¥5,000.00");
  await proposal.locator('[data-testid="credit-confirm"]').click();
  await byTestId(mgPage, "notice").getByText("客户信用已标记为异常").waitFor();
  await proposal.locator('[data-testid="credit-confirm"]').waitFor({ state: "detached" });
  assert.equal((await api(salesToken, "GET", `/clients/${client.id}`)).credit, "abnormal");
  clean(mg);
  await mg.context.close();
});

test("a project's details edited by the manager; a stale edit refused; a closed project not editable", async () => {
  const salesToken = await login(who.sales.username, PASSWORD);
  const project = await api(salesToken, "POST", "/projects", {
    client_id: who.client.id,
    name: `机房改造 ${who.stamp}`,
    expected_amount_fen: 1_000_000,
  });

  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);
  await mgPage.goto(`${BASE_URL}/projects/${project.id}`);
  await mgPage.locator(`[data-testid="project-detail"][data-project-id="${project.id}"]`).waitFor();
  await byTestId(mgPage, "project-edit").click();
  const form = byTestId(mgPage, "project-edit-form");
  await form.waitFor();
  assert.equal(await byTestId(mgPage, "project-edit-client").innerText(), who.client.name);
  assert.equal(await byTestId(mgPage, "project-edit-name").inputValue(), project.name);
  assert.equal(await byTestId(mgPage, "project-edit-amount").inputValue(), "10000.00");
  const renamed = `机房及配电改造 ${who.stamp}`;
  await byTestId(mgPage, "project-edit-name").fill(renamed);
  await byTestId(mgPage, "project-edit-amount").fill("12,345.60");
  await byTestId(mgPage, "project-edit-close").fill(day(60));
  await byTestId(mgPage, "project-edit-notes").fill("加配电柜");
  await byTestId(mgPage, "project-edit-save").click();
  await byTestId(mgPage, "notice").getByText("项目已保存").waitFor();
  await byTestId(mgPage, "project-title").getByText(renamed).waitFor();
  const saved = await api(salesToken, "GET", `/projects/${project.id}`);
  assert.equal(saved.name, renamed);
  assert.equal(saved.expected_amount_fen, 1_234_560);
  assert.equal(saved.expected_close, day(60));
  assert.equal(saved.notes, "加配电柜");
  assert.equal(saved.client_id, who.client.id);
  assert.equal(saved.stage, "design");

  // Someone else changes it while the form is open: saving is refused, nothing is overwritten.
  await byTestId(mgPage, "project-edit").click();
  await form.waitFor();
  await api(salesToken, "PATCH", `/projects/${project.id}`, {
    client_id: who.client.id,
    name: `${renamed} 二期`,
    expected_amount_fen: saved.expected_amount_fen,
    version: saved.version,
  });
  await byTestId(mgPage, "project-edit-notes").fill("我的修改");
  await byTestId(mgPage, "project-edit-save").click();
  await byTestId(mgPage, "error-banner").waitFor();
  const after = await api(salesToken, "GET", `/projects/${project.id}`);
  assert.equal(after.name, `${renamed} 二期`);
  assert.notEqual(after.notes, "我的修改");

  // Won: a closed project's details are not edited.
  await api(salesToken, "POST", `/projects/${project.id}/stage`, { stage: "won", version: after.version });
  await mgPage.reload();
  await mgPage.locator(`[data-testid="project-detail"][data-stage="won"]`).waitFor();
  assert.equal(await byTestId(mgPage, "project-edit").count(), 0);
  clean(mg);
  await mg.context.close();
});
