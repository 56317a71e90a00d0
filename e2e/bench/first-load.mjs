// First load of the browser app on a phone network (issue 10): headless Chromium at 390×844
// with Lighthouse's mobile profile (1.6 Mbps down, 750 kbps up, 150 ms round trip) set through
// the DevTools protocol. Measures, against a running server:
//   cold   — an empty cache: bytes transferred until the sign-in form is usable, and the time;
//   warm   — the same page again with the cache kept (a repeat visit);
//   home   — after signing in, the time until the home page has drawn its to-do counts.
// A benchmark, not a test: it prints figures and fails only when a step cannot be done.
//
//   SALESOPS_URL=http://127.0.0.1:8080 SALESOPS_BENCH_USER=wang.fang \
//   SALESOPS_BENCH_PASSWORD=demo-pass-2026 node bench/first-load.mjs [runs]
import { BASE_URL, PHONE, byTestId, launch } from "../lib/browser.mjs";

const USER = process.env.SALESOPS_BENCH_USER || "wang.fang";
const PASSWORD = process.env.SALESOPS_BENCH_PASSWORD || "demo-pass-2026";
const RUNS = Number(process.argv[2] || 3);

/** Lighthouse's "slow 4G" mobile profile, in the protocol's units (bytes per second, ms). */
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

/** A page whose network is throttled, counting the bytes that crossed it. */
async function throttledPage(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  const counter = { bytes: 0 };
  cdp.on("Network.loadingFinished", (e) => {
    counter.bytes += e.encodedDataLength;
  });
  return { page, counter };
}

/** Milliseconds from navigation until the sign-in form can be typed into. */
async function openLogin(page) {
  const started = Date.now();
  await page.goto(`${BASE_URL}/login`, { waitUntil: "commit" });
  await byTestId(page, "login-username").waitFor({ state: "visible", timeout: 120_000 });
  await byTestId(page, "login-submit").waitFor({ state: "visible" });
  return Date.now() - started;
}

async function once(browser) {
  const context = await browser.newContext({ viewport: PHONE, locale: "zh-CN" });
  try {
    const { page, counter } = await throttledPage(context);
    const coldMs = await openLogin(page);
    const coldBytes = counter.bytes;
    // The repeat visit: same context (same cache), a new page.
    const again = await throttledPage(context);
    const warmMs = await openLogin(again.page);
    const warmBytes = again.counter.bytes;
    await byTestId(again.page, "login-username").fill(USER);
    await byTestId(again.page, "login-password").fill(PASSWORD);
    const signedIn = Date.now();
    await byTestId(again.page, "login-submit").click();
    await byTestId(again.page, "todo").first().waitFor({ state: "visible", timeout: 60_000 });
    const homeMs = Date.now() - signedIn;
    return { coldMs, coldBytes, warmMs, warmBytes, homeMs };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const browser = await launch();
try {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once(browser);
    results.push(r);
    console.log(`run ${i + 1}: ${JSON.stringify(r)}`);
  }
  const keys = ["coldBytes", "coldMs", "warmBytes", "warmMs", "homeMs"];
  console.log(`\nmedian of ${RUNS} runs against ${BASE_URL}:`);
  for (const k of keys) console.log(`  ${k.padEnd(10)} ${median(results.map((r) => r[k]))}`);
} finally {
  await browser.close();
}
