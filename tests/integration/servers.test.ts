import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, ownServerEnv, simStats, userIdOf } from './helpers';

/**
 * Three `next start` servers on one PostgreSQL and one simulator, as behind a load balancer.
 * PGlite serves one process per data directory (a second server refuses to start, see
 * pglite-single-process.test.ts), so this runs only with DATABASE_URL.
 */
const LIMIT = 150;
const shop = DEMO_ACCOUNTS[1]!;
let sim: Simulator;
const servers: App[] = [];

const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  if (!onPostgres) return;
  sim = await startSimulator();
  const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '5000', ORDER_DESK_LOOKUPS_PER_MINUTE: String(LIMIT) });
  // One after another: the first migrates and seeds the demo accounts.
  for (let i = 0; i < 3; i++) servers.push(await startApp({ env, quiet: true }));
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await sim?.close();
});

const post = (app: App, path: string, cookie: string, body?: unknown) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { cookie, origin: app.url, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    redirect: 'manual',
  });

async function newUser(): Promise<string> {
  const email = `servers-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const created = await post(servers[0]!, '/api/admin/users', await signInCookie(servers[0]!.url, 'admin@demo.local'), {
    intent: 'create',
    name: 'Three Servers',
    email,
    role: 'support',
    password: 'orderdesk-demo',
  });
  if (!created.ok) throw new Error(`creating ${email} failed: HTTP ${created.status}`);
  return email;
}

async function auditRequestIds(orderId: string): Promise<string[]> {
  const response = await fetch(`${servers[1]!.url}/api/audit.csv?orderId=${orderId}`, { headers: { cookie: await signInCookie(servers[1]!.url, 'admin@demo.local') } });
  expect(response.status).toBe(200);
  const rows = parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  return rows.map((r) => r.request_id!);
}

/** 300 lookups at once, spread over the three servers and three new accounts (each within its limit). */
async function lookUpEverywhere(orderId: string) {
  const cookies = await Promise.all([newUser(), newUser(), newUser()].map(async (email) => signInCookie(servers[0]!.url, await email)));
  return Promise.all(Array.from({ length: 300 }, (_, i) => api(`/api/orders/shop/${orderId}`, servers[i % 3]!.url, cookies[Math.floor(i / 3) % 3]!)));
}

const failures = (answers: Awaited<ReturnType<typeof lookUpEverywhere>>) => answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text.slice(0, 120)}`);

describe.skipIf(!onPostgres)('three servers on one PostgreSQL (skipped without DATABASE_URL: PGlite serves one process)', () => {
  it('honours a session made on one server on all', async () => {
    const cookie = await signInCookie(servers[0]!.url);
    for (const server of servers) expect((await api('/api/orders/shop/522346', server.url, cookie)).status).toBe(200);
  });

  it('ends a session on every server within 1 s of a sign-out, a disabled account or a changed role, though each had just checked it', async () => {
    const adminCookie = await signInCookie(servers[0]!.url, 'admin@demo.local');
    for (const change of ['sign-out', 'disable', 'role'] as const) {
      const email = await newUser();
      const userId = await userIdOf(servers[0]!.url, adminCookie, email);
      const cookie = await signInCookie(servers[0]!.url, email);
      let changedAt = Number.POSITIVE_INFINITY;
      // Each server looks the session up every 50 ms, from before the change until it refuses it.
      const watchers = servers.map(async (server) => {
        let servedBefore = 0;
        for (;;) {
          const status = (await api('/api/orders/shop/522346', server.url, cookie)).status;
          const at = performance.now();
          if (status === 401 || at - changedAt > 3000) return { servedBefore, refusedAfterMs: status === 401 ? at - changedAt : Number.POSITIVE_INFINITY };
          expect(status).toBe(200);
          if (at < changedAt) servedBefore += 1;
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      await new Promise((r) => setTimeout(r, 400));
      const made =
        change === 'sign-out'
          ? await post(servers[2]!, '/api/session/sign-out', cookie)
          : await post(servers[2]!, '/api/admin/users', adminCookie, change === 'role' ? { intent: 'role', userId, role: 'finance' } : { intent: 'disable', userId });
      changedAt = performance.now();
      expect(made.status, change).toBe(change === 'sign-out' ? 303 : 200);
      // The server that made the change has forgotten the session already.
      expect((await api('/api/orders/shop/522346', servers[2]!.url, cookie)).status, change).toBe(401);
      const seen = await Promise.all(watchers);
      for (const [i, { servedBefore, refusedAfterMs }] of seen.entries()) {
        expect(servedBefore, `${change}, server ${i}`).toBeGreaterThan(0);
        expect(refusedAfterMs, `${change}, server ${i}`).toBeLessThanOrEqual(1000);
      }
    }
  });

  it('costs no forced refresh when stable_token already hands out a new token', async () => {
    // Every server holds the token (the session test warmed them all).
    sim.reset();
    sim.invalidateTokens();
    const failed = failures(await lookUpEverywhere('shop-partial-001'));
    const { forcedRefreshes } = await simStats(sim.url);
    expect({ failed: failed.length, firstFailure: failed[0], forcedRefreshes }).toEqual({ failed: 0, firstFailure: undefined, forcedRefreshes: {} });
  });

  it('costs at most one forced refresh and no failed lookup when WeChat rejects the token all three hold', async () => {
    for (const server of servers) expect((await api('/api/orders/shop/shop-paid-001', server.url)).status).toBe(200);
    sim.reset();
    // Rejected by the APIs while stable_token keeps handing it out: only a forced refresh helps.
    sim.invalidateTokens({ stale: true });
    const failed = failures(await lookUpEverywhere('shop-paid-001'));
    const { forcedRefreshes } = await simStats(sim.url);
    expect({ failed: failed.length, firstFailure: failed[0], forcedRefreshes }).toEqual({ failed: 0, firstFailure: undefined, forcedRefreshes: { [shop.appid]: 1 } });
  });

  it('audits every lookup exactly once, whichever server answered it', async () => {
    const answers = await lookUpEverywhere('522346');
    const ids = answers.map((a) => a.headers.get('x-request-id')!);
    expect(new Set(ids).size).toBe(300);
    const audited = await auditRequestIds('522346');
    const count = new Map<string, number>();
    for (const id of audited) count.set(id, (count.get(id) ?? 0) + 1);
    expect(ids.filter((id) => count.get(id) !== 1)).toEqual([]);
  });

  it('shares the per-user lookup limit between the servers, exactly: of a burst beyond it spread over all three, no more than the limit passes, and the rest of it is still there to use', async () => {
    const email = await newUser();
    const cookies = await Promise.all(servers.map((s) => signInCookie(s.url, email)));
    const before = (await simStats(sim.url)).orderCalls.shop;
    // Each server counts the lookups that arrive together in one statement, taking a few points
    // ahead (lib/lookups/quota.ts): the total decides, and never lets more than LIMIT through.
    const answers = await Promise.all(Array.from({ length: LIMIT + 45 }, (_, i) => api('/api/orders/shop/522346', servers[i % 3]!.url, cookies[i % 3]!)));
    const statuses = answers.map((a) => a.status);
    const passed = statuses.filter((s) => s === 200).length;
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(passed).toBeLessThanOrEqual(LIMIT);
    // Points a server took ahead are its user's still: each server serves them, then refuses.
    let later = 0;
    for (const [i, server] of servers.entries()) {
      for (let tries = 0; ; tries++) {
        const status = (await api('/api/orders/shop/522346', server.url, cookies[i]!)).status;
        if (status === 429) break;
        expect(status).toBe(200);
        expect(tries).toBeLessThan(50);
        later += 1;
      }
    }
    expect(passed + later).toBe(LIMIT);
    expect((await simStats(sim.url)).orderCalls.shop - before).toBe(LIMIT);
  });
});
