import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { DEMO_ACCOUNTS } from '../wechat-sim/server';
import { signInCookie, startStack } from './stack';

/**
 * `npm run bench`: the same lookups straight against the simulator (the baseline) and through
 * Order Desk's API routes, in one run on one machine; prints throughput, p50/p99 and the
 * overhead as a ratio of the two. The API side is the whole product path: session check, per-user
 * limit, WeChat call, normalising and the audit entry. BENCH_REQUESTS, BENCH_CONCURRENCY,
 * BENCH_SIM_LATENCY_MS.
 */
const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const simLatencyMs = Number(process.env.BENCH_SIM_LATENCY_MS ?? 0);
const warmup = Math.min(200, requests);

const stack = await startStack({ sim: { latencyMs: simLatencyMs }, env: { LOG_LEVEL: 'warn', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000' } });
const cookie = await signInCookie(stack.app.url);
const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });

async function token(appid: string, secret: string): Promise<string> {
  const response = await fetch(`${stack.sim.url}/cgi-bin/stable_token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid, secret }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const [sp, shop] = DEMO_ACCOUNTS as [(typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0]];
const spToken = await token(sp.appid, sp.secret);
const shopToken = await token(shop.appid, shop.secret);

type Lookup = (i: number) => Promise<number>;

const direct: Lookup = async (i) => {
  const response =
    i % 2 === 0
      ? await fetch(`${stack.sim.url}/wxa/charge/service-provider/order/get?access_token=${spToken}&orderId=DD2981741311549200000`, { dispatcher })
      : await fetch(`${stack.sim.url}/shop/pay/getorder?access_token=${shopToken}`, {
          method: 'POST',
          dispatcher,
          headers: { 'content-type': 'application/json' },
          body: '{"trade_no":"522346"}',
        });
  await response.arrayBuffer();
  return response.status;
};

const throughApi: Lookup = async (i) => {
  const path = i % 2 === 0 ? '/api/orders/service-provider/DD2981741311549200000' : '/api/orders/shop/522346';
  const response = await fetch(`${stack.app.url}${path}`, { dispatcher, headers: { cookie } });
  await response.arrayBuffer();
  return response.status;
};

async function measure(lookup: Lookup, count: number) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        if ((await lookup(i)) !== 200) failures += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { requests: count, failures, throughput: count / seconds, p50: pct(50), p99: pct(99) };
}

try {
  await measure(direct, warmup);
  await measure(throughApi, warmup);
  const baseline = await measure(direct, requests);
  const api = await measure(throughApi, requests);
  const fmt = (r: typeof api) =>
    `${r.throughput.toFixed(0).padStart(8)} req/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   failures ${r.failures}`;
  const overhead = {
    throughputRatio: api.throughput / baseline.throughput,
    p50Ratio: api.p50 / baseline.p50,
    p99Ratio: api.p99 / baseline.p99,
    p50AddedMs: api.p50 - baseline.p50,
  };
  console.log(`\n${requests} lookups, concurrency ${concurrency}, simulator latency ${simLatencyMs} ms, Node ${process.version}`);
  console.log(`straight to the simulator   ${fmt(baseline)}`);
  console.log(`through /api/orders/*       ${fmt(api)}`);
  console.log(
    `overhead: throughput x${overhead.throughputRatio.toFixed(3)}, p50 x${overhead.p50Ratio.toFixed(2)} (+${overhead.p50AddedMs.toFixed(2)} ms), p99 x${overhead.p99Ratio.toFixed(2)}`,
  );
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/latest.json', JSON.stringify({ requests, concurrency, simLatencyMs, baseline, api, overhead }, null, 2));
  if (baseline.failures || api.failures) process.exitCode = 1;
} finally {
  await dispatcher.close();
  await stack.stop();
}
