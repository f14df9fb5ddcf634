import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { Agent, fetch } from 'undici';
import { DEMO_ACCOUNTS } from '../wechat-sim/server';
import { isolatedDatabaseEnv, signInCookie, startStack, type Stack } from '../tests/support/stack';

/**
 * `npm run bench`: on PGlite and on PostgreSQL in one run, one `next start` each with the
 * simulator on loopback, signed in.
 *
 * - Throughput (simulator latency 0, BENCH_CONCURRENCY at once): the bare route (`/api/livez`,
 *   the same server, proxy and all), the same lookups straight against the simulator, and
 *   through `/api/orders/*` — the whole product path: session check, per-user limit, WeChat call,
 *   normalising, audit entry. The bare and lookup paths alternate in rounds so a burst of other
 *   work on the machine falls on both. Goal: lookups ≥ 50 % of the bare route's throughput.
 * - Latency (simulator latency BENCH_SIM_LATENCY_MS, BENCH_LATENCY_CONCURRENCY at once): the
 *   lookups' p50 over the simulator's straight. Goal: at most 2 ms.
 *
 * On PostgreSQL it also counts the database transactions per lookup (pg_stat_database).
 * PostgreSQL is DATABASE_URL, or the one scripts/postgres.sh starts; BENCH_DATABASES picks
 * (`pglite,postgresql`). BENCH_REQUESTS, BENCH_LATENCY_REQUESTS, BENCH_LOG_LEVEL.
 */
const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const latencyRequests = Number(process.env.BENCH_LATENCY_REQUESTS ?? 400);
const latencyConcurrency = Number(process.env.BENCH_LATENCY_CONCURRENCY ?? 4);
const simLatencyMs = Number(process.env.BENCH_SIM_LATENCY_MS ?? 50);
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgresql').split(',').map((d) => d.trim());
const ROUNDS = 4;
const GOALS = { throughputRatio: 0.5, p50AddedMs: 2 };

type Call = (i: number) => Promise<number>;
interface Result {
  requests: number;
  failures: number;
  throughput: number;
  p50: number;
  p99: number;
  /** The server process's CPU time per request (user + system), where /proc tells it. */
  serverCpuMs?: number;
}

/** CPU time a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number | undefined {
  const path = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(path)) return undefined;
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The `next start` being measured, for its CPU time. */
let serverPid: number | undefined;
const dispatcher = new Agent({ connections: Math.max(concurrency, latencyConcurrency), keepAliveTimeout: 30_000 });

type Run = { latencies: number[]; failures: number; seconds: number; serverCpuMs: number | undefined };

async function drive(call: Call, count: number, parallel: number): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const cpuBefore = cpuMs(serverPid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        if ((await call(i)) !== 200) failures += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuMs(serverPid);
  return { latencies, failures, seconds, serverCpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

function summarise(runs: Run[]): Result {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const cpu = runs.every((r) => r.serverCpuMs !== undefined) ? runs.reduce((s, r) => s + r.serverCpuMs!, 0) / latencies.length : undefined;
  return { requests: latencies.length, failures: runs.reduce((s, r) => s + r.failures, 0), throughput: latencies.length / seconds, p50: pct(50), p99: pct(99), ...(cpu === undefined ? {} : { serverCpuMs: cpu }) };
}

/** The paths in turn, `rounds` times, so each sees the same share of whatever else the machine does. */
async function alternate(calls: Call[], count: number, parallel: number, rounds: number): Promise<Result[]> {
  const runs = calls.map(() => [] as Run[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, call] of calls.entries()) runs[i]!.push(await drive(call, Math.ceil(count / rounds), parallel));
  }
  return runs.map(summarise);
}

async function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { dispatcher, headers });
  await response.arrayBuffer();
  return response.status;
}

/**
 * A different order on every request, as staff look up different orders (so the order index
 * gains a row each time rather than rewriting one): the simulator's generated ids whose last two
 * digits (10–99) always answer an order (wechat-sim/generated.ts).
 */
let orderCount = 0;
function nextOrder(): { kind: 'service-provider' | 'shop'; id: string } {
  const n = orderCount++;
  const serial = String(Math.floor(n / 180) * 100 + 10 + ((n >> 1) % 90));
  return n % 2 === 0 ? { kind: 'service-provider', id: `DD8${serial.padStart(18, '0')}` } : { kind: 'shop', id: `bulk-${serial.padStart(8, '0')}` };
}

function calls(stack: Stack, cookie: string, tokens: { sp: string; shop: string }) {
  const bare: Call = () => get(`${stack.app.url}/api/livez`);
  const direct: Call = async () => {
    const order = nextOrder();
    if (order.kind === 'service-provider') return get(`${stack.sim.url}/wxa/charge/service-provider/order/get?access_token=${tokens.sp}&orderId=${order.id}`);
    const response = await fetch(`${stack.sim.url}/shop/pay/getorder?access_token=${tokens.shop}`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trade_no: order.id }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const lookup: Call = () => {
    const order = nextOrder();
    return get(`${stack.app.url}/api/orders/${order.kind}/${order.id}`, { cookie });
  };
  return { bare, direct, lookup };
}

async function token(simUrl: string, appid: string, secret: string): Promise<string> {
  const response = await fetch(`${simUrl}/cgi-bin/stable_token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid, secret }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** DATABASE_URL's server, or a throwaway one from scripts/postgres.sh; a fresh database on it either way. */
async function postgresEnv(): Promise<Record<string, string>> {
  process.env.DATABASE_URL ??= execFileSync('bash', ['scripts/postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return isolatedDatabaseEnv();
}

async function transactions(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // An idle backend reports its counts within 10 s (PGSTAT_IDLE_INTERVAL).
    await new Promise((r) => setTimeout(r, 11_000));
    const { rows } = await client.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

async function benchDatabase(database: string) {
  const dbEnv = database === 'postgresql' ? await postgresEnv() : {};
  const stack = await startStack({ sim: { latencyMs: 0 }, env: { LOG_LEVEL: logLevel, ORDER_DESK_LOOKUPS_PER_MINUTE: '100000', ...dbEnv } });
  serverPid = stack.app.process.pid;
  const load = [loadavg()[0]!];
  try {
    const cookie = await signInCookie(stack.app.url);
    const [sp, shop] = DEMO_ACCOUNTS as [(typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0]];
    const { bare, direct, lookup } = calls(stack, cookie, { sp: await token(stack.sim.url, sp.appid, sp.secret), shop: await token(stack.sim.url, shop.appid, shop.secret) });

    await alternate([bare, direct, lookup], Math.min(300, requests), concurrency, 1);
    const [bareRoute, simulator, lookups] = (await alternate([bare, direct, lookup], requests, concurrency, ROUNDS)) as [Result, Result, Result];

    let perLookup: number | undefined;
    if (dbEnv.DATABASE_URL) {
      const before = await transactions(dbEnv.DATABASE_URL);
      const count = Math.min(500, requests);
      await drive(lookup, count, concurrency);
      perLookup = ((await transactions(dbEnv.DATABASE_URL)) - before - 1) / count;
    }

    stack.sim.setLatency(simLatencyMs);
    await alternate([bare, direct, lookup], latencyConcurrency * 10, latencyConcurrency, 1);
    const [bareQuiet, simulatorSlow, lookupsSlow] = (await alternate([bare, direct, lookup], latencyRequests, latencyConcurrency, ROUNDS)) as [Result, Result, Result];

    load.push(loadavg()[0]!);
    return {
      database,
      loadAverage: load,
      throughput: { concurrency, bareRoute, simulator, lookups, ratio: lookups.throughput / bareRoute.throughput },
      latency: { concurrency: latencyConcurrency, simLatencyMs, bareRoute: bareQuiet, simulator: simulatorSlow, lookups: lookupsSlow, p50AddedMs: lookupsSlow.p50 - simulatorSlow.p50 },
      databaseTransactionsPerLookup: perLookup,
    };
  } finally {
    await stack.stop();
  }
}

const fmt = (r: Result, server = true) =>
  `${r.throughput.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   failures ${r.failures}` +
  (r.serverCpuMs === undefined || !server ? '' : `   server CPU ${r.serverCpuMs.toFixed(2)} ms/request`);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

const results = [];
try {
  for (const database of databases) {
    const r = await benchDatabase(database);
    results.push(r);
    const { throughput: t, latency: l } = r;
    console.log(`\n${database === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, LOG_LEVEL=${logLevel}, load average ${r.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (${availableParallelism()} cores)`);
    console.log(`  ${requests} requests per path, concurrency ${t.concurrency}, simulator latency 0 ms:`);
    console.log(`    bare route /api/livez        ${fmt(t.bareRoute)}`);
    console.log(`    straight to the simulator    ${fmt(t.simulator, false)}`);
    console.log(`    lookups /api/orders/*        ${fmt(t.lookups)}`);
    console.log(`    lookup throughput / bare route: ${t.ratio.toFixed(3)} (goal ≥ ${GOALS.throughputRatio}: ${verdict(t.ratio >= GOALS.throughputRatio)})`);
    console.log(`  ${latencyRequests} requests per path, concurrency ${l.concurrency}, simulator latency ${l.simLatencyMs} ms:`);
    console.log(`    bare route /api/livez        ${fmt(l.bareRoute)}   (for reference: Next's own share)`);
    console.log(`    straight to the simulator    ${fmt(l.simulator, false)}`);
    console.log(`    lookups /api/orders/*        ${fmt(l.lookups)}`);
    console.log(`    lookup p50 over the simulator's: +${l.p50AddedMs.toFixed(2)} ms (goal ≤ ${GOALS.p50AddedMs} ms: ${verdict(l.p50AddedMs <= GOALS.p50AddedMs)})`);
    if (r.databaseTransactionsPerLookup !== undefined) console.log(`  database transactions per lookup: ${r.databaseTransactionsPerLookup.toFixed(2)}`);
    if (t.bareRoute.failures || t.simulator.failures || t.lookups.failures || l.simulator.failures || l.lookups.failures) process.exitCode = 1;
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', JSON.stringify({ node: process.version, logLevel, requests, latencyRequests, results }, null, 2));
} finally {
  await dispatcher.close();
}
