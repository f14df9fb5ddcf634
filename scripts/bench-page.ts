import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Page, type Request } from '@playwright/test';
import { DEMO_PASSWORD, startStack } from '../tests/support/stack';

/**
 * `npm run bench:page`: how long staff wait for an order page, in one run on one machine, in
 * Chromium (signed in, one tab, its scripts already cached, as for staff who have used the app
 * before): from navigation to the order header on screen, for the page as it is (the order
 * prefetched on the server and streamed in) and as it was (`?prefetch=0`: the page, then its
 * script asks the API), the two loads taking turns; and the API's own answer time, asked with
 * fetch from the same tab.
 * p50 of BENCH_PAGE_LOADS loads each; the simulator answers after BENCH_SIM_LATENCY_MS.
 */
const loads = Number(process.env.BENCH_PAGE_LOADS ?? 20);
const simLatencyMs = Number(process.env.BENCH_SIM_LATENCY_MS ?? 50);
const path = process.env.BENCH_PAGE_PATH ?? '/orders/shop/522346';
const apiPath = path.replace(/^\/orders\//, '/api/orders/');
const warmup = 3;

const stack = await startStack({ sim: { latencyMs: simLatencyMs }, env: { LOG_LEVEL: 'warn', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000' } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/**
 * Milliseconds from the start of navigation until the order header is in the document and shown
 * (a streamed part arrives hidden and is revealed in place; checkVisibility tells them apart).
 */
const HEADER_SHOWN = `
  new Promise((resolve) => {
    const shown = () => document.querySelector('[data-testid="order-id"]')?.checkVisibility() === true;
    if (shown()) return resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (shown()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  })`;

/** Where the time went, in milliseconds from the start of navigation. */
interface Phases {
  /** The first byte of the page. */
  response: number;
  /** The first paint (before: the page with its skeleton; after: the shell, frame and skeleton). React reveals a streamed part no sooner than 300 ms after the shell's first frame. */
  firstPaint: number | null;
  /** The browser's own API request answered (before only). */
  apiAnswered: number | null;
}

const PHASES = `({
  response: performance.getEntriesByType('navigation')[0].responseStart,
  firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  apiAnswered: performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname.startsWith('/api/orders/'))?.responseEnd ?? null,
})`;

/** Loads `url` in the tab (a full navigation) and waits for the order header to show. */
async function pageLoad(page: Page, url: string): Promise<{ ms: number; apiRequests: number; phases: Phases }> {
  let apiRequests = 0;
  const count = (request: Request) => {
    if (new URL(request.url()).pathname.startsWith('/api/orders/')) apiRequests += 1;
  };
  page.on('request', count);
  await page.goto(url, { waitUntil: 'commit' });
  const ms = (await page.evaluate('window.__headerShown')) as number;
  const phases = (await page.evaluate(PHASES)) as Phases;
  // Whatever the page asks for next (its answer's code) is its own business, but not an order.
  await page.waitForLoadState('networkidle');
  page.off('request', count);
  return { ms, apiRequests, phases };
}

/** The API's answer time, asked with fetch from a blank page of the app (so nothing else runs). */
async function apiAnswer(page: Page): Promise<number> {
  await page.goto(`${stack.app.url}/api/livez`);
  return page.evaluate(async (p) => {
    const started = performance.now();
    const response = await fetch(p, { headers: { accept: 'application/json' } });
    await response.json();
    if (!response.ok) throw new Error(`${p}: HTTP ${response.status}`);
    return performance.now() - started;
  }, apiPath);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

try {
  const context = await browser.newContext({ locale: 'en-US' });
  // The context's own requests share its cookie jar: this signs the browser in.
  const signIn = await context.request.post(`${stack.app.url}/api/auth/sign-in/email`, {
    headers: { origin: stack.app.url },
    data: { email: 'support@demo.local', password: DEMO_PASSWORD },
  });
  if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()}`);
  // One tab for every load, as staff use it; the script runs as each document starts, before any of its HTML is parsed.
  const page = await context.newPage();
  await page.addInitScript(`window.__headerShown = ${HEADER_SHOWN};`);

  const after: number[] = [];
  const before: number[] = [];
  const api: number[] = [];
  const afterPhases: Phases[] = [];
  const beforePhases: Phases[] = [];
  let afterApiRequests = 0;
  for (let i = 0; i < warmup + loads; i += 1) {
    const now = await pageLoad(page, `${stack.app.url}${path}`);
    const then = await pageLoad(page, `${stack.app.url}${path}?prefetch=0`);
    const direct = await apiAnswer(page);
    if (then.apiRequests !== 1) throw new Error(`?prefetch=0 made ${then.apiRequests} API requests, not 1`);
    if (i < warmup) continue;
    after.push(now.ms);
    before.push(then.ms);
    afterPhases.push(now.phases);
    beforePhases.push(then.phases);
    api.push(direct);
    afterApiRequests += now.apiRequests;
  }

  const p50 = { before: percentile(before, 50), after: percentile(after, 50), api: percentile(api, 50) };
  const row = (name: string, values: number[]) =>
    `${name.padEnd(44)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p90 ${percentile(values, 90).toFixed(0).padStart(5)} ms`;
  console.log(`\nOrder page ${path}, ${loads} loads each, simulator latency ${simLatencyMs} ms (one run, ${new Date().toISOString()})`);
  console.log(row('before: page, then the browser asks the API', before));
  console.log(row('after: prefetched on the server, streamed', after));
  console.log(row('the API alone, asked from the page', api));
  const phase = (phases: Phases[], key: keyof Phases) => {
    const values = phases.map((p) => p[key]).filter((v): v is number => v !== null);
    return values.length ? `${percentile(values, 50).toFixed(0)} ms` : '-';
  };
  console.log(`\np50 phases, from navigation: before: first byte ${phase(beforePhases, 'response')}, first paint ${phase(beforePhases, 'firstPaint')}, its API request answered ${phase(beforePhases, 'apiAnswered')}`);
  console.log(`                            after:  first byte ${phase(afterPhases, 'response')}, first paint ${phase(afterPhases, 'firstPaint')} (React shows a streamed part no sooner than 300 ms after)`);
  console.log(`\nafter - API: ${(p50.after - p50.api).toFixed(0)} ms; before - API: ${(p50.before - p50.api).toFixed(0)} ms; after saves ${(p50.before - p50.after).toFixed(0)} ms at p50`);
  console.log(`API requests the browser made on the ${loads} prefetched loads: ${afterApiRequests}`);

  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/page-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, JSON.stringify({ path, loads, simLatencyMs, p50, before, after, api, afterApiRequests, beforePhases, afterPhases }, null, 2));
  console.log(`\n(${file})`);
  if (afterApiRequests !== 0) process.exitCode = 1;
} finally {
  await browser.close();
  await stack.stop();
}
