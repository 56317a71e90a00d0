// The to-do and the bell (issue 14): a salesperson submits next week's plan; the manager's home
// shows "1 plan to approve" with its link; once the manager approves, the salesperson's bell
// counts one unread notification (also in the tab's title), lists it as approved, and marking
// all read clears the count, on the screen and in the API. A client complaint shows on the
// salesperson's and the manager's home as an open complaint, linking to /cases, and leaves it
// once resolved there. No request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  DESKTOP,
  PHONE,
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
import { isoWeek } from "../lib/dates.mjs";

const PASSWORD = "inbox-pass-123";

let browser;
const who = {};

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const tag = uniqueName("").slice(-4);
  who.manager = { username: uniqueName("ibmgr") };
  who.sales = { username: uniqueName("ibsp") };
  const manager = await createUser(admin, {
    username: who.manager.username,
    display_name: `待办经理${tag}`,
    password: PASSWORD,
    roles: ["manager"],
  });
  const team = await api(admin, "POST", "/teams", { name: `待办组 ${tag}`, manager_id: manager.id });
  await createUser(admin, {
    username: who.sales.username,
    display_name: `待办员${tag}`,
    password: PASSWORD,
    roles: ["salesperson"],
    team_id: team.id,
  });
});

after(async () => {
  await browser?.close();
});

test("the manager's home counts the plan to approve; the salesperson's bell says it was approved", async () => {
  const sales = await login(who.sales.username, PASSWORD);
  const period = isoWeek(new Date(Date.now() + 7 * 86_400_000));
  const plan = await api(sales, "POST", "/plans", { kind: "weekly", period });
  await api(sales, "POST", `/plans/${plan.id}/submit`, {});

  // --- The manager's home: one plan to approve, linking to the approvals.
  const manager = await login(who.manager.username, PASSWORD);
  const inbox = await api(manager, "GET", "/inbox");
  const line = inbox.items.find((i) => i.kind === "plans_to_approve");
  assert.equal(line?.count, 1, JSON.stringify(inbox));
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);
  const item = mgPage.locator('[data-testid="inbox"] [data-testid="inbox-item"][data-kind="plans_to_approve"]');
  await item.waitFor();
  assert.equal(await item.getAttribute("data-count"), "1");
  assert.equal(await item.locator('[data-testid="inbox-count"]').innerText(), "1");
  assert.match(await item.innerText(), /待审批的工作计划/);
  await item.locator("a").first().click();
  await mgPage.waitForURL(new RegExp(line.link.replace(/[/]/g, "\\/")));
  await mgPage.locator(`[data-plan-id="${plan.id}"]`).first().waitFor();
  clean(mg);
  await mg.context.close();

  const fresh = await api(manager, "GET", `/plans/${plan.id}`);
  await api(manager, "POST", `/plans/${plan.id}/approve`, { version: fresh.version });
  const after = await api(manager, "GET", "/inbox");
  assert.equal(after.items.find((i) => i.kind === "plans_to_approve"), undefined, "the count drops to none");

  // --- The salesperson: the bell counts it, in the tab's title too, and lists it as approved.
  const sp = await newContext(browser, PHONE);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.sales.username, PASSWORD);
  await byTestId(spPage, "bell-count").getByText("1").waitFor();
  await spPage.waitForFunction(() => document.title.startsWith("(1)"));
  await byTestId(spPage, "bell").click();
  const note = byTestId(spPage, "bell-item").first();
  await note.waitFor();
  assert.match(await note.innerText(), /已批准/);
  assert.match(await note.innerText(), new RegExp(period));
  await byTestId(spPage, "bell-mark-all").click();
  await byTestId(spPage, "bell-count").waitFor({ state: "detached" });
  const unread = await api(sales, "GET", "/notifications?unread=true");
  assert.equal(unread.items.length, 0);
  clean(sp);
  await sp.context.close();
});

test("an open complaint: on the salesperson's and the manager's home, linking to the open complaints", async () => {
  const sales = await login(who.sales.username, PASSWORD);
  const n = String(Math.floor(Math.random() * 10_000)).padStart(4, "0");
  const client = await api(sales, "POST", "/clients", { name: `客诉客户${n}`, phone: `1370013${n}` });
  const opened = await api(sales, "POST", "/cases", { client_id: client.id, summary: "送货延误" });
  for (const username of [who.sales.username, who.manager.username]) {
    const token = await login(username, PASSWORD);
    const line = (await api(token, "GET", "/inbox")).items.find((i) => i.kind === "open_complaints");
    const open = await api(token, "GET", "/cases?unresolved=true");
    assert.equal(line?.count, open.total, JSON.stringify(line));
    const ctx = await newContext(browser, PHONE);
    const page = await ctx.context.newPage();
    await signIn(page, username, PASSWORD);
    const item = page.locator('[data-testid="inbox-item"][data-kind="open_complaints"]');
    await item.waitFor();
    assert.equal(await item.getAttribute("data-count"), String(open.total));
    assert.match(await item.innerText(), /未解决的客诉/);
    await item.locator("a").first().click();
    await page.waitForURL(/\/cases$/);
    const row = page.locator(`[data-testid="case-row"][data-case-id="${opened.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`客诉客户${n}`));
    clean(ctx);
    await ctx.context.close();
  }
  // Resolved on the screen, it leaves the list and the count.
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.context.newPage();
  await signIn(page, who.sales.username, PASSWORD);
  await page.goto(`${BASE_URL}/cases`);
  const row = page.locator(`[data-testid="case-row"][data-case-id="${opened.id}"]`);
  await row.locator('[data-testid="case-resolve"]').click();
  await row.locator('[data-testid="case-resolution"]').fill("已安排补发");
  await row.locator('[data-testid="case-resolve-submit"]').click();
  await row.waitFor({ state: "detached" });
  const after = (await api(sales, "GET", "/inbox")).items.find((i) => i.kind === "open_complaints");
  assert.equal(after, undefined, JSON.stringify(after));
  clean(ctx);
  await ctx.context.close();
});
