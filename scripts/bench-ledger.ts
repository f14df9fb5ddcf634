import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startSimulator } from '../wechat-sim/server';
import { demoEnv, signInCookie, startApp, twoShopsEnv } from '../tests/support/stack';

/**
 * `npm run bench:ledger`: GET /api/ledger for 90 days over 1,000,000 indexed orders
 * (BENCH_LEDGER_ORDERS), through a real `next start` (two shops, signed in as finance), on PGlite
 * and on PostgreSQL (BENCH_DATABASES, `pglite,postgresql`). Goal: p50 ≤ 200 ms on each.
 *
 * The orders are written straight into the database with generate_series (order_index and the
 * ledger's movements; no WeChat calls), over 365 days before now, the days in Asia/Shanghai:
 * - a tenth service-provider purchases, the rest shop orders of two shops (`main`, `outlet`), each paid;
 *   one in a thousand paid without pay_time (unplaced);
 * - refunds: one order in 10 refunded in full 1–10 days after payment, one in 50 a refund that failed
 *   the next day, one in 100 a refund still in progress;
 * - profit sharing: one order in 5 shares a tenth of its amount 7 days after payment.
 * The per-day sums are not written by the script: the movements are seeded as if placed in UTC and
 * the server, started in Asia/Shanghai, places them again and sums the days at start (the timezone
 * rebuild, lib/ledger/store.ts followTimezone), timed here as the first answer's wait.
 *
 * The data stays for the next run: PGlite's in .cache/bench-ledger/, PostgreSQL's in the database
 * `order_desk_bench_ledger` on DATABASE_URL's server (or the one scripts/postgres.sh starts);
 * seeded again only when BENCH_LEDGER_ORDERS changes or BENCH_LEDGER_RESEED=1.
 */
const orders = Number(process.env.BENCH_LEDGER_ORDERS ?? 1_000_000);
const requests = Number(process.env.BENCH_LEDGER_REQUESTS ?? 60);
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgresql').split(',').map((d) => d.trim());
const GOAL_P50_MS = 200;
const ZONE = 'Asia/Shanghai';
const SEED_TAG = `orders=${orders};v1`;
const CACHE = join(process.cwd(), '.cache', 'bench-ledger');

/** Seconds before now of order i's payment: spread over 365 days. */
const PAID = `(now() - (((i::bigint * 7919) % (365 * 86400)) || ' seconds')::interval)`;
const SHOP = `(case when i % 10 = 0 then '' when i % 2 = 0 then 'main' else 'outlet' end)`;
const KIND = `(case when i % 10 = 0 then 'service-provider' else 'shop' end)`;
const ID = `('bench-' || lpad(i::text, 8, '0'))`;
const AMOUNT = `((i::bigint * 7919) % 100000 + 100)`;

const SEED = (n: number) => [
  `insert into order_index (kind, shop, order_id, refs, amount_fen, state, paid_at, summary, first_seen_at, last_seen_at)
   select ${KIND}, ${SHOP}, ${ID}, array[]::text[], ${AMOUNT}, 'paid', ${PAID}, '{}'::jsonb, ${PAID}, now()
   from generate_series(1, ${n}) as i`,
  // Payments and purchases (one in a thousand shop payments without a time).
  `insert into ledger_movement (kind, shop, order_id, figure, movement_id, amount_fen, at, day, counts)
   select ${KIND}, ${SHOP}, ${ID}, case when i % 10 = 0 then 'purchase' else 'paid' end, '', ${AMOUNT},
          case when i % 1000 = 1 then null else ${PAID} end, case when i % 1000 = 1 then null else (${PAID} at time zone 'UTC')::date end, true
   from generate_series(1, ${n}) as i`,
  // Refunds that succeeded (1 in 10), failed (1 in 50) and are in progress (1 in 100); none on purchases.
  `insert into ledger_movement (kind, shop, order_id, figure, movement_id, amount_fen, at, day, counts, result, open_from_at, open_from, open_until_at, open_until)
   select 'shop', ${SHOP}, ${ID}, 'refund', '50' || lpad(i::text, 27, '0'), ${AMOUNT}, f, (f at time zone 'UTC')::date, r = 'SUCCESS', r,
          ${PAID} + interval '1 hour', ((${PAID} + interval '1 hour') at time zone 'UTC')::date, f, (f at time zone 'UTC')::date
   from (select i, case when i % 10 = 1 then 'SUCCESS' else 'FAIL' end as r,
                case when i % 10 = 1 then ${PAID} + ((i % 10 + 1) || ' days')::interval else ${PAID} + interval '1 day' end as f
         from generate_series(1, ${n}) as i where i % 10 <> 0 and (i % 10 = 1 or i % 50 = 3)) s`,
  `insert into ledger_movement (kind, shop, order_id, figure, movement_id, amount_fen, counts, result, open_from_at, open_from)
   select 'shop', ${SHOP}, ${ID}, 'refund', '50' || lpad(i::text, 27, '0'), ${AMOUNT} / 2, false, 'PROCESSING', ${PAID} + interval '2 hours', ((${PAID} + interval '2 hours') at time zone 'UTC')::date
   from generate_series(1, ${n}) as i where i % 100 = 7`,
  // Profit sharing (1 in 5 shop orders), 7 days after payment.
  `insert into ledger_movement (kind, shop, order_id, figure, movement_id, amount_fen, at, day, counts, result)
   select 'shop', ${SHOP}, ${ID}, 'shared', '30' || lpad(i::text, 27, '0'), ${AMOUNT} / 10, ${PAID} + interval '7 days', ((${PAID} + interval '7 days') at time zone 'UTC')::date, true, 'SUCCESS'
   from generate_series(1, ${n}) as i where i % 10 <> 0 and i % 5 = 2`,
  `insert into ledger_order (kind, shop, order_id, seen_at) select ${KIND}, ${SHOP}, ${ID}, now() from generate_series(1, ${n}) as i`,
  // Placed in UTC, sums not written: the server, in Asia/Shanghai, places them again and sums the days at start.
  `delete from ledger_day`,
  `insert into ledger_setting (key, value) values ('timezone', 'UTC'), ('backfilled', now()::text), ('bench-seed', '${SEED_TAG}')
   on conflict (key) do update set value = excluded.value`,
  `analyze`,
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** PGlite: a data directory kept in .cache/bench-ledger, seeded once. */
async function pgliteEnv(base: Record<string, string>): Promise<Record<string, string>> {
  const dir = join(CACHE, 'pglite');
  const tag = join(CACHE, 'pglite.seeded');
  // DATABASE_URL empty: PGlite even when the shell names a PostgreSQL for the other half.
  const env = { ...base, ORDER_DESK_DATA_DIR: dir, DATABASE_URL: '' };
  if (process.env.BENCH_LEDGER_RESEED !== '1' && existsSync(tag) && readFileSync(tag, 'utf8') === SEED_TAG) return env;
  rmSync(dir, { recursive: true, force: true });
  rmSync(tag, { force: true });
  mkdirSync(CACHE, { recursive: true });
  // A first start migrates the fresh database; then, with the server stopped (PGlite is one process), the orders go in.
  const app = await startApp({ env, quiet: true });
  await app.stop();
  const seeding = performance.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(join(dir, 'pglite'));
  for (const statement of SEED(orders)) await db.exec(statement);
  await db.close();
  writeFileSync(tag, SEED_TAG);
  console.log(`PGlite: seeded ${orders.toLocaleString('en-US')} orders in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  return env;
}

/** PostgreSQL: the database order_desk_bench_ledger on DATABASE_URL's server (or scripts/postgres.sh's), seeded once. */
async function postgresEnv(base: Record<string, string>): Promise<Record<string, string>> {
  const serverUrl = process.env.DATABASE_URL ?? execFileSync('bash', ['scripts/postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const url = new URL(serverUrl);
  url.pathname = '/order_desk_bench_ledger';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = 'order_desk_bench_ledger'`)).rowCount! > 0;
  let seeded = false;
  if (exists && process.env.BENCH_LEDGER_RESEED !== '1') {
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    seeded = await db.query(`select value from ledger_setting where key = 'bench-seed'`).then(
      (r) => r.rows[0]?.value === SEED_TAG,
      () => false,
    );
    await db.end();
  }
  if (!seeded) {
    if (exists) await admin.query('drop database order_desk_bench_ledger with (force)');
    await admin.query('create database order_desk_bench_ledger');
  }
  await admin.end();
  const env = { ...base, DATABASE_URL: url.toString() };
  if (seeded) return env;
  const app = await startApp({ env, quiet: true });
  await app.stop();
  const seeding = performance.now();
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  for (const statement of SEED(orders)) await db.query(statement);
  await db.end();
  console.log(`PostgreSQL: seeded ${orders.toLocaleString('en-US')} orders in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  return env;
}

async function bench(database: string, simUrl: string): Promise<{ p50: number; p95: number }> {
  const base = { ...demoEnv(simUrl), ...twoShopsEnv(), LOG_LEVEL: 'warn', ORDER_DESK_TIMEZONE: ZONE };
  const env = database === 'postgresql' ? await postgresEnv(base) : await pgliteEnv(base);
  // On a first run the start places a million orders' movements again (on PGlite, one connection: not ready until done).
  const starting = performance.now();
  const app = await startApp({ env, quiet: true, readyWithinMs: 3_600_000 });
  console.log(`${database}: ready ${((performance.now() - starting) / 1000).toFixed(1)} s after start`);
  try {
    const cookie = await signInCookie(app.url, 'finance@demo.local');
    const to = today();
    const path = `/api/ledger?from=${daysBefore(to, 89)}&to=${to}`;
    const get = async () => {
      const started = performance.now();
      const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
      const body = (await response.json()) as { days?: unknown[]; totals?: { paidCount: number } };
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, body };
    };
    // On a first run the server places the movements in Asia/Shanghai and sums the days at start;
    // until that commits the sums are empty (readers see the old ones meanwhile, here none).
    const started = performance.now();
    let first = await get();
    while ((first.body.totals?.paidCount ?? 0) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      first = await get();
    }
    console.log(`${database}: the days summed ${((performance.now() - started) / 1000).toFixed(1)} s after start (on a first run: the timezone rebuild); ${first.body.days?.length} day rows, ${first.body.totals?.paidCount.toLocaleString('en-US')} payments in 90 days`);
    for (let i = 0; i < 5; i += 1) await get();
    const times: number[] = [];
    for (let i = 0; i < requests; i += 1) times.push((await get()).ms);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(`${database === 'postgresql' ? 'PostgreSQL' : 'PGlite'}: GET /api/ledger, 90 days, both shops, ${requests} requests one at a time over HTTP: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (load average ${loadavg()[0]!.toFixed(1)})`);
    return { p50, p95 };
  } finally {
    await app.stop();
  }
}

async function run() {
  const sim = await startSimulator();
  const results: Record<string, { p50: number; p95: number }> = {};
  try {
    for (const database of databases) results[database] = await bench(database, sim.url);
  } finally {
    await sim.close();
  }
  console.log(`\n${orders.toLocaleString('en-US')} orders; goal: p50 ≤ ${GOAL_P50_MS} ms on each database`);
  let met = true;
  for (const [database, r] of Object.entries(results)) {
    const ok = r.p50 <= GOAL_P50_MS;
    met &&= ok;
    console.log(`  ${database.padEnd(10)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   ${ok ? 'met' : 'NOT met'}`);
  }
  if (!met) process.exit(1);
}

await run();
