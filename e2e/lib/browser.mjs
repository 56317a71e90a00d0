// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core (which
// downloads nothing), the base URL and admin password from the environment, and a guard that
// records every request leaving this machine.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const BASE_URL = (process.env.SALESOPS_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
export const ADMIN_USER = process.env.SALESOPS_ADMIN_USERNAME || "admin";
export const ADMIN_PASSWORD = process.env.SALESOPS_ADMIN_PASSWORD || "";
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A fresh context (empty localStorage) that records requests to anywhere but this machine. */
export async function newContext(browser, viewport = PHONE) {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  const outside = [];
  context.on("request", (req) => {
    const url = new URL(req.url());
    if (["http:", "https:", "ws:", "wss:"].includes(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) {
      outside.push(req.url());
    }
  });
  const errors = [];
  context.on("weberror", (e) => errors.push(String(e.error())));
  context.setDefaultTimeout(15_000);
  return { context, outside, errors };
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

/** Signs in through the form and waits for the landing page. */
export async function signIn(page, username, password) {
  await page.goto(`${BASE_URL}/login`);
  await byTestId(page, "login-username").fill(username);
  await byTestId(page, "login-password").fill(password);
  await byTestId(page, "login-submit").click();
  await byTestId(page, "greeting").waitFor();
}

/** A username that no earlier run used. */
export function uniqueName(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** A JSON call to the API as `token` (or anonymous); fails the test on a non-2xx answer. */
export async function api(token, method, path, body) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: {
      Accept: "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Creates a user as `adminToken` the way an administrator does (with a first password), then
 * signs in as them and sets `body.password` as their own: a password set by someone else must
 * be changed before anything else (the sign-in answers `must_change_password`).
 */
export async function createUser(adminToken, body) {
  const first = `${body.password}-first`;
  const user = await api(adminToken, "POST", "/users", { ...body, password: first });
  const login = await api(null, "POST", "/auth/login", { username: body.username, password: first });
  assert.equal(login.user.must_change_password, true);
  await api(login.access_token, "PUT", "/me/password", {
    current_password: first,
    new_password: body.password,
  });
  return user;
}

/** Signs in through the API; answers the access token. */
export async function login(username, password) {
  return (await api(null, "POST", "/auth/login", { username, password })).access_token;
}

/** Fails the test if the page sent a request off this machine or threw an uncaught error. */
export function clean({ outside, errors }) {
  assert.deepEqual(outside, [], "requests left this machine");
  assert.deepEqual(errors, [], "uncaught errors in the page");
}
