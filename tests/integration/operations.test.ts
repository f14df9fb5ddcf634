import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, appUrl, ownServerEnv } from './helpers';

/**
 * What the people who run Order Desk rely on: health checks a load balancer can poll, metrics a
 * Prometheus can scrape, and a shutdown that lets in-flight lookups finish. Servers of their own
 * (with a database of their own) where a setting differs or the server is stopped.
 */
const METRICS_TOKEN = 'metrics-test-token-0123456789';

describe('health checks', () => {
  for (const path of ['/api/livez', '/api/readyz', '/api/health']) {
    it(`${path} answers 200 without a sign-in, uncached and without data`, async () => {
      const response = await fetch(`${appUrl()}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.getSetCookie()).toEqual([]);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(path === '/api/livez' ? ['status'] : ['checks', 'status']);
      expect(body.status).toBe(path === '/api/livez' ? 'live' : 'ready');
    });
  }

  it('/api/metrics is not there when ORDER_DESK_METRICS_TOKEN is unset, whatever the bearer: a plain 404 that names nothing', async () => {
    const tries: Array<Record<string, string>> = [{}, { authorization: `Bearer ${METRICS_TOKEN}` }, { authorization: 'Bearer ' }];
    for (const headers of tries) {
      const response = await fetch(`${appUrl()}/api/metrics`, { headers });
      expect(response.status).toBe(404);
      const text = await response.text();
      expect(text).not.toContain('process_cpu');
      // Nothing says what would publish metrics here, nor that metrics exist at all.
      expect(text).not.toMatch(/ORDER_DESK|METRICS|metric|token|指标|令牌/i);
    }
  });
});

describe('metrics', () => {
  let sim: Simulator;
  let app: App;
  beforeAll(async () => {
    sim = await startSimulator();
    app = await startApp({
      env: await ownServerEnv(sim.url, { ORDER_DESK_LOOKUPS_PER_MINUTE: '3', ORDER_DESK_METRICS_TOKEN: METRICS_TOKEN }),
      quiet: true,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  const scrape = (authorization?: string) => fetch(`${app.url}/api/metrics`, { headers: authorization ? { authorization } : undefined });

  it('refuses a missing or wrong bearer token', async () => {
    for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}x`, `Bearer ${METRICS_TOKEN.slice(1)}`, METRICS_TOKEN, `Basic ${METRICS_TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.text()).not.toContain('order_desk_');
    }
  });

  it('counts lookups, WeChat latency, token fetches and forced refreshes, audit writes and refusals, in Prometheus text', async () => {
    const cookie = await signInCookie(app.url);
    expect((await api('/api/orders/shop/522346', app.url, cookie)).status).toBe(200);
    // The shop's token, now cached, is rejected: one forced refresh, then WeChat's own 45011.
    // Stale: stable_token keeps handing back the rejected token, so only a forced refresh recovers.
    await fetch(`${sim.url}/__sim/invalidate-tokens?stale=1`, { method: 'POST' });
    expect((await api('/api/orders/shop/fault-45011', app.url, cookie)).status).toBe(429);
    expect((await api('/api/orders/service-provider/DD2981741311549200000', app.url, cookie)).status).toBe(200);
    // Three lookups a minute: the fourth is refused by the user's own limit, before WeChat.
    expect((await api('/api/orders/shop/522346', app.url, cookie)).status).toBe(429);

    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const value = (series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };

    expect(value('order_desk_lookups_total{kind="shop",status="200",errcode="none"}')).toBe(1);
    expect(value('order_desk_lookups_total{kind="shop",status="429",errcode="45011"}')).toBe(1);
    expect(value('order_desk_lookups_total{kind="service-provider",status="200",errcode="none"}')).toBe(1);
    expect(value('order_desk_lookups_total{kind="shop",status="429",errcode="none"}')).toBe(1);
    // The shop's API: 522346, the rejected token, the retry with the new one.
    expect(value('order_desk_wechat_request_duration_seconds_count{api="/shop/pay/getorder",outcome="answered"}')).toBe(3);
    expect(value('order_desk_wechat_request_duration_seconds_count{api="/wxa/charge/service-provider/order/get",outcome="answered"}')).toBe(1);
    expect(value('order_desk_wechat_request_duration_seconds_bucket{le="+Inf",api="/cgi-bin/stable_token",outcome="answered"}')).toBe(4);
    // The shop's token: the first, the normal-mode ask after the rejection (the same token), the forced one.
    expect(value('order_desk_wechat_token_fetches_total{account="shop:default"}')).toBe(3);
    expect(value('order_desk_wechat_token_fetches_total{account="service-provider"}')).toBe(1);
    expect(value('order_desk_wechat_token_forced_refreshes_total{account="shop:default"}')).toBe(1);
    expect(value('order_desk_wechat_token_forced_refreshes_total{account="service-provider"}') ?? 0).toBe(0);
    expect(value('order_desk_audit_write_duration_seconds_count{action="order.lookup",outcome="written"}')).toBe(4);
    expect(value('order_desk_rate_limited_total{limit="lookup"}')).toBe(1);
    expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    // The server runs on the Node that runs these tests (spawned with process.execPath): Node 24 in .ci/run's Node 24 steps.
    expect(text).toContain(`nodejs_version_info{version="${process.version}"`);
    expect(text).not.toMatch(/SIM_|secret/i);
  });
});

describe('SIGTERM', () => {
  let sim: Simulator;
  let app: App;
  beforeAll(async () => {
    sim = await startSimulator({ slowMs: 1500 });
    app = await startApp({
      // One attempt (no retry of the simulator's busy answer) that takes the simulator's 1.5 s.
      env: await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', WECHAT_RETRIES: '0' }),
      quiet: true,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('turns readiness 503 at once, lets the in-flight lookup finish with its normal answer (a second SIGTERM changes nothing), and exits 0', { timeout: 30_000 }, async () => {
    const cookie = await signInCookie(app.url);
    const slow = () => api('/api/orders/shop/fault-slow', app.url, cookie);
    const normal = await slow();
    expect(normal.status).toBeGreaterThanOrEqual(400);

    const callsBefore = sim.stats().orderCalls.shop;
    const inFlight = slow();
    while (sim.stats().orderCalls.shop === callsBefore) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      app.process.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const signalledAt = Date.now();
    app.process.kill('SIGTERM');

    // The signal arrives asynchronously: poll until readiness changes, within moments.
    let settled = false;
    const settle = () => (settled = true);
    inFlight.then(settle, settle);
    const readyz = () =>
      fetch(`${app.url}/api/readyz`).then(
        async (r) => ({ status: r.status, cache: r.headers.get('cache-control'), body: JSON.parse(await r.text()) as unknown }),
        (error: unknown) => ({ status: 'refused', error: String(error) }),
      );
    let ready = await readyz();
    while (ready.status === 200 && Date.now() - signalledAt < 500) ready = await readyz();
    expect(ready).toEqual({ status: 503, cache: 'no-store', body: { status: 'shutting-down', checks: { shutdown: 'draining' } } });
    expect(settled, 'readiness turned 503 while the lookup was still running').toBe(false);
    // A second SIGTERM changes nothing: the drain goes on.
    app.process.kill('SIGTERM');
    expect((await fetch(`${app.url}/api/livez`)).status).toBe(200);

    const answer = await inFlight;
    expect({ status: answer.status, body: answer.body }).toEqual({ status: normal.status, body: normal.body });
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    // The lookup, and perhaps a readiness poll that was being answered at the signal.
    expect(app.output()).toMatch(/"inFlight":[1-9],.*"msg":"shutting down: readiness 503, finishing [1-9] request\(s\)"/);
    expect(app.output()).toMatch(/"msg":"shut down cleanly"/);
  });
});

describe('SIGTERM with a request that outlasts ORDER_DESK_SHUTDOWN_GRACE_MS', () => {
  let sim: Simulator;
  let app: App;
  beforeAll(async () => {
    sim = await startSimulator({ slowMs: 5000 });
    app = await startApp({
      env: await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', WECHAT_RETRIES: '0', ORDER_DESK_SHUTDOWN_GRACE_MS: '500' }),
      quiet: true,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('stops waiting at the limit, says so, and exits 1', { timeout: 30_000 }, async () => {
    const cookie = await signInCookie(app.url);
    const inFlight = api('/api/orders/shop/fault-slow', app.url, cookie).then(
      (r) => r.status,
      () => 'dropped',
    );
    while (sim.stats().orderCalls.shop === 0) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise<number | null>((resolve) => app.process.once('exit', (code) => resolve(code)));
    const signalledAt = Date.now();
    app.process.kill('SIGTERM');
    expect(await exited).toBe(1);
    const took = Date.now() - signalledAt;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(4000);
    expect(await inFlight).toBe('dropped');
    expect(app.output()).toMatch(/"msg":"shutdown grace period over; 1 request\(s\) cut off"/);
  });
});
