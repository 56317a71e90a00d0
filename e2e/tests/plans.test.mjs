// The plans journey: a team with a manager and a salesperson who owns a client (set up over the
// API). At phone width the salesperson builds this week's plan with a visit and submits it; the
// manager rejects it with a comment; the salesperson reads the comment, fixes the plan and
// resubmits; the manager approves; the salesperson completes the visit (the follow-up is logged
// in the same step, with the browser's location). No request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  DESKTOP,
  PHONE,
  byTestId,
  launch,
  newContext,
  signIn,
  uniqueName,
  createUser,
  api,
  login,
} from "../lib/browser.mjs";
import { isoWeek } from "../lib/dates.mjs";

const PASSWORD = "plans-pass-123";

/** The API as `token`, arguments in this file's order. */
const call = (method, path, token, body) => api(token, method, path, body);

let browser;
const who = {};

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();

  // A team with a manager and a salesperson; a client owned by the salesperson, with
  // coordinates (the browser will report a position next to it).
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const stamp = uniqueName("");
  who.manager = { username: uniqueName("plmgr"), name: `经理${stamp.slice(-4)}` };
  who.sales = { username: uniqueName("plsp"), name: `业务员${stamp.slice(-4)}` };
  const manager = await createUser(admin, {
    username: who.manager.username,
    display_name: who.manager.name,
    password: PASSWORD,
    roles: ["manager"],
  });
  const team = await call("POST", "/teams", admin, {
    name: `计划组 ${stamp}`,
    manager_id: manager.id,
  });
  await createUser(admin, {
    username: who.sales.username,
    display_name: who.sales.name,
    password: PASSWORD,
    roles: ["salesperson"],
    team_id: team.id,
  });
  const sales = await login(who.sales.username, PASSWORD);
  who.client = `客户${stamp}`;
  await call("POST", "/clients", sales, {
    name: who.client,
    company: `公司${stamp}`,
    phone: `139${String(Date.now()).slice(-8)}`,
    latitude: 31.2304,
    longitude: 121.4737,
  });
});

after(async () => {
  await browser?.close();
});

async function openMyWeek(page) {
  await byTestId(page, "nav-my-week").click();
  await page.waitForURL(/\/plans\/week/);
}

async function openInboxItem(page) {
  await byTestId(page, "nav-approvals").click();
  await page.waitForURL(/\/manager\/approvals/);
  const item = page.locator(`[data-testid="inbox-item"][data-owner="${who.sales.name}"]`);
  await item.waitFor();
  return item;
}

test("a week plan: build, reject, fix, approve, complete a visit", async () => {
  const sp = await newContext(browser, PHONE);
  await sp.context.grantPermissions(["geolocation"], { origin: BASE_URL });
  await sp.context.setGeolocation({ latitude: 31.2306, longitude: 121.474 });
  const spPage = await sp.context.newPage();
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();

  // --- The salesperson, on a phone: create the week's plan, targets, estimate, a visit.
  await signIn(spPage, who.sales.username, PASSWORD);
  assert.equal(await byTestId(spPage, "nav-my-week").innerText(), "我的一周");
  assert.equal(await byTestId(spPage, "nav-approvals").count(), 0);
  await openMyWeek(spPage);
  await byTestId(spPage, "plan-create").click();
  const plan = spPage.locator('[data-testid="plan"][data-state="draft"]');
  await plan.waitFor();
  assert.equal(await byTestId(spPage, "plan-calls").inputValue(), "30");

  // The visit first: adding it must not lose what is typed in the plan's form afterwards.
  await byTestId(spPage, "visit-add-open").click();
  await byTestId(spPage, "visit-client-search").fill(who.client);
  await spPage.locator(`[data-testid="client-option"][data-name="${who.client}"]`).click();
  await byTestId(spPage, "visit-client-chosen").waitFor();
  await byTestId(spPage, "visit-time-from").fill("09:30");
  await byTestId(spPage, "visit-time-to").fill("11:00");
  await byTestId(spPage, "visit-purpose").fill("介绍新产品");
  await byTestId(spPage, "visit-add-submit").click();
  const visit = spPage.locator(`[data-testid="visit"][data-client="${who.client}"]`);
  await visit.waitFor();
  assert.match(await visit.innerText(), /09:30–11:00/);
  assert.equal(await visit.getAttribute("data-status"), "planned");

  await byTestId(spPage, "plan-calls").fill("25");
  await byTestId(spPage, "plan-est-travel").fill("300.5");
  await byTestId(spPage, "plan-est-per_diem").fill("120");
  assert.equal(await byTestId(spPage, "plan-est-total").innerText(), "¥420.50");
  await byTestId(spPage, "plan-submit").click();
  await spPage.locator('[data-testid="plan"][data-state="submitted"]').waitFor();
  await byTestId(spPage, "notice").getByText("计划已提交审批").waitFor();
  assert.equal(await byTestId(spPage, "plan-calls").inputValue(), "25");
  assert.equal(await byTestId(spPage, "plan-est-travel").inputValue(), "300.50");

  // --- The manager, on a desktop: the plan is in the inbox; reject it with a comment.
  await signIn(mgPage, who.manager.username, PASSWORD);
  let item = await openInboxItem(mgPage);
  assert.match(await item.locator('[data-testid="plan-figures-total"]').innerText(), /¥420\.50/);
  await item.locator('[data-testid="inbox-details"]').click();
  await item.locator('[data-testid="inbox-visit"]', { hasText: who.client }).waitFor();
  // Rejecting needs a comment.
  await item.locator('[data-testid="reject"]').click();
  await item.locator('[data-testid="field-error-comment"]').waitFor();
  const comment = "差旅预算过高，请调整到200元以内";
  await item.locator('[data-testid="decision-comment-input"]').fill(comment);
  await item.locator('[data-testid="reject"]').click();
  await byTestId(mgPage, "notice").getByText("计划已驳回").waitFor();
  await item.waitFor({ state: "detached" });

  // --- The salesperson sees the comment, fixes the estimate and resubmits.
  await spPage.reload();
  await spPage.locator('[data-testid="plan"][data-state="rejected"]').waitFor();
  assert.match(await byTestId(spPage, "rejection-comment").innerText(), new RegExp(comment));
  await byTestId(spPage, "plan-est-travel").fill("180");
  assert.equal(await byTestId(spPage, "plan-est-total").innerText(), "¥300.00");
  await byTestId(spPage, "plan-submit").click();
  await spPage.locator('[data-testid="plan"][data-state="submitted"]').waitFor();

  // --- The manager sees what changed since the rejected revision, and approves.
  await byTestId(mgPage, "inbox-reload").click();
  item = await openInboxItem(mgPage);
  await item.locator('[data-testid="inbox-details"]').click();
  const change = item.locator('[data-testid="change"][data-field="expense_estimate.travel"]');
  await change.waitFor();
  assert.match(await change.innerText(), /¥300\.50[\s\S]*¥180\.00/);
  await item.locator('[data-testid="approve"]').click();
  await byTestId(mgPage, "notice").getByText("计划已批准").waitFor();

  // The team week shows the salesperson with a bar in the chart.
  await byTestId(mgPage, "nav-team-week").click();
  await mgPage.locator(`[data-testid="chart-bar"][data-name="${who.sales.name}"]`).waitFor();
  await mgPage
    .locator(`[data-testid="team-person"][data-name="${who.sales.name}"] [data-testid="plan-state"][data-state="approved"]`)
    .waitFor();

  // --- The salesperson completes the visit, logging the follow-up in the same step.
  await spPage.reload();
  await spPage.locator('[data-testid="plan"][data-state="approved"]').waitFor();
  await visit.locator('[data-testid="visit-done"]').click();
  await visit.locator('[data-testid="visit-summary"]').fill("客户对新产品感兴趣");
  await visit.locator('[data-testid="visit-needs"]').fill("需要报价单");
  await visit.locator('[data-testid="visit-next-step"]').fill("周五前发送报价");
  await visit.locator('[data-testid="visit-complete-submit"]').click();
  await spPage.locator(`[data-testid="visit"][data-client="${who.client}"][data-status="done"]`).waitFor();
  await byTestId(spPage, "notice").getByText("拜访已完成").waitFor();
  // The location was sent and is next to the client: no warning flags.
  const doneText = await visit.innerText();
  assert.doesNotMatch(doneText, /无定位|不在客户地点/);

  // The daily log.
  await byTestId(spPage, "log-calls").fill("28");
  await byTestId(spPage, "log-visits").fill("1");
  await byTestId(spPage, "log-save").click();
  await byTestId(spPage, "daily-log").first().waitFor();

  // English works on the same screen.
  await byTestId(spPage, "lang-switch").click();
  assert.equal(await byTestId(spPage, "nav-my-week").innerText(), "My week");
  assert.equal(await visit.locator('[data-testid="visit-status"]').innerText(), "Done");

  for (const { outside, errors, context } of [sp, mg]) {
    assert.deepEqual(outside, [], "requests left this machine");
    assert.deepEqual(errors, [], "uncaught errors in the page");
    await context.close();
  }
});

test("a decision that comes second says someone else decided first", async () => {
  // Next week's plan, submitted over the API.
  const sales = await login(who.sales.username, PASSWORD);
  const next = isoWeek(new Date(Date.now() + 7 * 86_400_000));
  const created = await call("POST", "/plans", sales, { kind: "weekly", period: next });
  await call("POST", `/plans/${created.id}/submit`, sales, {});

  const mg = await newContext(browser, PHONE);
  const page = await mg.context.newPage();
  await signIn(page, who.manager.username, PASSWORD);
  await byTestId(page, "nav-approvals").click();
  const item = page.locator(`[data-testid="inbox-item"][data-plan-id="${created.id}"]`);
  await item.waitFor();

  // Meanwhile the plan is decided elsewhere (the same manager over the API).
  const manager = await login(who.manager.username, PASSWORD);
  const fresh = await call("GET", `/plans/${created.id}`, manager);
  await call("POST", `/plans/${created.id}/approve`, manager, { version: fresh.version });

  await item.locator('[data-testid="approve"]').click();
  await item.locator('[data-testid="stale-decision"]').getByText("其他人已先做出决定").waitFor();
  await item.locator('[data-testid="stale-reload"]').click();
  await item.waitFor({ state: "detached" });

  assert.deepEqual(mg.outside, [], "requests left this machine");
  assert.deepEqual(mg.errors, [], "uncaught errors in the page");
  await mg.context.close();
});
