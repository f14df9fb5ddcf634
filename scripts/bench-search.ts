import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../wechat-sim/server';
import { demoEnv, removeFreshDataDirs, signInCookie, startApp } from '../tests/support/stack';

/**
 * `npm run bench:search`: search by any id with BENCH_SEARCH_ORDERS (100,000) orders indexed, on
 * PGlite, one `next start` with the simulator on loopback, signed in.
 *
 * The orders are written straight into the index (as lookups would have left them: shop and
 * service-provider orders, each shop order with a transaction id, a refund and a sharing), then
 * BENCH_SEARCH_REQUESTS searches one after another ask for a random id of a random kind, a tenth
 * of them ids no order carries. The server's own time comes from each answer's Server-Timing:
 * `index` (the index query) and `total` (the whole handler: session, query, audit entry).
 * Goal: total ≤ 5 ms p50. The bare route (/api/livez) in the same server is the baseline.
 */
const orders = Number(process.env.BENCH_SEARCH_ORDERS ?? 100_000);
const requests = Number(process.env.BENCH_SEARCH_REQUESTS ?? 2000);
const GOAL_P50_MS = 5;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ids = {
  trade: (i: number) => `seed-${pad(i, 7)}`,
  transaction: (i: number) => `42${pad(i, 26)}`,
  refundNo: (i: number) => `seed-${pad(i, 7)}-R1`,
  refundId: (i: number) => `50${pad(i, 27)}`,
  sharingId: (i: number) => `30${pad(i, 27)}`,
  serviceProvider: (i: number) => `DD7${pad(i, 18)}`,
};

/** One statement: every order with its ids, amounts, states and times (a tenth service-provider orders). */
const SEED = (count: number) => `
  insert into order_index (kind, shop, order_id, refs, amount_fen, state, paid_at, summary, first_seen_at, last_seen_at,
                           refund_in_progress_since, sharing_failed)
  select case when i % 10 = 0 then 'service-provider' else 'shop' end,
         case when i % 10 = 0 then '' else 'default' end,
         case when i % 10 = 0 then 'DD7' || lpad(i::text, 18, '0') else 'seed-' || lpad(i::text, 7, '0') end,
         case when i % 10 = 0 then array[]::text[] else array[
           'transaction-id:42' || lpad(i::text, 26, '0'),
           'refund-no:seed-' || lpad(i::text, 7, '0') || '-R1',
           'refund-id:50' || lpad(i::text, 27, '0'),
           'sharing-no:seed-' || lpad(i::text, 7, '0') || '-PS1',
           'sharing-id:30' || lpad(i::text, 27, '0')] end,
         (i * 7919) % 10000000 + 1,
         (array['paid', 'partly-refunded', 'refunded', 'closed', 'unpaid'])[i % 5 + 1],
         now() - (i || ' minutes')::interval,
         jsonb_build_object('state', jsonb_build_object('en', 'Paid', 'zh', '已支付')),
         now() - (i || ' minutes')::interval,
         now() - ((i % 1440) || ' minutes')::interval,
         case when i % 7 = 0 then now() - interval '5 days' end,
         i % 13 = 0
  from generate_series(1, ${count}) as i`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function timing(header: string | null, name: string): number {
  const match = new RegExp(`${name};dur=([\\d.]+)`).exec(header ?? '');
  if (!match) throw new Error(`no ${name} in Server-Timing: ${header}`);
  return Number(match[1]);
}

function randomQuery(): string {
  const i = 1 + Math.floor(Math.random() * orders);
  const roll = Math.random();
  if (roll < 0.1) return `42${pad(orders + i, 26)}`; // no order carries it
  if (i % 10 === 0) return ids.serviceProvider(i);
  const kinds = [ids.trade, ids.transaction, ids.refundNo, ids.refundId, ids.sharingId];
  return kinds[Math.floor(Math.random() * kinds.length)]!(i);
}

async function run() {
  const sim = await startSimulator();
  const env: Record<string, string> = { ...demoEnv(sim.url), LOG_LEVEL: 'warn', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000' };
  // A first start migrates the fresh database; then, with the server stopped (PGlite is one process), the orders go in.
  let app = await startApp({ env, quiet: true });
  await app.stop();
  const seeding = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(join(env.ORDER_DESK_DATA_DIR!, 'pglite'));
  await db.exec(SEED(orders));
  await db.exec('analyze order_index');
  await db.close();
  console.log(`seeded ${orders.toLocaleString('en-US')} orders in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  app = await startApp({ env, quiet: true });
  try {
    const cookie = await signInCookie(app.url, 'support@demo.local');
    const get = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
      const body = (await response.json()) as { matches?: unknown[] };
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return { ms: performance.now() - started, header: response.headers.get('server-timing'), matches: body.matches?.length ?? 0 };
    };
    // Warm-up: the route's code, the session cache, the index's pages.
    for (let i = 0; i < 200; i += 1) await get(`/api/search?q=${randomQuery()}`);

    const bare: number[] = [];
    const http: number[] = [];
    const index: number[] = [];
    const total: number[] = [];
    let found = 0;
    for (let i = 0; i < requests; i += 1) {
      // Alternating, so a burst of other work on the machine falls on both.
      bare.push((await get('/api/livez')).ms);
      const answer = await get(`/api/search?q=${randomQuery()}`);
      http.push(answer.ms);
      index.push(timing(answer.header, 'index'));
      total.push(timing(answer.header, 'total'));
      if (answer.matches > 0) found += 1;
    }
    const line = (name: string, values: number[]) => `${name.padEnd(34)} p50 ${percentile(values, 50).toFixed(2).padStart(6)} ms   p99 ${percentile(values, 99).toFixed(2).padStart(6)} ms`;
    console.log(`\n${requests} searches, one at a time, ${orders.toLocaleString('en-US')} orders indexed, PGlite; load average ${loadavg()[0]!.toFixed(1)}`);
    console.log(line('server: index query', index));
    console.log(line('server: whole search (Server-Timing)', total));
    console.log(line('HTTP: search', http));
    console.log(line('HTTP: bare route /api/livez', bare));
    console.log(`searches that found an order: ${((found / requests) * 100).toFixed(0)} % (about 90 % expected)`);
    const p50 = percentile(total, 50);
    console.log(`\ngoal: whole search ≤ ${GOAL_P50_MS} ms p50 of server time → ${p50.toFixed(2)} ms: ${p50 <= GOAL_P50_MS ? 'met' : 'NOT met'}`);
  } finally {
    await app.stop();
    await sim.close();
    removeFreshDataDirs();
  }
}

await run();
