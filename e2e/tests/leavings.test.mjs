// Leaving and the final pay (issue 13): a salesperson files their leaving on their account page;
// their manager approves it; HR works the checklist (a laptop to return, the handover to a
// successor) and may close it only once every item is done, which disables the account; finance
// then finds the leaver on the month's payroll sheet with the figures the API gives. Every step
// is checked on the screen and in the API. No request may leave 127.0.0.1.
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

const PASSWORD = "leave-pass-123";

let browser;
let admin;
const who = {};

/** This month (`YYYY-MM`) and its last day, by this machine's clock. */
function thisMonth() {
  const d = new Date();
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  const last = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate();
  return { month, lastDay: `${month}-${String(last).padStart(2, "0")}` };
}

/** The API's money text (`¥5,000.00`), as the screens write it. */
function yuan(fen) {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, "0")}`;
}

async function person(key, display, roles, extra = {}) {
  const username = uniqueName(key);
  const user = await createUser(admin, { username, display_name: display, password: PASSWORD, roles, ...extra });
  who[key] = { username, id: user.id, name: display };
  return user;
}

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const tag = uniqueName("").slice(-4);
  const manager = await person("lvmgr", `离职经理${tag}`, ["manager"]);
  const team = await api(admin, "POST", "/teams", { name: `离职组 ${tag}`, manager_id: manager.id });
  await person("lvsp", `离职员${tag}`, ["salesperson"], { team_id: team.id });
  await person("lvnext", `接任员${tag}`, ["salesperson"], { team_id: team.id });
  await person("lvhr", `人事${tag}`, ["hr"]);
  await person("lvfin", `财务${tag}`, ["finance"]);
  const { month } = thisMonth();
  await api(admin, "POST", "/pay-grades", {
    user_id: who.lvsp.id,
    base_fen: 500_000,
    performance_fen: 200_000,
    effective_from: month,
  });
});

after(async () => {
  await browser?.close();
});

test("a leaving is filed, approved, worked by HR, closed; the leaver is on the payroll", async () => {
  const { month, lastDay } = thisMonth();

  // --- The salesperson files their own leaving on the account page (phone).
  const sp = await newContext(browser, PHONE);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.lvsp.username, PASSWORD);
  await spPage.goto(`${BASE_URL}/account`);
  const mine = byTestId(spPage, "my-leaving");
  await mine.locator("summary").click();
  await mine.locator('[data-testid="leaving-on"]').fill(lastDay);
  await mine.locator('[data-testid="leaving-reason"]').fill("回老家发展");
  await mine.locator('[data-testid="leaving-submit"]').click();
  await mine.locator('[data-testid="my-leaving-open"] [data-testid="leaving-state"][data-state="submitted"]').waitFor();
  const spToken = await login(who.lvsp.username, PASSWORD);
  const filed = (await api(spToken, "GET", `/leavings?user_id=${who.lvsp.id}`)).items;
  assert.equal(filed.length, 1);
  const id = filed[0].id;
  assert.equal(filed[0].leaving_on, lastDay);
  assert.equal(filed[0].reason, "回老家发展");
  clean(sp);
  await sp.context.close();

  // --- The manager approves it from the leavings list.
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.lvmgr.username, PASSWORD);
  await byTestId(mgPage, "nav-leavings").click();
  await mgPage.locator(`[data-testid="leaving-row"][data-leaving-id="${id}"] [data-testid="leaving-open"]`).click();
  await mgPage.locator(`[data-testid="leaving"][data-leaving-id="${id}"][data-state="submitted"]`).waitFor();
  await byTestId(mgPage, "leaving-approve").click();
  await mgPage.locator(`[data-testid="leaving"][data-state="approved"]`).waitFor();
  clean(mg);
  await mg.context.close();

  // --- HR: a laptop to return; closing is refused while it is out and no handover is made.
  const hrToken = await login(who.lvhr.username, PASSWORD);
  const hr = await newContext(browser, DESKTOP);
  const hrPage = await hr.context.newPage();
  await signIn(hrPage, who.lvhr.username, PASSWORD);
  await byTestId(hrPage, "nav-leavings").click();
  await hrPage.locator(`[data-testid="leaving-row"][data-leaving-id="${id}"] [data-testid="leaving-open"]`).click();
  const checklist = hrPage.locator('[data-testid="leaving-checklist"][data-complete="false"]');
  await checklist.waitFor();
  await byTestId(hrPage, "property-add").click();
  await hrPage.locator('[data-testid="property-item"] [data-testid="property-name"]').last().fill("笔记本电脑");
  await byTestId(hrPage, "checklist-save").click();
  await byTestId(hrPage, "notice").getByText("清单已保存").waitFor();
  let stored = await api(hrToken, "GET", `/leavings/${id}`);
  assert.deepEqual(stored.checklist.property, [{ item: "笔记本电脑", returned: false }]);

  await byTestId(hrPage, "leaving-close").click();
  const refused = byTestId(hrPage, "leaving-close-refused");
  await refused.waitFor();
  assert.match(await refused.innerText(), /笔记本电脑/);
  assert.match(await refused.innerText(), /handover/);
  assert.equal((await api(hrToken, "GET", `/leavings/${id}`)).state, "approved");

  // The laptop comes back; the clients go to the successor (the handover screen has its own
  // test); the checklist names the successor and closing goes through.
  await hrPage.locator('[data-testid="property-item"] [data-testid="property-returned"]').check();
  await byTestId(hrPage, "checklist-save").click();
  await hrPage.locator('[data-testid="checklist-property"] [data-testid="property-returned"]:checked').waitFor();
  await api(admin, "POST", "/handovers", {
    from_user_id: who.lvsp.id,
    to_user_id: who.lvnext.id,
    note: "离职交接",
  });
  await hrPage.reload();
  await hrPage.locator('[data-testid="leaving-checklist"][data-complete="true"]').waitFor();
  assert.match(await byTestId(hrPage, "checklist-handover").innerText(), new RegExp(who.lvnext.name));
  stored = await api(hrToken, "GET", `/leavings/${id}`);
  assert.equal(stored.checklist.successor_id, who.lvnext.id);
  assert.equal(stored.checklist.successor_name, who.lvnext.name);
  await byTestId(hrPage, "leaving-close").click();
  await hrPage.locator(`[data-testid="leaving"][data-state="closed"]`).waitFor();
  await byTestId(hrPage, "notice").getByText("已办结，账号已停用").waitFor();
  assert.equal((await api(hrToken, "GET", `/leavings/${id}`)).state, "closed");
  assert.equal((await api(admin, "GET", `/users/${who.lvsp.id}`)).disabled, true);
  clean(hr);
  await hr.context.close();

  // --- Finance: the month's payroll sheet lists the leaver with the API's figures.
  const finToken = await login(who.lvfin.username, PASSWORD);
  const sheet = await api(finToken, "GET", `/reports/payroll?month=${month}`);
  const line = sheet.rows.find((r) => r.user_id === who.lvsp.id);
  assert.ok(line, "the leaver is on the sheet");
  assert.equal(line.base_fen, 500_000);
  assert.equal(line.final, false, "no score for the month yet");
  const fin = await newContext(browser, DESKTOP);
  const finPage = await fin.context.newPage();
  await signIn(finPage, who.lvfin.username, PASSWORD);
  await byTestId(finPage, "nav-payroll").click();
  await byTestId(finPage, "payroll-month").fill(month);
  await byTestId(finPage, "payroll-month").dispatchEvent("change");
  const row = finPage.locator(`[data-testid="payroll-row"][data-user-id="${who.lvsp.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute("data-final"), "false");
  await row.locator('[data-testid="payroll-not-final"]').waitFor();
  assert.equal(await row.locator('[data-testid="payroll-row-total"]').innerText(), yuan(line.total_fen));
  assert.equal(await row.locator('[data-testid="payroll-performance-pay"]').innerText(), yuan(line.performance_pay_fen));
  clean(fin);
  await fin.context.close();
});
