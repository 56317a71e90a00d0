// The weekly report journey: a salesperson writes this week's report at phone width (375 px);
// the connection drops mid-typing, they keep typing, come back online and reload, and nothing
// typed is lost (checked on the server through the API); they link next week's plan and
// submit. Then their manager finds it in the team status, marks each section and sends the
// review; the API shows it reviewed with the marks. A second test: a manager writes and
// submits the monthly report and their own manager reviews it. The people and teams are made
// through the API with the admin's token. No request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  api,
  DESKTOP,
  PHONE,
  byTestId,
  launch,
  newContext,
  signIn,
  uniqueName,
  createUser,
  login,
} from "../lib/browser.mjs";

let browser;
let admin;

/** Polls `check` (an async function returning truthy when done) for up to `ms`. */
async function eventually(check, ms = 15_000, what = "condition") {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const saveState = (page) => byTestId(page, "save-state");
async function waitSaveState(page, state) {
  await page.locator(`[data-testid="save-state"][data-state="${state}"]`).waitFor();
}

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("a salesperson writes a report through a dropped connection; the manager reviews it", async () => {
  const password = "report-pass-123";
  const managerName = uniqueName("rmgr");
  const manager = await createUser(admin, {
    username: managerName,
    display_name: `E2E Manager ${managerName.slice(-4)}`,
    password,
    roles: ["manager"],
  });
  const team = await api(admin, "POST", "/teams", {
    name: `E2E Reports ${managerName.slice(-5)}`,
    manager_id: manager.id,
  });
  const salesName = uniqueName("rsales");
  const salesDisplay = `E2E Sales ${salesName.slice(-4)}`;
  const sales = await createUser(admin, {
    username: salesName,
    display_name: salesDisplay,
    password,
    roles: ["salesperson"],
    team_id: team.id,
  });
  const salesToken = await login(salesName, password);
  const managerToken = await login(managerName, password);

  // --- The salesperson, on a phone. ---
  const { context, outside, errors } = await newContext(browser, PHONE);
  let page = await context.newPage();
  await signIn(page, salesName, password);

  // The nav and the home page's to-do list lead to the report.
  assert.equal(await byTestId(page, "nav-weekly-report").innerText(), "周报");
  await page.locator('[data-testid="todo"] a[href="/reports/week"]').waitFor();
  await byTestId(page, "nav-weekly-report").click();
  await page.waitForURL(/\/reports\/week$/);
  await byTestId(page, "report-sales_volume").waitFor();
  await byTestId(page, "report-state").getByText("草稿").waitFor();

  // The report was created for this ISO week, with the figures from the server.
  const week = (await byTestId(page, "week-label").innerText()).trim();
  assert.match(week, /^\d{4}-W\d{2}$/);
  const listed = await api(salesToken, "GET", `/weekly-reports?owner_id=${sales.id}&week=${week}`);
  assert.equal(listed.items.length, 1);
  const reportId = listed.items[0].id;
  assert.ok((await page.locator('[data-testid="figure"]').count()) >= 5, "figures shown");
  await page.locator('[data-testid="figure"][data-key="visits_done"]').waitFor();
  // The sections are labelled as on the 周工作汇报表; required ones are marked.
  await byTestId(page, "section-sales_expenses").getByText("销售费用（含差旅）").waitFor();
  await byTestId(page, "section-policy_changes").getByText("地方政策变化").waitFor();
  assert.equal(await byTestId(page, "section-sales_volume").locator(".req").count(), 1);
  assert.equal(await byTestId(page, "section-policy_changes").locator(".req").count(), 0);

  // Saved as they type.
  const salesText = "本周销售A型设备12台，合计36万元。";
  await byTestId(page, "report-sales_volume").pressSequentially(salesText, { delay: 15 });
  await waitSaveState(page, "saved");
  await eventually(
    async () =>
      (await api(salesToken, "GET", `/weekly-reports/${reportId}`)).sections.sales_volume === salesText,
    10_000,
    "the first section on the server",
  );

  // Submitting too early: the missing sections are named beside them.
  await byTestId(page, "report-submit").click();
  await byTestId(page, "field-error-sections.collections").getByText("必填").waitFor();
  await byTestId(page, "field-error-sections.key_clients").waitFor();
  assert.equal(await byTestId(page, "field-error-sections.sales_volume").count(), 0);
  await byTestId(page, "field-error-next_plan_id").waitFor();

  // The connection drops mid-typing; they keep typing.
  const collectionsA = "回款：收到华东公司货款8万元，";
  const collectionsB = "另有3万元约定下周付清。";
  const visitsText = "拜访客户9家，其中重点客户3家。";
  await byTestId(page, "report-collections").pressSequentially(collectionsA, { delay: 15 });
  await context.setOffline(true);
  await byTestId(page, "report-collections").pressSequentially(collectionsB, { delay: 15 });
  await byTestId(page, "report-client_visits").pressSequentially(visitsText, { delay: 15 });
  await waitSaveState(page, "offline");
  assert.match(await saveState(page).innerText(), /已保存在本设备/);
  // Kept on the device meanwhile.
  const kept = await page.evaluate((id) => localStorage.getItem(`salesops.report-draft.${id}`), reportId);
  assert.ok(kept && kept.includes(collectionsB) && kept.includes(visitsText), "draft kept locally");

  // Back online: what waited is sent.
  await context.setOffline(false);
  await waitSaveState(page, "saved");
  await eventually(async () => {
    const r = await api(salesToken, "GET", `/weekly-reports/${reportId}`);
    return r.sections.collections === collectionsA + collectionsB && r.sections.client_visits === visitsText;
  }, 15_000, "the offline typing on the server");

  // Offline again; this time the page is closed before the connection returns, then reopened.
  const expensesText = "差旅费1,280元，招待费600元。";
  await context.setOffline(true);
  await byTestId(page, "report-sales_expenses").pressSequentially(expensesText, { delay: 15 });
  await waitSaveState(page, "offline");
  await page.close();
  const before = await api(salesToken, "GET", `/weekly-reports/${reportId}`);
  assert.notEqual(before.sections.sales_expenses, expensesText, "nothing reached the server offline");
  await context.setOffline(false);
  page = await context.newPage();
  await page.goto(`${BASE_URL}/reports/week`);
  await byTestId(page, "notice").getByText("已恢复本设备上未上传的内容").waitFor();
  assert.equal(await byTestId(page, "report-sales_expenses").inputValue(), expensesText);
  // An existing draft shows its live figures too.
  await page.locator('[data-testid="figure"][data-key="visits_planned"]').waitFor();
  await waitSaveState(page, "saved");
  await eventually(
    async () =>
      (await api(salesToken, "GET", `/weekly-reports/${reportId}`)).sections.sales_expenses === expensesText,
    15_000,
    "the restored draft on the server",
  );

  // The rest, next week's plan, submit.
  const keyText = "重点客户：华东公司续签意向明确。";
  await byTestId(page, "report-key_clients").fill(keyText);
  await byTestId(page, "next-plan-link").click();
  await byTestId(page, "next-plan-linked").waitFor();
  await byTestId(page, "report-submit").click();
  await byTestId(page, "report-state").getByText("已提交").waitFor();
  await byTestId(page, "report-locked").waitFor();
  const submitted = await api(salesToken, "GET", `/weekly-reports/${reportId}`);
  assert.equal(submitted.state, "submitted");
  assert.deepEqual(
    {
      sales_volume: submitted.sections.sales_volume,
      collections: submitted.sections.collections,
      client_visits: submitted.sections.client_visits,
      sales_expenses: submitted.sections.sales_expenses,
      key_clients: submitted.sections.key_clients,
    },
    {
      sales_volume: salesText,
      collections: collectionsA + collectionsB,
      client_visits: visitsText,
      sales_expenses: expensesText,
      key_clients: keyText,
    },
    "nothing typed was lost",
  );
  assert.ok(submitted.next_plan_id, "next week's plan linked");
  // In English too.
  await byTestId(page, "lang-switch").click();
  assert.equal(await byTestId(page, "nav-weekly-report").innerText(), "Weekly report");
  await byTestId(page, "section-sales_expenses").getByText("Sales expenses (incl. travel)").waitFor();
  await byTestId(page, "report-state").getByText("Submitted").waitFor();
  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();

  // --- The manager, on a desktop. ---
  const m = await newContext(browser, DESKTOP);
  const mpage = await m.context.newPage();
  await signIn(mpage, managerName, password);
  await mpage.locator('[data-testid="todo"] a[href="/reports/status"]').waitFor();
  await byTestId(mpage, "nav-reports-status").click();
  await mpage.waitForURL(/\/reports\/status$/);
  const row = mpage.locator(`[data-testid="status-person"][data-name="${salesDisplay}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute("data-status"), "awaiting_review");
  // The 12-week trend lists the person.
  await mpage.locator(`[data-testid="trend-person"][data-name="${salesDisplay}"]`).waitFor();
  assert.equal(await mpage.locator('[data-testid="trend-chart"] [data-testid="trend-person"]').count(), 1);

  await row.locator('[data-testid="status-open"]').click();
  await mpage.waitForURL(new RegExp(`/reports/weekly/${reportId}$`));
  await byTestId(mpage, "review-text-collections").getByText(collectionsA + collectionsB).waitFor();

  // The print view, fetched with the token.
  await byTestId(mpage, "report-print").click();
  const frame = byTestId(mpage, "print-frame");
  await frame.waitFor();
  const srcdoc = await frame.getAttribute("srcdoc");
  assert.ok(srcdoc.includes("data-figure") && srcdoc.includes(visitsText), "print view has figures and text");
  // Sandboxed: no scripts; it still renders, and the page can print it.
  assert.equal(await frame.getAttribute("sandbox"), "allow-same-origin allow-modals");
  await mpage.frameLocator('[data-testid="print-frame"]').locator("[data-figure]").first().waitFor();
  assert.equal(
    await mpage.evaluate(() => typeof document.querySelector('[data-testid="print-frame"]').contentWindow.print),
    "function",
  );
  await byTestId(mpage, "report-print-close").click();

  await byTestId(mpage, "mark-sales_volume-partial").check({ force: true });
  await byTestId(mpage, "mark-note-sales_volume").fill("缺少分产品数据");
  await byTestId(mpage, "mark-promotion_effect-zero").check({ force: true });
  await byTestId(mpage, "mark-note-promotion_effect").fill("未填写");
  await byTestId(mpage, "review-comment").fill("整体清楚，下周补充促销效果。");
  await byTestId(mpage, "review-submit").click();
  await byTestId(mpage, "review-result").waitFor();
  await byTestId(mpage, "report-state").getByText("已审阅").waitFor();

  const reviewed = await api(managerToken, "GET", `/weekly-reports/${reportId}`);
  assert.equal(reviewed.state, "reviewed");
  assert.equal(reviewed.review_comment, "整体清楚，下周补充促销效果。");
  const mark = (s) => reviewed.marks.find((x) => x.section === s);
  assert.equal(reviewed.marks.length, 11);
  assert.deepEqual([mark("sales_volume").mark, mark("sales_volume").note], ["partial", "缺少分产品数据"]);
  assert.deepEqual([mark("promotion_effect").mark, mark("promotion_effect").note], ["zero", "未填写"]);
  assert.equal(mark("collections").mark, "full");

  // Back on the status list: reviewed.
  await byTestId(mpage, "review-back").click();
  await mpage.locator(`[data-testid="status-person"][data-name="${salesDisplay}"][data-status="reviewed"]`).waitFor();

  assert.deepEqual(m.outside, [], "requests left 127.0.0.1");
  assert.deepEqual(m.errors, [], "uncaught page errors");
  await m.context.close();
});

test("a manager submits the monthly report and their manager reviews it (desktop)", async () => {
  const password = "report-pass-123";
  const seniorName = uniqueName("rsen");
  const senior = await createUser(admin, {
    username: seniorName,
    display_name: `E2E Senior ${seniorName.slice(-4)}`,
    password,
    roles: ["manager"],
  });
  const region = await api(admin, "POST", "/teams", {
    name: `E2E Region ${seniorName.slice(-5)}`,
    manager_id: senior.id,
  });
  const managerName = uniqueName("rmm");
  const managerDisplay = `E2E Monthly ${managerName.slice(-4)}`;
  const manager = await createUser(admin, {
    username: managerName,
    display_name: managerDisplay,
    password,
    roles: ["manager"],
    team_id: region.id,
  });
  await api(admin, "POST", "/teams", {
    name: `E2E Branch ${managerName.slice(-5)}`,
    manager_id: manager.id,
    parent_id: region.id,
  });

  const { context, outside, errors } = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await signIn(page, managerName, password);
  await byTestId(page, "nav-monthly-report").click();
  await page.waitForURL(/\/reports\/monthly$/);
  await byTestId(page, "monthly-start").click();
  await byTestId(page, "monthly-due").waitFor();
  // Submitting blank parts is refused beside them.
  await byTestId(page, "monthly-submit").click();
  await byTestId(page, "field-error-summary").waitFor();
  await byTestId(page, "monthly-summary").fill("本月完成销售额120万元。");
  await byTestId(page, "monthly-next_month_plan").fill("下月重点开发三个县级市场。");
  await byTestId(page, "monthly-proposals").fill("建议增加冬季促销预算。");
  await byTestId(page, "monthly-submit").click();
  await byTestId(page, "notice").getByText("月报已提交").waitFor();
  await byTestId(page, "report-state").getByText("已提交").waitFor();
  await byTestId(page, "sign-out").click();
  await page.waitForURL(/\/login$/);

  // Their manager sees it and reviews it.
  await signIn(page, seniorName, password);
  await byTestId(page, "nav-monthly-report").click();
  const other = page.locator('[data-testid="monthly-other"][data-state="submitted"]', { hasText: managerDisplay });
  await other.locator("summary").click();
  await other.locator('[data-testid="monthly-review-comment-input"]').fill("计划可行。");
  // The section marks (0–20 each) feed the manager's score: once one is given, the others are
  // asked for beside their rows, and 21 is refused beside its own.
  const mark = (section) => other.locator(`[data-testid="monthly-mark"][data-section="${section}"]`);
  await mark("summary").locator('[data-testid="monthly-mark-points"]').fill("21");
  await other.locator('[data-testid="monthly-review"]').click();
  await mark("plan").locator('[data-testid="field-error-marks[1]"]').waitFor();
  await mark("proposals").locator('[data-testid="field-error-marks[2]"]').waitFor();
  await mark("plan").locator('[data-testid="monthly-mark-points"]').fill("15");
  await mark("proposals").locator('[data-testid="monthly-mark-points"]').fill("12");
  await other.locator('[data-testid="monthly-review"]').click();
  await mark("summary").locator('[data-testid="field-error-marks[0]"]').waitFor();
  await mark("summary").locator('[data-testid="monthly-mark-points"]').fill("18");
  await mark("summary").locator('[data-testid="monthly-mark-note"]').fill("总结翔实");
  await other.locator('[data-testid="monthly-review"]').click();
  const reviewed = page.locator('[data-testid="monthly-other"][data-state="reviewed"]', { hasText: managerDisplay });
  await reviewed.waitFor();
  assert.equal(await reviewed.locator('[data-testid="monthly-marks-total"]').innerText(), "45");

  const seniorToken = await login(seniorName, password);
  const list = await api(seniorToken, "GET", "/monthly-reports?per_page=100");
  const report = list.items.find((r) => r.owner_id === manager.id);
  assert.equal(report.state, "reviewed");
  assert.equal(report.review_comment, "计划可行。");
  assert.deepEqual(
    report.marks.map((m) => [m.section, m.points, m.note ?? null]),
    [["summary", 18, "总结翔实"], ["plan", 15, null], ["proposals", 12, null]],
  );
  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});
