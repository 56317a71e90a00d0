// The to-do and the bell (issue 14): a salesperson submits next week's plan; the manager's home
// shows "1 plan to approve" with its link; once the manager approves, the salesperson's bell
// counts one unread notification (also in the tab's title), lists it as approved, and marking
// all read clears the count, on the screen and in the API. No request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  DESKTOP,
  PHONE,
  api,
  byTestId,
  createUser,
  launch,
  newContext,
  signIn,
  uniqueName,
} from "../lib/browser.mjs";

const PASSWORD = "inbox-pass-123";

let browser;
const who = {};

async function login(username, password) {
  return (await api(null, "POST", "/auth/login", { username, password })).access_token;
}

function isoWeek(date) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

function clean({ outside, errors }) {
  assert.deepEqual(outside, [], "requests left this machine");
  assert.deepEqual(errors, [], "uncaught errors in the page");
}

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
