import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnv, isolatedDatabaseEnv, signInCookie, startApp, type App } from '../../scripts/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, appUrl } from './helpers';
import { INTEGRATION_ENV } from './settings';

/**
 * What the people who run Order Desk rely on: health checks a load balancer can poll, metrics a
 * Prometheus can scrape, and a shutdown that lets in-flight lookups finish. Servers of their own
 * (with a database of their own) where a setting differs or the server is stopped.
 */
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
});

describe('SIGTERM', () => {
  let sim: Simulator;
  let app: App;
  beforeAll(async () => {
    sim = await startSimulator({ slowMs: 1500 });
    app = await startApp({
      // One attempt (no retry of the simulator's busy answer) that takes the simulator's 1.5 s.
      env: { ...demoEnv(sim.url), ...INTEGRATION_ENV, WECHAT_TIMEOUT_MS: '10000', WECHAT_RETRIES: '0', ...(await isolatedDatabaseEnv()) },
      quiet: true,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
  });

  it('turns readiness 503 at once, lets the in-flight lookup finish with its normal answer, and exits 0', { timeout: 30_000 }, async () => {
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

    const ready = await fetch(`${app.url}/api/readyz`).then(
      async (r) => ({ status: r.status, cache: r.headers.get('cache-control'), body: JSON.parse(await r.text()) as unknown }),
      (error: unknown) => ({ status: 'refused', error: String(error) }),
    );
    expect(ready).toEqual({ status: 503, cache: 'no-store', body: { status: 'shutting-down', checks: { shutdown: 'draining' } } });
    expect((await fetch(`${app.url}/api/livez`)).status).toBe(200);

    const answer = await inFlight;
    expect({ status: answer.status, body: answer.body }).toEqual({ status: normal.status, body: normal.body });
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(app.output()).toMatch(/"msg":"shutting down: readiness 503, finishing 1 request\(s\)"/);
    expect(app.output()).toMatch(/"msg":"shut down cleanly"/);
  });
});

describe('SIGTERM with a request that outlasts ORDER_DESK_SHUTDOWN_GRACE_MS', () => {
  let sim: Simulator;
  let app: App;
  beforeAll(async () => {
    sim = await startSimulator({ slowMs: 5000 });
    app = await startApp({
      env: { ...demoEnv(sim.url), ...INTEGRATION_ENV, WECHAT_TIMEOUT_MS: '10000', WECHAT_RETRIES: '0', ORDER_DESK_SHUTDOWN_GRACE_MS: '500', ...(await isolatedDatabaseEnv()) },
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
