/**
 * The first visit on a phone network: Chromium at 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency and a CPU four times
 * slower, against the real server serving the build. For the sign-in page, the clerk's home and the committee's
 * dashboard it prints the bytes transferred and the time until the page is usable (its content shown and the
 * network quiet), cold (empty cache) and warm (reload), and how many hashed assets the warm load fetched again.
 *
 *   DATABASE_URL=… [BENCH_DIST=web/dist] pnpm exec tsx web/bench/first-visit.ts
 *
 * A measurement, not a test: the figures go into docs/performance.md.
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { findChromium, distDir } from '../e2e/support/paths';
import { DEMO_PASSWORD, startServer } from '../e2e/support/server';

const QUIET_MS = 500;
const profile = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0, cpu: 4 };

interface Meter {
  bytes: number;
  assetsFetched: number;
  lastActivity: number;
  inflight: number;
}

async function meter(page: Page): Promise<{ cdp: CDPSession; reset: () => Meter }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  let m: Meter = { bytes: 0, assetsFetched: 0, lastActivity: Date.now(), inflight: 0 };
  cdp.on('Network.requestWillBeSent', () => {
    m.inflight += 1;
    m.lastActivity = Date.now();
  });
  const assets = new Set<string>();
  const cached = new Set<string>();
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (response.url.includes('/assets/')) assets.add(requestId);
    if (response.fromDiskCache || response.fromPrefetchCache) cached.add(requestId);
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => cached.add(requestId));
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    // An asset the browser had to ask the server for again, whatever the answer (200 or 304).
    if (assets.has(requestId) && !cached.has(requestId) && encodedDataLength > 0) m.assetsFetched += 1;
    m.bytes += encodedDataLength;
    m.inflight = Math.max(0, m.inflight - 1);
    m.lastActivity = Date.now();
  });
  cdp.on('Network.loadingFailed', () => {
    m.inflight = Math.max(0, m.inflight - 1);
    m.lastActivity = Date.now();
  });
  return {
    cdp,
    reset: () => {
      m = { bytes: 0, assetsFetched: 0, lastActivity: Date.now(), inflight: 0 };
      return m;
    },
  };
}

/** Runs `action`, waits for `selector` and then for the network to stay quiet; usable = the last network activity. */
async function measure(page: Page, reset: () => Meter, selector: string, action: () => Promise<unknown>) {
  const start = Date.now();
  const m = reset();
  await action();
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 120_000 });
  const shown = Date.now();
  while (m.inflight > 0 || Date.now() - m.lastActivity < QUIET_MS) await new Promise((r) => setTimeout(r, 50));
  const usable = Math.max(shown, m.lastActivity) - start;
  return { kB: Math.round(m.bytes / 1000), usableMs: usable, assetsFetched: m.assetsFetched };
}

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found (set CHROMIUM_PATH)');
  const server = await startServer({ webDistDir: process.env.BENCH_DIST ?? distDir }, { demoLedger: true });
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'] });
  const rows: { page: string; visit: string; kB: number; usableMs: number; assetsFetched: number }[] = [];
  try {
    for (const [user, home, homeSelector] of [
      ['branch', "clerk's home", '[data-testid="light-counts"]'],
      ['supervisor', 'dashboard', '[data-testid="dashboard"]'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const { reset } = await meter(page);
      const loginField = 'input[placeholder="请输入用户名"]';
      const loginCold = await measure(page, reset, loginField, () => page.goto(`${server.url}/login`));
      const loginWarm = await measure(page, reset, loginField, () => page.reload());
      if (user === 'branch') rows.push({ page: 'login', visit: 'cold', ...loginCold }, { page: 'login', visit: 'warm', ...loginWarm });
      // The typing is not the page's time: the clock starts when Enter is pressed.
      await page.locator(loginField).click();
      await page.keyboard.type(user);
      await page.keyboard.press('Tab');
      await page.keyboard.type(DEMO_PASSWORD);
      const homeCold = await measure(page, reset, homeSelector, () => page.keyboard.press('Enter'));
      const homeWarm = await measure(page, reset, homeSelector, () => page.reload());
      rows.push({ page: `${home} (after sign-in)`, visit: 'cold', ...homeCold }, { page: home, visit: 'warm', ...homeWarm });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('| page | visit | transferred | usable after | assets fetched again |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.page} | ${r.visit} | ${r.kB} kB | ${(r.usableMs / 1000).toFixed(1)} s | ${r.visit === 'warm' ? r.assetsFetched : '–'} |`);
}

await main();
