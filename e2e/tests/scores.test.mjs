// The scoring journey (issue 13): a team with a manager and a salesperson (set up over the API).
// The manager opens the team's scoring sheet for last month, computes the salesperson's draft,
// enters a manual deduction (one late terminal daily report) with its note, writes the
// discussion note (讲评) and finalizes; an adjustment without a note is refused beside its item
// first. The salesperson opens 我的考核: the deduction, its note and the discussion note are
// shown, the twelve-month trend draws the month, and they acknowledge the score. Every step is
// checked on the screen and in the API. No request may leave 127.0.0.1.
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
  login,
  clean,
} from "../lib/browser.mjs";

const PASSWORD = "scores-pass-123";

let browser;
const who = {};

/** Last month as `YYYY-MM` (the screens open on it), by this machine's clock. */
function lastMonth() {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

before(async () => {
  assert.ok(ADMIN_PASSWORD, "set SALESOPS_ADMIN_PASSWORD to the server's admin password");
  browser = await launch();
  const admin = await login(ADMIN_USER, ADMIN_PASSWORD);
  const stamp = uniqueName("");
  who.manager = { username: uniqueName("scmgr"), name: `考核经理${stamp.slice(-4)}` };
  who.sales = { username: uniqueName("scsp"), name: `被考核员${stamp.slice(-4)}` };
  const manager = await createUser(admin, {
    username: who.manager.username,
    display_name: who.manager.name,
    password: PASSWORD,
    roles: ["manager"],
  });
  const team = await api(admin, "POST", "/teams", { name: `考核组 ${stamp}`, manager_id: manager.id });
  const sales = await createUser(admin, {
    username: who.sales.username,
    display_name: who.sales.name,
    password: PASSWORD,
    roles: ["salesperson"],
    team_id: team.id,
  });
  who.sales.id = sales.id;
});

after(async () => {
  await browser?.close();
});

test("a manager deducts with a note and finalizes; the salesperson sees it and acknowledges", async () => {
  const month = lastMonth();
  const mgToken = await login(who.manager.username, PASSWORD);
  const mg = await newContext(browser, DESKTOP);
  const mgPage = await mg.context.newPage();
  await signIn(mgPage, who.manager.username, PASSWORD);

  // --- The team's sheet: the salesperson has no score yet; compute the draft.
  await byTestId(mgPage, "nav-team-scores").click();
  await mgPage.waitForURL(/\/manager\/scores/);
  assert.equal(await byTestId(mgPage, "month-label").innerText(), month);
  const row = mgPage.locator(`[data-testid="sheet-row"][data-user-id="${who.sales.id}"]`);
  await row.locator('[data-testid="score-state"][data-state="none"]').waitFor();
  await row.locator('[data-testid="sheet-compute"]').click();
  await row.locator('[data-testid="score-state"][data-state="draft"]').waitFor();
  const listed = (await api(mgToken, "GET", `/scores?user_id=${who.sales.id}&month=${month}`)).items;
  assert.equal(listed.length, 1);
  const scoreId = listed[0].id;
  assert.equal(listed[0].state, "draft");

  // --- The score's sheet: a manual item's occurrences, first without a note (refused here).
  await row.locator('[data-testid="sheet-open"]').click();
  await mgPage.locator(`[data-testid="score-detail"][data-score-id="${scoreId}"][data-state="draft"]`).waitFor();
  const item = mgPage.locator('[data-testid="score-item"][data-code="terminal_daily_report"]');
  await item.locator('[data-testid="item-occurrences-input"]').fill("1");
  await byTestId(mgPage, "score-save").click();
  await item.locator('[data-testid="field-error-row.terminal_daily_report"]').getByText("每项调整都须填写说明").waitFor();
  assert.equal((await api(mgToken, "GET", `/scores/${scoreId}`)).version, listed[0].version);

  const note = "11月12日终端日报表未按时上报";
  await item.locator('[data-testid="item-note-input"]').fill(note);
  await byTestId(mgPage, "score-save").click();
  await byTestId(mgPage, "editor-notice").getByText("调整已保存").waitFor();
  let score = await api(mgToken, "GET", `/scores/${scoreId}`);
  let line = score.items.find((i) => i.code === "terminal_daily_report");
  assert.equal(line.occurrences, 1);
  assert.equal(line.points, 0);
  assert.equal(line.deduction, 5);
  assert.equal(line.adjustment.note, note);
  await mgPage
    .locator('[data-testid="score-item"][data-code="terminal_daily_report"] [data-testid="adjustment-note"]')
    .getByText(note)
    .waitFor();
  assert.equal(await byTestId(mgPage, "score-total").innerText(), score.total.toFixed(1));

  // --- Finalizing needs the discussion note.
  await byTestId(mgPage, "score-finalize").click();
  await byTestId(mgPage, "field-error-discussion_note").getByText("定稿前须填写讲评记录").waitFor();
  const discussion = "已与本人讲评：日报须在当日16:00前上报。";
  await byTestId(mgPage, "discussion-input").fill(discussion);
  await byTestId(mgPage, "score-finalize").click();
  await mgPage.locator(`[data-testid="score-detail"][data-state="finalized"]`).waitFor();
  await byTestId(mgPage, "notice").getByText("考核已定稿").waitFor();
  score = await api(mgToken, "GET", `/scores/${scoreId}`);
  assert.equal(score.state, "finalized");
  assert.equal(score.discussion_note, discussion);
  await mgPage.locator('[data-testid="history-entry"][data-action="finalize"]').waitFor();
  clean(mg);
  await mg.context.close();

  // --- The salesperson: 我的考核 opens on last month.
  const spToken = await login(who.sales.username, PASSWORD);
  const sp = await newContext(browser, PHONE);
  const spPage = await sp.context.newPage();
  await signIn(spPage, who.sales.username, PASSWORD);
  await byTestId(spPage, "nav-my-score").click();
  await spPage.waitForURL(/\/scores\/me/);
  await spPage.locator(`[data-testid="score-detail"][data-score-id="${scoreId}"][data-state="finalized"]`).waitFor();
  const mine = spPage.locator('[data-testid="score-item"][data-code="terminal_daily_report"]');
  assert.equal(await mine.locator('[data-testid="item-deduction"]').innerText(), "−5.0");
  assert.equal(await mine.locator('[data-testid="item-occurrences"]').innerText(), "1");
  assert.equal(await mine.locator('[data-testid="adjustment-note"]').innerText(), note);
  assert.equal(await byTestId(spPage, "discussion-note").innerText(), discussion);
  // Every evidence record the server gave is listed; those with a record link to it.
  const evidence = score.items.flatMap((i) => i.evidence);
  assert.equal(await spPage.locator('[data-testid="evidence-item"]').count(), evidence.length);
  assert.equal(
    await spPage.locator('[data-testid="evidence-link"]').count(),
    evidence.filter((e) => e.entity_id > 0 && ["weekly_report", "visit", "spot_check", "monthly_report", "training", "score"].includes(e.entity_type)).length,
  );
  // The trend draws the month.
  await spPage.locator(`[data-testid="score-trend"] [data-testid="trend-point"][data-month="${month}"]`).waitFor();
  // No sheet inputs for the person.
  assert.equal(await byTestId(spPage, "score-editor").count(), 0);

  await byTestId(spPage, "score-acknowledge").click();
  await spPage.locator(`[data-testid="score-detail"][data-state="acknowledged"]`).waitFor();
  await byTestId(spPage, "notice").getByText("已确认考核结果").waitFor();
  assert.equal((await api(spToken, "GET", `/scores/${scoreId}`)).state, "acknowledged");
  assert.equal(await byTestId(spPage, "score-acknowledge").count(), 0);
  clean(sp);
  await sp.context.close();
});

test("a manager corrects a recorded training's topic and notes", async () => {
  const mgToken = await login(who.manager.username, PASSWORD);
  const today = new Date().toISOString().slice(0, 10);
  const training = await api(mgToken, "POST", "/trainings", {
    date: today,
    topic: "产品知识培训（草稿）",
    kind: "product",
    trainer_id: (await api(mgToken, "GET", "/me")).id,
    attendee_ids: [who.sales.id],
  });
  const mg = await newContext(browser, DESKTOP);
  const page = await mg.context.newPage();
  await signIn(page, who.manager.username, PASSWORD);
  await byTestId(page, "nav-trainings").click();
  const card = page.locator(`[data-testid="training"][data-training-id="${training.id}"]`);
  await card.locator('[data-testid="training-edit"]').click();
  const form = card.locator(`[data-testid="training-form"][data-editing="${training.id}"]`);
  assert.equal(await form.locator('[data-testid="training-topic"]').inputValue(), "产品知识培训（草稿）");
  await form.locator('[data-testid="training-topic"]').fill("新品上市产品知识培训");
  await form.locator('[data-testid="training-notes"]').fill("含考核");
  await form.locator('[data-testid="training-create"]').click();
  await byTestId(page, "notice").getByText("培训已更新").waitFor();
  await card.getByText("新品上市产品知识培训").waitFor();
  const stored = await api(mgToken, "GET", `/trainings/${training.id}`);
  assert.equal(stored.topic, "新品上市产品知识培训");
  assert.equal(stored.notes, "含考核");
  assert.deepEqual(stored.attendee_ids, [who.sales.id]);
  assert.equal(stored.version, training.version + 1);
  clean(mg);
  await mg.context.close();
});
