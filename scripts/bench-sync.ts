import type { SyncAnswer } from '../lib/api/sync-contract';
import { DEMO_ACCOUNTS, startSimulator } from '../wechat-sim/server';
import { demoEnv, isolatedDatabaseEnv, removeFreshDataDirs, signInCookie, startApp } from '../tests/support/stack';

/**
 * `npm run bench:sync`: one shop's sync measured against the simulator (issue 22).
 *
 * 1. About 10,000 shop orders over 7 days (1,430 a day), simulator latency 100 ms, 8 in flight
 *    (ORDER_DESK_BATCH_CONCURRENCY): the run's wall time (its startedAt to finishedAt) against the
 *    ideal, list pages × latency + orders × latency ÷ 8. Goal ≤ 1.25.
 * 2. People's lookups during the sync: p50 of a person's lookup while the run goes on, against the
 *    same lookups once it is done, on the same server. Goal within 10 %.
 *
 * BENCH_SYNC_PER_DAY, BENCH_SYNC_LATENCY_MS tune it; DATABASE_URL runs it on PostgreSQL.
 */
const PER_DAY = Number(process.env.BENCH_SYNC_PER_DAY ?? 1_430);
const LATENCY_MS = Number(process.env.BENCH_SYNC_LATENCY_MS ?? 100);
const CONCURRENCY = 8;
const DAYS = 7;
const shop = DEMO_ACCOUNTS[1]!.appid;

const now = Math.floor(Date.now() / 1000) - 300;
const sim = await startSimulator({ latencyMs: LATENCY_MS, now, orderLists: { shopOrdersPerDay: { [shop]: PER_DAY }, jitter: 0, historyDays: DAYS + 2 } });
// From midnight China time DAYS - 1 days back: DAYS - 1 whole days and today so far.
const from = new Date(Date.now() + 8 * 3_600_000 - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
const app = await startApp({
  env: { ...demoEnv(sim.url), ...(await isolatedDatabaseEnv()), LOG_LEVEL: 'warn', ORDER_DESK_SYNC: 'on', ORDER_DESK_SYNC_FROM: from, ORDER_DESK_BATCH_CONCURRENCY: String(CONCURRENCY), ORDER_DESK_BATCH_RATE: '10000', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000' },
  quiet: true,
});
const finance = await signInCookie(app.url, 'finance@demo.local');
const support = await signInCookie(app.url, 'support@demo.local');

async function shopRun() {
  const body = (await (await fetch(`${app.url}/api/sync`, { headers: { cookie: finance } })).json()) as SyncAnswer;
  return body.sources.find((s) => s.source === 'shop:default')!.lastRun;
}

/** One person's lookup of a fixture order (not one sync asks), in ms. */
async function personLookup(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${app.url}/api/orders/shop/522346`, { headers: { cookie: support } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`lookup answered ${response.status}`);
  return performance.now() - started;
}

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// People's lookups while the run goes on (one after another, as a person clicks).
const during: number[] = [];
let run = await shopRun();
while (!run?.finishedAt) {
  during.push(await personLookup());
  run = await shopRun();
}
const idle: number[] = [];
while (idle.length < Math.max(30, during.length)) idle.push(await personLookup());

const stats = sim.stats();
const pages = stats.listCalls.shop;
const orders = run.ordersLookedUp;
const wall = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
const ideal = (pages * LATENCY_MS + (orders * LATENCY_MS) / CONCURRENCY) / 1000;
console.log(`bench:sync (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, simulator latency ${LATENCY_MS} ms, ${CONCURRENCY} in flight)`);
console.log(`  1. ${orders} orders over ${run.windowsTotal} windows, ${pages} list pages: ${wall.toFixed(1)} s, ideal ${ideal.toFixed(1)} s, ratio ${(wall / ideal).toFixed(2)} (goal ≤ 1.25)`);
console.log(`  2. a person's lookup p50: ${p50(during).toFixed(0)} ms during the sync (${during.length} lookups), ${p50(idle).toFixed(0)} ms idle (${idle.length}): ${((p50(during) / p50(idle) - 1) * 100).toFixed(1)} % (goal within 10 %)`);
const twice = Object.entries(stats.orderIdsByApp).filter(([key, n]) => !key.endsWith(':522346') && n > 1).length;
console.log(`  orders asked twice: ${twice} (goal 0)`);
await app.stop();
await sim.close();
removeFreshDataDirs();
