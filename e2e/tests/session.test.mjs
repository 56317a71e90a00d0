// One session, two tabs. Refresh tokens are single use and the server ends the whole session
// when a spent one comes back, so two tabs that both refresh with the token they read at start
// sign the user out. The app shares the session across tabs (the storage event, and a Web Lock
// around the refresh after reading the stored session again): across a forced expiry of the
// access token in both tabs, exactly one refresh is made and both tabs stay signed in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { ADMIN_PASSWORD, ADMIN_USER, BASE_URL, DESKTOP, byTestId, launch, newContext, signIn } from "../lib/browser.mjs";

const KEY = "salesops.session";

let browser;

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) || "null"), KEY);

test("two tabs of one session both stay signed in across a forced token expiry", async () => {
  const { context, outside, errors } = await newContext(browser, DESKTOP);
  // Every refresh of either tab, answered half a second late: while one tab's refresh is on
  // its way, the other has long found its access token refused too.
  const refreshes = [];
  await context.route("**/api/v1/auth/refresh", async (route) => {
    refreshes.push(route.request().postDataJSON()?.refresh_token);
    await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  });
  const answers = [];
  context.on("response", (r) => {
    if (r.url().endsWith("/api/v1/auth/refresh")) answers.push(r.status());
  });

  const a = await context.newPage();
  await signIn(a, ADMIN_USER, ADMIN_PASSWORD);
  const b = await context.newPage();
  for (const page of [a, b]) {
    await page.goto(`${BASE_URL}/admin/users`);
    await byTestId(page, "users-table").waitFor();
  }

  for (const round of [1, 2]) {
    // The access token expires in both tabs at once: a refused token in the stored session,
    // which both tabs read when they load.
    const before = await stored(a);
    await a.evaluate(
      ([k, s]) => localStorage.setItem(k, JSON.stringify({ ...s, access_token: "expired" })),
      [KEY, before],
    );
    refreshes.length = 0;
    answers.length = 0;
    await Promise.all([a.reload(), b.reload()]);
    for (const page of [a, b]) {
      await byTestId(page, "users-table").waitFor();
    }
    // Both tabs needed a new access token; one refresh served both.
    await a.waitForFunction(
      (k) => !(localStorage.getItem(k) || "").includes('"expired"'),
      KEY,
    );
    await a.waitForTimeout(1500);
    assert.equal(refreshes.length, 1, `round ${round}: one refresh for both tabs`);
    assert.equal(refreshes[0], before.refresh_token, `round ${round}: with the stored token`);
    assert.deepEqual(answers, [200], `round ${round}: the refresh was accepted`);
    const after = await stored(b);
    assert.ok(after, `round ${round}: still a session`);
    assert.notEqual(after.refresh_token, before.refresh_token, `round ${round}: rotated`);
    assert.notEqual(after.access_token, "expired");

    // Both tabs still act as the user (a renewed session, not a revoked one).
    for (const page of [a, b]) {
      assert.match(page.url(), /\/admin\/users$/, `round ${round}: not sent to sign in`);
      await byTestId(page, "nav-teams").click();
      await page.locator('[data-testid="teams-table"], [data-testid="teams-empty"]').first().waitFor();
      await byTestId(page, "nav-users").click();
      await byTestId(page, "users-table").waitFor();
    }
  }

  // Signing out in one tab signs out the other (it follows the stored session).
  await byTestId(a, "sign-out").click();
  await a.waitForURL(/\/login$/);
  await b.waitForURL(/\/login$/);

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});
