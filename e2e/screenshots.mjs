// Takes screenshots of the main screens for a person to look at:
//   SALESOPS_URL=… SALESOPS_ADMIN_PASSWORD=… node screenshots.mjs [out-dir]
// Writes <out-dir>/{login,home,users,users-new,teams}-{phone,desktop}.png (default test-results/).
import { mkdirSync } from "node:fs";
import { ADMIN_PASSWORD, ADMIN_USER, BASE_URL, DESKTOP, PHONE, byTestId, launch, newContext, signIn } from "./lib/browser.mjs";

const out = process.argv[2] || "test-results";
mkdirSync(out, { recursive: true });
const browser = await launch();
for (const [label, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
  const { context, outside } = await newContext(browser, viewport);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/login`);
  await byTestId(page, "login-submit").waitFor();
  await page.screenshot({ path: `${out}/login-${label}.png`, fullPage: true });
  await signIn(page, ADMIN_USER, ADMIN_PASSWORD);
  await page.screenshot({ path: `${out}/home-${label}.png`, fullPage: true });
  await byTestId(page, "nav-users").click();
  await byTestId(page, "users-table").waitFor();
  await page.screenshot({ path: `${out}/users-${label}.png`, fullPage: true });
  await byTestId(page, "users-new").click();
  await byTestId(page, "create-user-submit").click();
  await byTestId(page, "error-banner").waitFor();
  await page.screenshot({ path: `${out}/users-new-${label}.png`, fullPage: true });
  await byTestId(page, "nav-teams").click();
  await byTestId(page, "teams-new").waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/teams-${label}.png`, fullPage: true });
  if (outside.length) console.error("requests left this machine:", outside);
  await context.close();
}
await browser.close();
console.log(`screenshots in ${out}/`);
