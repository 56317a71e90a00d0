// The platform journey: sign in as admin in Chinese, switch to English (kept over a reload),
// create a salesperson, find them, sign out, sign in as them. Phone width (375 px) throughout
// the first test; the teams screen on a desktop width. No request may leave 127.0.0.1.
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
  api,
  createUser,
} from "../lib/browser.mjs";

let browser;

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("admin creates a salesperson who then signs in (phone width)", async () => {
  const { context, outside, errors } = await newContext(browser, PHONE);
  const page = await context.newPage();

  // Signed out: any page sends us to the sign-in form, in Chinese by default.
  await page.goto(`${BASE_URL}/`);
  await page.waitForURL(/\/login$/);
  await page.getByRole("heading", { name: "登录业务员管理系统" }).waitFor();
  assert.equal(await byTestId(page, "login-submit").innerText(), "登录");
  assert.equal(await page.locator("html").getAttribute("lang"), "zh-CN");

  // A wrong password is reported in the banner, in Chinese.
  await byTestId(page, "login-username").fill(uniqueName("nobody"));
  await byTestId(page, "login-password").fill("wrong-password");
  await byTestId(page, "login-submit").click();
  await byTestId(page, "error-banner").getByText("用户名或密码错误").waitFor();

  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  assert.match(await byTestId(page, "greeting").innerText(), /你好/);
  assert.equal(await byTestId(page, "nav-users").innerText(), "用户");
  assert.equal(await byTestId(page, "nav-teams").innerText(), "团队");
  assert.equal(await byTestId(page, "sign-out").innerText(), "退出登录");

  // English, kept over a reload.
  await byTestId(page, "lang-switch").click();
  assert.equal(await byTestId(page, "nav-users").innerText(), "Users");
  assert.match(await byTestId(page, "greeting").innerText(), /Hello/);
  await page.reload();
  await byTestId(page, "greeting").waitFor();
  assert.equal(await byTestId(page, "nav-users").innerText(), "Users");
  assert.equal(await byTestId(page, "sign-out").innerText(), "Sign out");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");

  // The users screen; a deep link survives a reload.
  await byTestId(page, "nav-users").click();
  await page.waitForURL(/\/admin\/users$/);
  await byTestId(page, "users-table").waitFor();
  await page.reload();
  await byTestId(page, "users-table").waitFor();

  // Invalid input: the form runs the server's own validators (the domain crate's) before
  // sending, so nothing is sent, and the field errors appear beside their fields with the
  // messages the server gives for the same codes.
  const userPosts = [];
  const onRequest = (req) => {
    if (req.method() === "POST" && new URL(req.url()).pathname === "/api/v1/users") userPosts.push(req.url());
  };
  page.on("request", onRequest);
  await byTestId(page, "users-new").click();
  await byTestId(page, "create-user-username").fill("X");
  await byTestId(page, "create-user-display-name").fill("Bad");
  await byTestId(page, "create-user-password").fill("short");
  await byTestId(page, "create-user-submit").click();
  await byTestId(page, "field-error-username").waitFor();
  await byTestId(page, "field-error-password").waitFor();
  await byTestId(page, "error-banner").waitFor();
  assert.match(await byTestId(page, "field-error-username").innerText(), /3–32 lowercase letters/);
  assert.deepEqual(userPosts, [], "an invalid form is not sent");
  const refused = await fetch(`${BASE_URL}/api/v1/users`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${JSON.parse(await page.evaluate(() => localStorage.getItem("salesops.session"))).access_token}`,
    },
    body: JSON.stringify({ username: "X", display_name: "Bad", password: "short", roles: ["salesperson"] }),
  });
  assert.equal(refused.status, 422);
  const serverFields = (await refused.json()).errors.map((e) => `${e.field}:${e.code}`).sort();
  assert.deepEqual(serverFields, ["password:length", "username:username"], "the server says the same");
  page.off("request", onRequest);

  // A valid salesperson.
  const username = uniqueName("sp");
  const displayName = `E2E Sales ${username.slice(-4)}`;
  const password = "sales-pass-123";
  await byTestId(page, "create-user-username").fill(username);
  await byTestId(page, "create-user-display-name").fill(displayName);
  await byTestId(page, "create-user-password").fill(password);
  assert.equal(await byTestId(page, "create-user-role-salesperson").isChecked(), true);
  await byTestId(page, "create-user-phone").fill("138 0013 8000");
  await byTestId(page, "create-user-email").fill(`${username}@example.com`);
  await byTestId(page, "create-user-submit").click();
  await byTestId(page, "notice").getByText("User created").waitFor();
  assert.equal(await byTestId(page, "create-user-form").count(), 0);

  // Found by search, alone.
  await byTestId(page, "users-search").fill(username);
  const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
  await row.waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="user-row"]').length === 1,
  );
  assert.equal(await row.locator('[data-testid="user-display-name"]').innerText(), displayName);
  assert.match(await row.innerText(), /Salesperson/);

  // Edit the display name; disable, then enable again.
  const editedName = `${displayName} Ed`;
  await row.locator('[data-testid="user-edit"]').click();
  await byTestId(page, "edit-user-display-name").fill(editedName);
  await byTestId(page, "edit-user-submit").click();
  await byTestId(page, "notice").getByText("User saved").waitFor();
  await row.locator('[data-testid="user-display-name"]', { hasText: editedName }).waitFor();
  await row.locator('[data-testid="user-disable"]').click();
  await row.locator('[data-testid="user-status"]', { hasText: "Disabled" }).waitFor();
  await row.locator('[data-testid="user-enable"]').click();
  await row.locator('[data-testid="user-status"]', { hasText: "Active" }).waitFor();

  // Sign out, then in as the salesperson: the password an administrator set must be changed
  // first, and nothing else opens until it is.
  await byTestId(page, "sign-out").click();
  await page.waitForURL(/\/login$/);
  await byTestId(page, "login-username").fill(username);
  await byTestId(page, "login-password").fill(password);
  await byTestId(page, "login-submit").click();
  await page.waitForURL(/\/account$/);
  await byTestId(page, "must-change-password").waitFor();
  await page.goto(`${BASE_URL}/clients`);
  await page.waitForURL(/\/account$/);
  await byTestId(page, "current-password").fill(password);
  await byTestId(page, "new-password").fill(`${password}-own`);
  await byTestId(page, "change-password-submit").click();
  await byTestId(page, "greeting").waitFor();
  await byTestId(page, "sign-out").click();
  await page.waitForURL(/\/login$/);
  await signIn(page, username, `${password}-own`);
  assert.match(await byTestId(page, "greeting").innerText(), new RegExp(editedName));
  assert.equal(await byTestId(page, "current-user").innerText(), editedName);
  assert.equal(await byTestId(page, "nav-users").count(), 0);
  assert.equal(await byTestId(page, "nav-teams").count(), 0);
  await byTestId(page, "sign-out").waitFor();
  assert.ok((await page.locator('[data-testid="todo"]').count()) > 0);

  // An admin screen by URL is refused.
  await page.goto(`${BASE_URL}/admin/users`);
  await byTestId(page, "not-allowed").waitFor();

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});

test("admin creates and edits a team (desktop width)", async () => {
  const { context, outside, errors } = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);

  await byTestId(page, "nav-teams").click();
  await page.waitForURL(/\/admin\/teams$/);
  await byTestId(page, "teams-new").click();

  // A blank name is refused beside the field.
  await byTestId(page, "create-team-name").fill("   ");
  await byTestId(page, "create-team-submit").click();
  await byTestId(page, "field-error-name").waitFor();

  const name = `华东${uniqueName("")}`;
  await byTestId(page, "create-team-name").fill(name);
  await byTestId(page, "create-team-region").fill("华东");
  await byTestId(page, "create-team-submit").click();
  await byTestId(page, "notice").getByText("团队已创建").waitFor();
  const row = page.locator(`[data-testid="team-row"][data-team="${name}"]`);
  await row.waitFor();

  await row.locator('[data-testid="team-edit"]').click();
  await byTestId(page, "edit-team-region").fill("华南");
  await byTestId(page, "edit-team-submit").click();
  await byTestId(page, "notice").getByText("团队已保存").waitFor();
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[data-testid="team-row"]')].some(
        (r) => r.dataset.team === n && r.innerText.includes("华南"),
      ),
    name,
  );

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});

test("a refused access token is renewed once; a refused refresh signs out", async () => {
  const { context, outside, errors } = await newContext(browser, PHONE);
  const page = await context.newPage();
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  const key = "salesops.session";
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key));
  assert.ok(stored.access_token && stored.refresh_token);

  // A broken access token: the app refreshes, retries, and stays on the users screen.
  await page.evaluate(
    ([k, s]) => localStorage.setItem(k, JSON.stringify({ ...s, access_token: "broken" })),
    [key, stored],
  );
  const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/refresh"));
  await page.goto(`${BASE_URL}/admin/users`);
  assert.equal((await refreshed).status(), 200);
  await byTestId(page, "users-table").waitFor();
  const renewed = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key));
  assert.notEqual(renewed.access_token, "broken");
  assert.notEqual(renewed.refresh_token, stored.refresh_token, "refresh tokens are single use");

  // Both tokens refused: back to the sign-in page, session forgotten.
  await page.evaluate(
    ([k, s]) =>
      localStorage.setItem(k, JSON.stringify({ ...s, access_token: "broken", refresh_token: "broken" })),
    [key, renewed],
  );
  await page.goto(`${BASE_URL}/admin/users`);
  await page.waitForURL(/\/login$/);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null);

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});

test("HR sees users (no edit) but not teams", async () => {
  const { context, outside, errors } = await newContext(browser, PHONE);
  // Set up through the API: an HR user.
  const { access_token } = await api(null, "POST", "/auth/login", {
    username: ADMIN_USER,
    password: ADMIN_PASSWORD,
  });
  const username = uniqueName("hr");
  const password = "hr-pass-12345";
  await createUser(access_token, { username, display_name: `HR ${username.slice(-4)}`, password, roles: ["hr"] });

  const page = await context.newPage();
  await signIn(page, username, password);
  await byTestId(page, "nav-users").waitFor();
  assert.equal(await byTestId(page, "nav-teams").count(), 0);
  await byTestId(page, "nav-users").click();
  await byTestId(page, "users-table").waitFor();
  assert.equal(await byTestId(page, "user-edit").count(), 0);
  assert.equal(await byTestId(page, "users-new").count(), 1);
  await page.goto(`${BASE_URL}/admin/teams`);
  await byTestId(page, "not-allowed").waitFor();

  assert.deepEqual(outside, [], "requests left 127.0.0.1");
  assert.deepEqual(errors, [], "uncaught page errors");
  await context.close();
});
