import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { batchClient } from './batch-helpers';
import { createUser, ownServerEnv } from './helpers';

/**
 * WeChat's daily quota against a careless or hostile user (issue 20, item 13): one recheck at a
 * time, a budget of ids per user and day, a cap on the batches one user has waiting, and a share
 * of each app's daily calls that batches never take. A server and simulator of their own, with
 * small limits.
 */
let sim: Simulator;
let app: App;
let admin: string;

const IDS_PER_DAY = 12;
const WAITING = 2;

beforeAll(async () => {
  sim = await startSimulator();
  app = await startApp({
    env: await ownServerEnv(sim.url, {
      WECHAT_TIMEOUT_MS: '5000',
      ORDER_DESK_BATCH_IDS_PER_DAY: String(IDS_PER_DAY),
      ORDER_DESK_BATCHES_WAITING_PER_USER: String(WAITING),
    }),
    quiet: true,
  });
  admin = await signInCookie(app.url, 'admin@demo.local');
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

/** A finance user of the test's own: budgets are per user. */
async function financeUser() {
  const { email } = await createUser(app.url, admin, 'finance');
  const cookie = await signInCookie(app.url, email);
  return { email, cookie, client: batchClient(app.url, cookie) };
}

const unique = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${Date.now().toString(36)}${i}`);
const quota = (exhausted: boolean) => fetch(`${sim.url}/__sim/quota?exhausted=${exhausted ? 1 : 0}`, { method: 'POST' });

describe('“check these again”', () => {
  it('runs one recheck at a time: three at once make one batch, and the others answer it', async () => {
    const { cookie, client } = await financeUser();
    // A service-provider order whose refund failed: on the attention list once looked up.
    expect((await fetch(`${app.url}/api/orders/service-provider/DD1000000000000000007`, { headers: { cookie } })).status).toBe(200);
    const recheck = () => fetch(`${app.url}/api/orders/attention/recheck`, { method: 'POST', headers: { cookie, origin: app.url, 'content-type': 'application/json' } });
    const answers = await Promise.all([recheck(), recheck(), recheck()]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ batch: { id: string } }>;
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(bodies.map((b) => b.batch.id)).size).toBe(1);
    expect((await client.list()).body.batches.filter((b) => b.source === 'needs attention')).toHaveLength(1);
  });
});

describe('a budget of ids per user and day', () => {
  it('refuses a batch beyond ORDER_DESK_BATCH_IDS_PER_DAY with a 429 that says when it resets, in both languages', async () => {
    const { cookie, client } = await financeUser();
    expect((await client.create(unique('budget', 8))).status).toBe(201);
    const over = await fetch(`${app.url}/api/batches`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: unique('over', 5) }),
    });
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(25 * 3600);
    const { error } = (await over.json()) as { error: { code: string; message: string; action: string; zh: { message: string; action: string } } };
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/8 of 12/);
    expect(error.action).toMatch(/resets at .*00:00/);
    expect(error.zh.message).toMatch(/12/);
    expect(error.zh.action).toMatch(/00:00/);
    // What is left still fits.
    expect((await client.create(unique('fits', 4))).status).toBe(201);
    expect((await client.create(unique('none', 1))).status).toBe(429);
  });

  it('counts “retry failed” against the budget of whoever retries', async () => {
    const { client } = await financeUser();
    const created = await client.create(['fault-48001', ...unique('retried', 11)]);
    expect(created.status).toBe(201);
    await client.until(created.body.batch.id, ['done']);
    const retried = await client.act(created.body.batch.id, 'retry');
    expect(retried.status).toBe(429);
  });
});

describe('a cap on the batches one user has waiting', () => {
  it('refuses a batch beyond ORDER_DESK_BATCHES_WAITING_PER_USER queued, running or paused, and takes it once one ends', async () => {
    const { client } = await financeUser();
    await quota(true);
    try {
      const first = await client.create(unique('wait', 1));
      const second = await client.create(unique('wait', 1));
      await client.until(first.body.batch.id, ['paused']);
      await client.until(second.body.batch.id, ['paused']);
      const third = await client.create(unique('wait', 1));
      expect(third.status).toBe(429);
      expect(third.body.error.message).toMatch(/2 batches/);
      expect((await client.act(first.body.batch.id, 'cancel')).status).toBe(200);
      expect((await client.create(unique('wait', 1))).status).toBe(201);
    } finally {
      await quota(false);
    }
  });
});

describe('the share of WeChat’s daily calls kept for people', () => {
  it('stops batches at their share of an app’s daily calls; people’s lookups still get an answer', async () => {
    const own = await startSimulator();
    // 20 calls a day, half kept for people: batches may make 10 calls to the shop app today.
    const server = await startApp({
      env: await ownServerEnv(own.url, { WECHAT_TIMEOUT_MS: '5000', ORDER_DESK_WECHAT_DAILY_CALLS: '20', ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT: '50' }),
      quiet: true,
    });
    try {
      const cookie = await signInCookie(server.url, 'finance@demo.local');
      const client = batchClient(server.url, cookie);
      const ids = Array.from({ length: 15 }, (_, i) => `bulk-share-${String(110 + i).padStart(6, '0')}`);
      const created = await client.create(ids);
      const paused = await client.until(created.body.batch.id, ['paused']);
      expect(paused).toMatchObject({ found: 10, pending: 5 });
      // Batches and sync spend one share: the reason names both, since sync may be what spent it.
      expect(paused.pausedReason?.en).toMatch(/^Background work \(batches and sync\) has used its share of WeChat’s daily calls for shop default/);
      expect(paused.pausedReason?.zh).toMatch(/^后台任务（批量查询与同步）已用完店铺 default/);
      // WeChat's day ends at midnight China time: the batch carries on then by itself.
      const until = new Date(paused.pausedUntil!);
      expect(until.getTime()).toBeGreaterThan(Date.now());
      expect(new Date(until.getTime() + 8 * 3600_000).toISOString().slice(11, 19)).toBe('00:00:00');
      expect(ids.reduce((n, id) => n + (own.stats().orderIds[`shop:${id}`] ?? 0), 0)).toBe(10);
      // A person's own lookup is not a batch's: it is answered.
      expect((await fetch(`${server.url}/api/orders/shop/bulk-share-000150`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await server.stop();
      await own.close();
    }
  }, 120_000);
});
