// API keys (issue 14): the admin opens /admin/api-keys, creates a key with the scope
// finance:read for a finance user and sees it once; the key reads the expense report (200),
// not the clients (403), and `GET /me` names it; revoked on the screen, it answers 401. No
// request may leave 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  DESKTOP,
  byTestId,
  clean,
  createUser,
  launch,
  login,
  newContext,
  signIn,
  uniqueName,
} from "../lib/browser.mjs";

let browser;
const who = {};

/** A call with the key, answering the status and the parsed body. */
async function withKey(key, path) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${key}` },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const tag = uniqueName("").slice(-4);
  who.finance = await createUser(admin, {
    username: uniqueName("akfin"),
    display_name: `财务导出${tag}`,
    password: "keys-pass-123",
    roles: ["finance"],
  });
  who.name = `月度费用导出 ${tag}`;
});

after(async () => {
  await browser?.close();
});

test("a finance:read key: created and shown once, reads the expense report and not the clients, revoked", async () => {
  const ad = await newContext(browser, DESKTOP);
  const page = await ad.context.newPage();
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await byTestId(page, "nav-api-keys").click();
  await page.waitForURL(/\/admin\/api-keys$/);

  // --- Create: name, owner, the one scope.
  await byTestId(page, "api-keys-new").click();
  const form = byTestId(page, "api-key-form");
  await form.waitFor();
  await byTestId(page, "api-key-name").fill(who.name);
  const owner = byTestId(page, "api-key-owner");
  await owner.locator(`option[value="${who.finance.id}"]`).waitFor({ state: "attached" });
  await owner.selectOption(String(who.finance.id));
  await byTestId(page, "api-key-scope-finance:read").check();
  await byTestId(page, "api-key-submit").click();

  // --- Shown once: the whole key in the box, only its prefix in the list.
  await byTestId(page, "api-key-created").waitFor();
  const key = await byTestId(page, "api-key-value").inputValue();
  assert.match(key, /^sok_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
  const prefix = key.slice(4, 14);
  const row = page.locator(`[data-testid="api-key-row"][data-prefix="${prefix}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(who.name));
  assert.match(await row.innerText(), /finance:read/);
  assert.equal(await row.locator('[data-testid="api-key-state"]').innerText(), "有效");
  await byTestId(page, "api-key-done").click();
  await byTestId(page, "api-key-created").waitFor({ state: "detached" });
  await page.reload();
  await row.waitFor();
  assert.equal(await byTestId(page, "api-key-created").count(), 0);
  assert.ok(!(await page.content()).includes(key), "the key is not shown again");

  // --- The key at work: the finance report yes, the clients no, and /me names the key.
  const report = await withKey(key, "/reports/expenses");
  assert.equal(report.status, 200, JSON.stringify(report.body));
  const clients = await withKey(key, "/clients");
  assert.equal(clients.status, 403, JSON.stringify(clients.body));
  assert.match(clients.body.detail, /clients:read/);
  const me = await withKey(key, "/me");
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.id, who.finance.id);
  assert.equal(me.body.api_key.name, who.name);
  assert.equal(me.body.api_key.prefix, prefix);
  assert.deepEqual(me.body.api_key.scopes, ["finance:read"]);
  assert.ok(me.body.capabilities.includes("finance:read"), JSON.stringify(me.body));
  assert.ok(!me.body.capabilities.includes("clients:read"), JSON.stringify(me.body));

  // --- Revoked on the screen (after the confirmation): 401 from then on.
  page.once("dialog", (dialog) => dialog.accept());
  await row.locator('[data-testid="api-key-revoke"]').click();
  await byTestId(page, "notice").waitFor();
  await row.locator('[data-testid="api-key-state"]').getByText("已吊销").waitFor();
  assert.equal(await row.locator('[data-testid="api-key-revoke"]').count(), 0);
  const after = await withKey(key, "/reports/expenses");
  assert.equal(after.status, 401, JSON.stringify(after.body));
  assert.equal(after.body.code, "invalid_token");
  clean(ad);
  await ad.context.close();
});
