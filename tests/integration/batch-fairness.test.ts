import { afterAll, beforeAll, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { batchClient } from './batch-helpers';
import { api, ownServerEnv, simStats } from './helpers';

/**
 * A running batch never starves people's own lookups: the batch's pacing (a single slot here)
 * is the batch's alone, so lookups staff make meanwhile go to WeChat beside it at once, not
 * after it. Shown by what the simulator saw at one time, not by a clock.
 */
let sim: Simulator;
let app: App;

beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 400 });
  app = await startApp({ env: await ownServerEnv(sim.url, { ORDER_DESK_BATCH_CONCURRENCY: '1', WECHAT_TIMEOUT_MS: '5000' }), quiet: true });
});
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

it('answers people while a batch holds every pacing slot, beside it rather than after it', async () => {
  const finance = batchClient(app.url, await signInCookie(app.url, 'finance@demo.local'));
  const support = await signInCookie(app.url, 'support@demo.local');
  const created = await finance.create(Array.from({ length: 30 }, (_, i) => `bulk-fair-${String(i).padStart(4, '0')}7`), { kind: 'shop' });
  expect(created.status).toBe(201);
  const id = created.body.batch.id;
  // Once the batch is under way (its one slot taken), three people look orders up at once.
  for (let i = 0; i < 100 && (await finance.get(id)).body.batch.done < 2; i++) await new Promise((r) => setTimeout(r, 100));
  sim.reset();
  // Shop orders: the shop's token is the batch's too, already fetched, so each call goes straight to WeChat.
  const answers = await Promise.all(['522346', 'shop-paid-001', 'shop-partial-001'].map((order) => api(`/api/orders/shop/${order}`, app.url, support)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  const stats = await simStats(sim.url);
  // The batch's one lookup and the three people's were at WeChat together.
  expect(stats.orderCallsInFlightPeak).toBeGreaterThanOrEqual(4);
  expect((await finance.get(id)).body.batch.status).toBe('running');
  await fetch(`${app.url}/api/batches/${id}/cancel`, { method: 'POST', headers: { cookie: await signInCookie(app.url, 'finance@demo.local'), origin: app.url } });
});
