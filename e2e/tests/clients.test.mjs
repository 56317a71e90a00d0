// The client journey at phone width (375 px): a salesperson creates a client (a bad email is
// refused beside its field, a second client with the same phone is refused as a duplicate),
// logs a visit and sees it on the timeline; then their manager finds the client in the team
// view. The manager, team and salesperson are made through the API with the admin's token.
// Then a salesperson edits a client's details, escalates and resolves a case from the client
// page and exports the client list as CSV. No request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  api,
  PHONE,
  byTestId,
  launch,
  newContext,
  signIn,
  uniqueName,
  createUser,
} from "../lib/browser.mjs";

let browser;
let admin;


before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  const tokens = await api(null, "POST", "/auth/login", {
    username: ADMIN_USER,
    password: ADMIN_PASSWORD,
  });
  admin = tokens.access_token;
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("a salesperson creates a client and logs a visit; the manager sees it (phone width)", async () => {
  // The people: a manager, their team, a salesperson in it.
  const password = "client-pass-123";
  const managerName = uniqueName("mgr");
  const manager = await createUser(admin, {
    username: managerName,
    display_name: `E2E Manager ${managerName.slice(-4)}`,
    password,
    roles: ["manager"],
  });
  const team = await api(admin, "POST", "/teams", {
    name: `E2E Team ${managerName.slice(-5)}`,
    manager_id: manager.id,
  });
  const salesName = uniqueName("sales");
  const sales = await createUser(admin, {
    username: salesName,
    display_name: `E2E Sales ${salesName.slice(-4)}`,
    password,
    roles: ["salesperson"],
    team_id: team.id,
  });

  const { context, outside, errors } = await newContext(browser, PHONE);
  const page = await context.newPage();
  await signIn(page, salesName, password);

  // The salesperson's navigation and to-do list lead to the client screens.
  await byTestId(page, "nav-today").waitFor();
  assert.equal(await byTestId(page, "nav-clients").innerText(), "客户");
  assert.equal(await byTestId(page, "nav-handover").count(), 0);
  await page.locator('[data-testid="todo"] a[href="/today"]').waitFor();

  await byTestId(page, "nav-clients").click();
  await page.waitForURL(/\/clients$/);
  // On a phone, search and "new client" sit in the bottom bar, within the thumb's reach.
  const search = await byTestId(page, "clients-search").boundingBox();
  const newButton = await byTestId(page, "clients-new").boundingBox();
  assert.ok(search && search.y > PHONE.height - 120, `search box at y=${search?.y}`);
  assert.ok(newButton && newButton.y > PHONE.height - 120, `new-client button at y=${newButton?.y}`);

  await byTestId(page, "clients-new").click();
  await page.waitForURL(/\/clients\/new$/);

  // A bad email is refused beside its field (the "more details" part opens to show it).
  const clientName = `测试客户${salesName.slice(-5)}`;
  const phone = `139${String(Date.now()).slice(-8)}`;
  await byTestId(page, "client-name-input").fill(clientName);
  await byTestId(page, "client-company").fill(`E2E 建材 ${salesName.slice(-5)}`);
  await byTestId(page, "client-phone").fill(phone);
  await byTestId(page, "client-tier").selectOption("key");
  await byTestId(page, "client-more").click();
  await byTestId(page, "client-email").fill("not-an-email");
  await byTestId(page, "new-client-submit").click();
  await byTestId(page, "field-error-email").waitFor();
  await byTestId(page, "client-email").fill("");
  await byTestId(page, "new-client-submit").click();

  // The client page: title, key-client badge, an empty timeline.
  await page.waitForURL(/\/clients\/\d+/);
  const clientUrl = page.url().replace(/\?.*$/, "");
  await byTestId(page, "client-title").getByText(clientName).waitFor();
  assert.equal(await byTestId(page, "badge-tier").innerText(), "大客户");
  await byTestId(page, "timeline-empty").waitFor();

  // Log a visit in the short form.
  await byTestId(page, "log-visit").click();
  await byTestId(page, "follow-up-form").waitFor();
  assert.equal(await byTestId(page, "follow-up-kind-visit").isChecked(), true);
  const summary = `拜访：介绍新产品 ${salesName.slice(-4)}`;
  await byTestId(page, "follow-up-summary").fill(summary);
  await byTestId(page, "follow-up-next-date").fill("2030-01-15");
  await byTestId(page, "follow-up-submit").click();
  await byTestId(page, "notice").waitFor();
  const entry = page.locator('[data-testid="timeline-follow-up"][data-kind="visit"]', {
    hasText: summary,
  });
  await entry.waitFor();
  assert.match(await entry.innerText(), /拜访/);
  assert.equal(await byTestId(page, "follow-up-form").count(), 0);
  await byTestId(page, "client-next").getByText("2030-01-15").waitFor();

  // The same phone again (written differently) is a double claim: the existing client is linked.
  await page.goto(`${BASE_URL}/clients/new`);
  await byTestId(page, "client-name-input").fill(`${clientName}二`);
  await byTestId(page, "client-phone").fill(`+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`);
  await byTestId(page, "new-client-submit").click();
  await byTestId(page, "duplicate-client").waitFor();
  assert.equal(
    await byTestId(page, "duplicate-link").getAttribute("href"),
    new URL(clientUrl).pathname,
  );

  // Search as you type finds the client in the list.
  await byTestId(page, "nav-clients").click();
  await byTestId(page, "clients-search").fill(clientName.slice(0, 6));
  await page.locator('[data-testid="client-row"]', { hasText: clientName }).waitFor();

  // The manager sees the client in the team view, with its owner.
  await byTestId(page, "sign-out").click();
  await page.waitForURL(/\/login$/);
  await signIn(page, managerName, password);
  await byTestId(page, "nav-team-clients").click();
  await page.waitForURL(/\/clients\/team$/);
  await byTestId(page, "team-search").fill(clientName);
  const row = page.locator('[data-testid="client-row"]', { hasText: clientName });
  await row.waitFor();
  assert.equal(await row.locator('[data-testid="client-owner"]').innerText(), sales.display_name);
  // …and can open it, timeline included.
  await row.locator('[data-testid="client-name"]').click();
  await page.waitForURL(/\/clients\/\d+/);
  await page.locator('[data-testid="timeline-follow-up"]', { hasText: summary }).waitFor();

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});

test("a salesperson imports clients from a CSV file: check, confirm, result (phone width)", async () => {
  const password = "client-pass-123";
  const salesName = uniqueName("imp");
  await createUser(admin, {
    username: salesName,
    display_name: `E2E Import ${salesName.slice(-4)}`,
    password,
    roles: ["salesperson"],
  });
  const { context, outside, errors } = await newContext(browser, PHONE);
  const page = await context.newPage();
  await signIn(page, salesName, password);
  await page.locator('[data-testid="todo"] a[href="/clients/import"]').click();
  await page.waitForURL(/\/clients\/import$/);

  const base = String(Date.now()).slice(-7);
  const csv = [
    "姓名,公司,电话,邮箱,级别",
    `导入甲${base},导入公司甲${base},1360${base},,大客户`,
    `导入乙${base},导入公司乙${base},1361${base},not-an-email,一般客户`,
    `导入丙${base},导入公司丙${base},1360${base},,一般客户`,
  ].join("\n");
  await byTestId(page, "import-file").setInputFiles({
    name: "clients.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf-8"),
  });
  await byTestId(page, "import-check").click();
  await byTestId(page, "import-report").waitFor();
  assert.equal(await byTestId(page, "import-valid").innerText(), "1");
  assert.equal(await byTestId(page, "import-skipped").innerText(), "2");
  assert.match(await byTestId(page, "import-error-row").innerText(), /3/);
  assert.match(await byTestId(page, "import-duplicate-row").innerText(), /4/);

  await byTestId(page, "import-confirm").click();
  await byTestId(page, "import-done").waitFor();
  assert.equal(await byTestId(page, "import-imported").innerText(), "1");

  // The imported client is in the list.
  await byTestId(page, "nav-clients").click();
  await byTestId(page, "clients-search").fill(`导入甲${base}`);
  await page.locator('[data-testid="client-row"]', { hasText: `导入甲${base}` }).waitFor();

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});

test("a salesperson edits a client, escalates and resolves a case, exports the list (phone width)", async () => {
  const password = "client-pass-123";
  const salesName = uniqueName("edit");
  await createUser(admin, {
    username: salesName,
    display_name: `E2E Edit ${salesName.slice(-4)}`,
    password,
    roles: ["salesperson"],
  });
  const sales = (await api(null, "POST", "/auth/login", { username: salesName, password })).access_token;
  const digits = String(Date.now()).slice(-8);
  const clientName = `编辑客户${salesName.slice(-5)}`;
  const otherName = `另一客户${salesName.slice(-5)}`;
  const client = await api(sales, "POST", "/clients", {
    name: clientName,
    company: `旧公司 ${digits}`,
    phone: `137${digits}`,
  });
  await api(sales, "POST", "/clients", { name: otherName, phone: `138${digits}` });

  const { context, outside, errors } = await newContext(browser, PHONE);
  const page = await context.newPage();
  await signIn(page, salesName, password);
  await page.goto(`${BASE_URL}/clients/${client.id}`);
  await byTestId(page, "client-title").getByText(clientName).waitFor();

  // "Edit details": one column of full-width inputs at 375 px, nothing wider than the screen.
  await byTestId(page, "client-edit").click();
  await byTestId(page, "client-edit-form").waitFor();
  const companyBox = await byTestId(page, "client-edit-company").boundingBox();
  const phoneBox = await byTestId(page, "client-edit-phone").boundingBox();
  assert.ok(companyBox && phoneBox, "company and phone inputs are shown");
  assert.equal(companyBox.x, phoneBox.x, "one column");
  assert.ok(phoneBox.y > companyBox.y, "phone below company");
  assert.ok(companyBox.width >= 280, `company input is ${companyBox.width}px wide`);
  assert.ok(companyBox.height >= 40, `company input is ${companyBox.height}px high`);
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    "no sideways scrolling",
  );

  // The other client's phone is a duplicate, shown beside the phone field.
  await byTestId(page, "client-edit-phone").fill(`138${digits}`);
  await byTestId(page, "client-edit-save").click();
  await byTestId(page, "client-edit-duplicate-phone").waitFor();
  await byTestId(page, "field-error-phone").waitFor();

  // A bad email is refused beside its field.
  await byTestId(page, "client-edit-phone").fill(`136${digits}`);
  await byTestId(page, "client-edit-email").fill("not-an-email");
  await byTestId(page, "client-edit-save").click();
  await byTestId(page, "field-error-email").waitFor();
  assert.equal(await byTestId(page, "client-edit-duplicate-phone").count(), 0);

  // Company and phone saved: the page shows the new values.
  const company = `新公司 ${digits}`;
  await byTestId(page, "client-edit-email").fill("");
  await byTestId(page, "client-edit-company").fill(company);
  await byTestId(page, "client-edit-save").click();
  await byTestId(page, "notice").getByText("客户资料已保存").waitFor();
  await byTestId(page, "client-company-line").getByText(company).waitFor();
  assert.equal(await byTestId(page, "client-edit-form").count(), 0);
  assert.equal((await byTestId(page, "client-tel").innerText()).replace(/\D/g, "").slice(-11), `136${digits}`);
  assert.match(await byTestId(page, "client-details").innerText(), new RegExp(company));

  // Someone else changes the client meanwhile: saving asks for a reload, which shows theirs.
  await byTestId(page, "client-edit").click();
  const fresh = await api(sales, "GET", `/clients/${client.id}`);
  await api(sales, "PATCH", `/clients/${client.id}`, { region: "华东", version: fresh.version });
  await byTestId(page, "client-edit-industry").fill("建材");
  await byTestId(page, "client-edit-save").click();
  await byTestId(page, "client-edit-stale").waitFor();
  await byTestId(page, "client-edit-reload").click();
  await byTestId(page, "client-details").getByText("华东").waitFor();

  // A complaint not settled on the spot opens a case; escalate it, then resolve it.
  await byTestId(page, "log-call").click();
  await byTestId(page, "follow-up-summary").fill("电话：客户投诉到货延迟");
  await page.locator('[data-testid="follow-up-form"] details summary').click();
  await byTestId(page, "follow-up-complaint").fill(`到货延迟 ${digits}`);
  await byTestId(page, "follow-up-open-case").check();
  await byTestId(page, "follow-up-submit").click();
  const openCase = page.locator('[data-testid="timeline-case"][data-state="open"]');
  await openCase.waitFor();
  assert.equal(await openCase.locator('[data-testid="case-state"]').innerText(), "待处理");

  await openCase.locator('[data-testid="case-escalate"]').click();
  const escalated = page.locator('[data-testid="timeline-case"][data-state="escalated"]');
  await escalated.waitFor();
  assert.equal(await escalated.locator('[data-testid="case-state"]').innerText(), "已上报");
  assert.equal(await escalated.locator('[data-testid="case-escalate"]').count(), 0);

  // The answer to the client is required.
  await escalated.locator('[data-testid="case-resolve"]').click();
  await escalated.locator('[data-testid="case-resolve-submit"]').click();
  await escalated.locator('[data-testid="field-error-resolution"]').waitFor();
  const answer = `已补发，明日送达 ${digits}`;
  await escalated.locator('[data-testid="case-resolution"]').fill(answer);
  await escalated.locator('[data-testid="case-resolve-submit"]').click();
  const resolved = page.locator('[data-testid="timeline-case"][data-state="resolved"]');
  await resolved.waitFor();
  assert.equal(await resolved.locator('[data-testid="case-state"]').innerText(), "已解决");
  assert.match(await resolved.locator('[data-testid="case-answer"]').innerText(), new RegExp(answer));
  assert.equal(await resolved.locator("button").count(), 0);

  // Export CSV with the list's search: this client, not the other one.
  await byTestId(page, "nav-clients").click();
  await page.waitForURL(/\/clients$/);
  await page.locator('[data-testid="client-row"]', { hasText: otherName }).waitFor();
  await byTestId(page, "clients-search").fill(clientName);
  await page.locator('[data-testid="client-row"]', { hasText: otherName }).waitFor({ state: "detached" });
  await page.locator('[data-testid="client-row"]', { hasText: clientName }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    byTestId(page, "clients-export").click(),
  ]);
  assert.equal(download.suggestedFilename(), "clients.csv");
  const csv = await readFile(await download.path(), "utf-8");
  assert.ok(csv.includes(clientName), `the export names the client:\n${csv}`);
  assert.ok(csv.includes(company), "the export has the new company");
  assert.ok(!csv.includes(otherName), "the export follows the search");

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});
