// Background jobs (issue 14): the admin opens /admin/jobs. No endpoint makes a job or makes one
// fail (jobs are the runner's periodic work, and every one of them succeeds on a healthy
// database), so the screen is tested on what the runner leaves: the failed view lists only
// failed jobs, the done view the runner's done runs — the same the API lists — with no retry
// button, and the API refuses to retry a done job (409).
//
// With `SALESOPS_E2E_SQLITE=<the server's SQLite file>` (this machine's server, as the
// commands in BUILD-NOTES start it), a failed job is also written into the database from
// outside (the `sqlite3` command), and retried from the screen: it is queued again and the
// runner then does it. Without the variable that test is skipped. No request may leave
// 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

import {
  ADMIN_PASSWORD,
  ADMIN_USER,
  BASE_URL,
  DESKTOP,
  api,
  byTestId,
  clean,
  launch,
  login,
  newContext,
  signIn,
  uniqueName,
} from "../lib/browser.mjs";

const SQLITE = process.env.SALESOPS_E2E_SQLITE || "";

let browser;
let admin;

/** Waits until `check()` answers something truthy; answers it. */
async function eventually(check, what, ms = 30_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    assert.ok(Date.now() < until, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  admin = await login(ADMIN_USER, ADMIN_PASSWORD);
});

after(async () => {
  await browser?.close();
});

/** The rows the screen lists, as `{id, kind, state, retry}`. */
async function rows(page) {
  return page.locator('[data-testid="job-row"]').evaluateAll((trs) =>
    trs.map((tr) => ({
      id: Number(tr.dataset.jobId),
      kind: tr.dataset.kind,
      state: tr.dataset.state,
      retry: tr.querySelector('[data-testid="job-retry"]') !== null,
    })),
  );
}

test("the jobs screen: failed by default, the done runs on the filter, no retry of a done job", async () => {
  // The runner enqueues the case escalation every tick and does it at once.
  const done = await eventually(async () => {
    const page = await api(admin, "GET", "/jobs?state=done&per_page=500");
    return page.items.length > 0 && page;
  }, "a done job");

  const ad = await newContext(browser, DESKTOP);
  const page = await ad.context.newPage();
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await byTestId(page, "nav-jobs").click();
  await page.waitForURL(/\/admin\/jobs$/);
  assert.equal(await byTestId(page, "jobs-state").inputValue(), "failed");
  const failed = await api(admin, "GET", "/jobs?state=failed&per_page=500");
  if (failed.items.length === 0) {
    await byTestId(page, "jobs-empty").waitFor();
  } else {
    await byTestId(page, "jobs").waitFor();
    for (const r of await rows(page)) {
      assert.equal(r.state, "failed");
      assert.ok(r.retry, "a failed job has its retry button");
    }
  }

  await byTestId(page, "jobs-state").selectOption("done");
  await byTestId(page, "jobs").waitFor();
  const listed = await eventually(async () => {
    const now = await rows(page);
    return now.length > 0 && now.every((r) => r.state === "done") && now;
  }, "the done jobs on the screen");
  const kinds = new Set(listed.map((r) => r.kind));
  assert.ok(kinds.has("escalate_cases"), [...kinds].join(", "));
  assert.ok(listed.every((r) => !r.retry), "a done job offers no retry");
  // What the API listed a moment ago is on the screen (the runner may have added more since).
  const shown = new Set(listed.map((r) => r.id));
  for (const j of done.items) assert.ok(shown.has(j.id), `job ${j.id} is listed`);
  assert.match(await byTestId(page, "jobs").innerText(), /已完成/);

  const res = await fetch(`${BASE_URL}/api/v1/jobs/${listed[0].id}/retry`, {
    method: "POST",
    headers: { Accept: "application/json", Authorization: `Bearer ${admin}` },
  });
  assert.equal(res.status, 409);
  assert.equal((await res.json()).code, "invalid_state");
  clean(ad);
  await ad.context.close();
});

test("a failed job retried from the screen is queued again and done", { skip: !SQLITE && "set SALESOPS_E2E_SQLITE to seed a failed job" }, async () => {
  const runKey = uniqueName("e2e-failed:");
  const now = "strftime('%Y-%m-%d %H:%M:%f', 'now')";
  execFileSync("sqlite3", [
    "-cmd",
    ".timeout 5000",
    SQLITE,
    `INSERT INTO jobs (kind, run_key, payload_json, state, attempts, max_attempts, run_at, last_error, created_at, updated_at)
     VALUES ('escalate_cases', '${runKey}', '{}', 'failed', 5, 5, ${now}, 'e2e: a failure written from outside', ${now}, ${now});`,
  ]);
  const failed = await api(admin, "GET", "/jobs?state=failed&per_page=500");
  const job = failed.items.find((j) => j.run_key === runKey);
  assert.ok(job, JSON.stringify(failed));

  const ad = await newContext(browser, DESKTOP);
  const page = await ad.context.newPage();
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await page.goto(`${BASE_URL}/admin/jobs`);
  const row = page.locator(`[data-testid="job-row"][data-job-id="${job.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute("data-state"), "failed");
  assert.match(await row.innerText(), /e2e: a failure written from outside/);
  await row.locator('[data-testid="job-retry"]').click();
  await byTestId(page, "notice").getByText("已重新排队").waitFor();
  // Off the failed list at once; the runner then does it.
  await row.waitFor({ state: "detached" });
  const after = await eventually(async () => {
    const j = await api(admin, "GET", `/jobs?state=done&per_page=500`);
    return j.items.find((x) => x.id === job.id);
  }, "the retried job done");
  assert.equal(after.attempts, 1);
  await byTestId(page, "jobs-state").selectOption("done");
  await page.locator(`[data-testid="job-row"][data-job-id="${job.id}"][data-state="done"]`).waitFor();
  clean(ad);
  await ad.context.close();
});
