// Webhooks (issue 14): the admin creates one on /admin/webhooks pointing at a receiver on
// this machine that answers 500 (the secret is shown once); a new client makes a delivery
// that fails its tries, the admin's home shows "failing webhooks" linking to the screen,
// which marks the webhook and lists the failed delivery; the receiver then answers 200 and
// a retry from the screen delivers it under the same webhook-id. No request leaves 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  DESKTOP,
  api,
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
let receiver;
const got = [];
let answer = 500;

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ id: req.headers["webhook-id"], body, status: answer });
      res.writeHead(answer).end();
    });
  });
  await new Promise((ok) => receiver.listen(0, "127.0.0.1", ok));
});

after(async () => {
  await browser?.close();
  receiver?.close();
});

async function until(what, check, ms = 40_000) {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    assert.ok(Date.now() - start < ms, `waited too long for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("a failing webhook: on the admin's inbox and screen, retried by hand once the receiver answers", async () => {
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const ad = await newContext(browser, DESKTOP);
  const page = await ad.context.newPage();
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await byTestId(page, "nav-webhooks").click();
  await page.waitForURL(/\/admin\/webhooks$/);

  // --- Create: only client events, so other tests' records do not reach this receiver.
  const url = `http://127.0.0.1:${receiver.address().port}/hook`;
  await byTestId(page, "webhooks-new").click();
  await byTestId(page, "webhook-url").fill(url);
  await byTestId(page, "webhook-events").fill("client.created");
  await byTestId(page, "webhook-submit").click();
  await byTestId(page, "webhook-created").waitFor();
  const secret = await byTestId(page, "webhook-secret-value").inputValue();
  assert.match(secret, /^whsec_[A-Za-z0-9+/=]{32,}$/);
  const hooks = await api(admin, "GET", "/webhooks");
  const hook = hooks.find((h) => h.url === url);
  assert.ok(hook, JSON.stringify(hooks));

  // --- A client created: the receiver answers 500 on every try until the tries run out.
  const name = uniqueName("回调客户");
  const seller = uniqueName("hooksp");
  await createUser(admin, {
    username: seller,
    display_name: `回调业务员${seller.slice(-4)}`,
    password: "hooks-pass-123",
    roles: ["salesperson"],
  });
  const sales = await login(seller, "hooks-pass-123");
  await api(sales, "POST", "/clients", { name, phone: `137${String(Date.now()).slice(-8)}` });
  const failed = await until("the delivery to fail", async () => {
    const d = await api(admin, "GET", `/webhooks/${hook.id}/deliveries`);
    return d.items.find((x) => x.status === "failed");
  });
  assert.ok(failed.attempts >= 2, JSON.stringify(failed));
  assert.equal(failed.response_code, 500);
  assert.ok(got.length >= 2 && got.every((g) => g.id === failed.message_id), JSON.stringify(got));

  // --- The admin's home: the failing webhook, linking to the screen.
  await page.goto(page.url().replace(/\/admin\/webhooks$/, "/"));
  const line = page.locator('[data-testid="inbox-item"][data-kind="failing_webhooks"]');
  await line.waitFor();
  assert.ok(Number(await line.getAttribute("data-count")) >= 1);
  await line.locator("a").first().click();
  await page.waitForURL(/\/admin\/webhooks$/);
  const row = page.locator(`[data-testid="webhook-row"][data-webhook-id="${hook.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute("data-failing"), "true");

  // --- The receiver is back: a retry from the screen delivers the same message.
  answer = 200;
  await row.locator('[data-testid="webhook-deliveries"]').click();
  const panel = byTestId(page, "webhook-deliveries-panel");
  await panel.locator('[data-testid="delivery-row"][data-status="failed"]').first().waitFor();
  await panel.locator('[data-testid="delivery-retry"]').first().click();
  await byTestId(page, "notice").waitFor();
  const delivered = await until("the retried delivery", async () => {
    const d = await api(admin, "GET", `/webhooks/${hook.id}/deliveries`);
    return d.items.find((x) => x.id === failed.id && x.status === "delivered");
  });
  assert.equal(delivered.response_code, 200);
  const last = got[got.length - 1];
  assert.equal(last.status, 200);
  assert.equal(last.id, failed.message_id, "the retry carries the same webhook-id");
  assert.equal(JSON.parse(last.body).data.after.name, name);

  // --- Deleted from the screen after the confirmation.
  page.once("dialog", (dialog) => dialog.accept());
  await row.locator('[data-testid="webhook-delete"]').click();
  await row.waitFor({ state: "detached" });
  assert.ok(!(await api(admin, "GET", "/webhooks")).some((h) => h.id === hook.id));
  clean(ad);
  await ad.context.close();
});
