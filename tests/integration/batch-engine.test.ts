import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { askedTwice, batchClient } from './batch-helpers';
import { ownServerEnv } from './helpers';

/**
 * The batch engine across stops and servers, each test on a database and simulator of its own:
 * a server stopped or killed mid-batch and started again finishes it with no id asked twice;
 * several servers on one PostgreSQL share one batch within one concurrency limit.
 */
const sims: Simulator[] = [];
const apps: App[] = [];
const onPostgres = Boolean(process.env.DATABASE_URL);
/** Each test starts servers of its own, one after another. */
const SERVERS_TIMEOUT = 240_000;

afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

async function simulator(latencyMs: number): Promise<Simulator> {
  const sim = await startSimulator({ latencyMs });
  sims.push(sim);
  return sim;
}

async function server(env: Record<string, string>): Promise<App> {
  const app = await startApp({ env, quiet: true });
  apps.push(app);
  return app;
}

const METRICS_TOKEN = 'batch-engine-metrics-token';

/** What this server's workers looked up, from its own metrics. */
async function itemsLookedUp(app: App): Promise<number> {
  const text = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return [...text.matchAll(/^order_desk_batch_items_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

function killed(app: App, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (app.process.exitCode !== null || app.process.signalCode !== null) return resolve();
    app.process.once('exit', () => resolve());
    app.process.kill(signal);
  });
}

async function untilDone(client: ReturnType<typeof batchClient>, id: string, atLeast: number) {
  for (;;) {
    const { body } = await client.get(id);
    if (body.batch.done >= atLeast) return body.batch;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a server stopped mid-batch', () => {
  it('on SIGTERM hands its chunks back; started again it finishes the batch, every id asked exactly once', async () => {
    const sim = await simulator(40);
    const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', ORDER_DESK_BATCH_CONCURRENCY: '4' });
    const first = await server(env);
    const list = ids(200, 'term');
    const created = await batchClient(first.url, await signInCookie(first.url, 'finance@demo.local')).create(list);
    expect(created.status).toBe(201);
    const id = created.body.batch.id;
    const partway = await untilDone(batchClient(first.url, await signInCookie(first.url, 'finance@demo.local')), id, 30);
    expect(partway.done).toBeLessThan(200);
    await killed(first, 'SIGTERM');
    expect(first.process.exitCode).toBe(0);

    const second = await server(env);
    const client = batchClient(second.url, await signInCookie(second.url, 'finance@demo.local'));
    const done = await client.until(id, ['done']);
    expect(done).toMatchObject({ total: 200, notFound: 200, failed: 0, pending: 0 });
    const stats = sim.stats();
    expect(askedTwice(stats.orderIds)).toEqual([]);
    expect(list.every((orderId) => stats.orderIds[`shop:${orderId}`] === 1)).toBe(true);
  }, SERVERS_TIMEOUT);

  it('on SIGKILL: started again it asks the ids that were in flight once more; every id ends found, none failed, and the audit shows both attempts', async () => {
    // Long enough a lookup that a kill finds lookups in flight; a short timeout so that on
    // PostgreSQL the killed server's claims lapse (their lease) within a minute or so.
    const sim = await simulator(300);
    const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '2000', ORDER_DESK_BATCH_CONCURRENCY: '4' });
    const first = await server(env);
    // Generated trade numbers ending 10-99: each answers its order at the first call.
    const list = Array.from({ length: 60 }, (_, i) => `bulk-kill-${String(100 + 10 + i).padStart(6, '0')}`);
    const id = (await batchClient(first.url, await signInCookie(first.url, 'finance@demo.local')).create(list)).body.batch.id;
    await untilDone(batchClient(first.url, await signInCookie(first.url, 'finance@demo.local')), id, 8);
    await killed(first, 'SIGKILL');

    const second = await server(env);
    const client = batchClient(second.url, await signInCookie(second.url, 'finance@demo.local'));
    const done = await client.until(id, ['done'], onPostgres ? 150_000 : 30_000);
    expect(done).toMatchObject({ total: 60, found: 60, failed: 0, pending: 0 });
    const asked = sim.stats().orderIds;
    const twice = askedTwice(asked);
    expect(list.every((orderId) => asked[`shop:${orderId}`] === 1 || asked[`shop:${orderId}`] === 2)).toBe(true);

    const admin = await signInCookie(second.url, 'admin@demo.local');
    const audit = parse((await (await fetch(`${second.url}/api/audit.csv?batch=${id}`, { headers: { cookie: admin } })).text()).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    const interrupted = audit.filter((r) => r.action === 'batch.interrupted').map((r) => r.order_id);
    // Every lookup the kill cut short is in the trail, once, and so is the lookup that followed.
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.length).toBeLessThanOrEqual(4);
    expect(new Set(interrupted).size).toBe(interrupted.length);
    for (const key of twice) expect(interrupted).toContain(key.replace(/^shop:/, ''));
    for (const orderId of interrupted) {
      expect(audit.some((r) => r.action === 'order.lookup' && r.order_id === orderId && r.status === '200')).toBe(true);
      expect(audit.find((r) => r.action === 'batch.interrupted' && r.order_id === orderId)?.user_email).toBe('finance@demo.local');
    }
  }, SERVERS_TIMEOUT);
});

describe('pacing', () => {
  it('starts at most ORDER_DESK_BATCH_RATE lookups a second and keeps ORDER_DESK_BATCH_CONCURRENCY in flight, lanes taking starts a few at a time', async () => {
    const sim = await simulator(0);
    // 40 a second over 2 lanes: a lane takes 5 starts per rate statement.
    const env = await ownServerEnv(sim.url, { ORDER_DESK_BATCH_RATE: '40', ORDER_DESK_BATCH_CONCURRENCY: '2' });
    const app = await server(env);
    const client = batchClient(app.url, await signInCookie(app.url, 'finance@demo.local'));
    const created = await client.create(ids(200, 'paced'));
    const done = await client.until(created.body.batch.id, ['done']);
    expect(done).toMatchObject({ notFound: 200, failed: 0 });
    const times = (await client.allItems(created.body.batch.id)).map((i) => Date.parse(i.lookedUpAt!)).sort((a, b) => a - b);
    // 200 starts at 40 a second need five one-second windows: four seconds at least from first to last.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(4_000 - 50);
    expect(sim.stats().orderCallsInFlightPeak).toBeLessThanOrEqual(2);
    expect(askedTwice(sim.stats().orderIds)).toEqual([]);
  }, SERVERS_TIMEOUT);
});

describe('a busy id', () => {
  it('lets its lane go while it waits to be asked again: the ids after it are answered meanwhile, and it is asked 1 + WECHAT_RETRIES times', async () => {
    const sim = await simulator(20);
    // One lane: were the busy id to keep it through its backoff pauses, nothing else could be asked meanwhile.
    const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', ORDER_DESK_BATCH_CONCURRENCY: '1', WECHAT_RETRIES: '2' });
    const app = await server(env);
    const client = batchClient(app.url, await signInCookie(app.url, 'finance@demo.local'));
    const others = Array.from({ length: 5 }, (_, i) => `bulk-lane-${String(110 + i).padStart(6, '0')}`);
    const created = await client.create(['fault-busy', ...others]);
    const done = await client.until(created.body.batch.id, ['done']);
    expect(done).toMatchObject({ found: 5, failed: 1, pending: 0 });
    const items = await client.allItems(created.body.batch.id);
    const busy = items.find((i) => i.input === 'fault-busy')!;
    expect(busy).toMatchObject({ outcome: 'failed', errcode: -1 });
    expect(sim.stats().orderIds['shop:fault-busy']).toBe(3);
    // Its three attempts are 200 ms and 400 ms (or more) apart. Holding the one lane through
    // those pauses, it would be answered before any other id was asked; letting it go, the next
    // id is asked while it waits, so at least one is answered before its last attempt.
    const firstOther = Math.min(...items.filter((i) => i !== busy).map((i) => Date.parse(i.lookedUpAt!)));
    expect(firstOther).toBeLessThan(Date.parse(busy.lookedUpAt!));
    expect(Date.parse(busy.lookedUpAt!) - Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(600);
  }, SERVERS_TIMEOUT);

  it('lets its job loop go too: while the busy ids of four chunks wait, a fifth chunk is asked', async () => {
    const sim = await simulator(20);
    const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', ORDER_DESK_BATCH_CONCURRENCY: '4', WECHAT_RETRIES: '2' });
    const app = await server(env);
    const client = batchClient(app.url, await signInCookie(app.url, 'finance@demo.local'));
    // Five chunks of 50 (a server has four job loops), each ending in an always-busy id (`…06`):
    // once its other ids are answered, a chunk has only that id, waiting to be asked again.
    const tag = Math.random().toString(36).slice(2, 8);
    const chunks = Array.from({ length: 5 }, (_, c) => [...Array.from({ length: 49 }, (_, j) => `bulk-${tag}-${c}${10 + j}`), `bulk-${tag}-${c}06`]);
    const busyOf = (ids: string[]) => ids.at(-1)!;
    const created = await client.create(chunks.flat());
    const done = await client.until(created.body.batch.id, ['done'], 60_000);
    expect(done).toMatchObject({ found: 245, failed: 5, pending: 0 });
    const at = new Map((await client.allItems(created.body.batch.id)).map((i) => [i.input, Date.parse(i.lookedUpAt!)]));
    // A chunk that waited in its job for its busy id held the loop: the fifth chunk could start
    // only once one of the first four had ended, its busy id answered for the last time.
    const lastChunkStarted = Math.max(...chunks.map((ids) => Math.min(...ids.map((id) => at.get(id)!))));
    const firstBusyEnded = Math.min(...chunks.map((ids) => at.get(busyOf(ids))!));
    expect(lastChunkStarted).toBeLessThan(firstBusyEnded);
    for (const ids of chunks) expect(sim.stats().orderIds[`shop:${busyOf(ids)}`]).toBe(3);
  }, SERVERS_TIMEOUT);
});

describe('cancel', () => {
  it('stops a running batch: ids not yet looked up stay waiting and are never asked', async () => {
    const sim = await simulator(100);
    const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', ORDER_DESK_BATCH_CONCURRENCY: '2' });
    const app = await server(env);
    const client = batchClient(app.url, await signInCookie(app.url, 'finance@demo.local'));
    const id = (await client.create(ids(100, 'cancel'))).body.batch.id;
    await untilDone(client, id, 4);
    const cancelled = await client.act(id, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.batch.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 500));
    const after = (await client.get(id)).body.batch;
    expect(after.status).toBe('cancelled');
    expect(after.pending).toBeGreaterThan(80);
    const asked = sim.stats().orderCalls.shop;
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.stats().orderCalls.shop).toBe(asked);
    expect(asked).toBe(after.done);
    expect((await client.act(id, 'cancel')).status).toBe(400);
  }, SERVERS_TIMEOUT);
});

describe.runIf(onPostgres)('two servers on one PostgreSQL', () => {
  it('share one batch: both look ids up, none is asked twice, and together they keep to ORDER_DESK_BATCH_CONCURRENCY', async () => {
    const sim = await simulator(60);
    const env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '10000', ORDER_DESK_BATCH_CONCURRENCY: '3', ORDER_DESK_METRICS_TOKEN: METRICS_TOKEN });
    const a = await server(env);
    const b = await server(env);
    const list = ids(240, 'shared');
    const clientA = batchClient(a.url, await signInCookie(a.url, 'finance@demo.local'));
    const id = (await clientA.create(list)).body.batch.id;
    const done = await clientA.until(id, ['done'], 120_000);
    expect(done).toMatchObject({ notFound: 240, failed: 0 });
    const stats = sim.stats();
    expect(askedTwice(stats.orderIds)).toEqual([]);
    expect(stats.orderCallsInFlightPeak).toBeLessThanOrEqual(3);
    // Both servers took part, and between them every id is audited once.
    const perServer = await Promise.all([a, b].map(itemsLookedUp));
    expect(perServer.every((n) => n > 0)).toBe(true);
    expect(perServer[0]! + perServer[1]!).toBe(240);
    const audit = await fetch(`${b.url}/api/audit.csv?batch=${id}&action=order.lookup`, { headers: { cookie: await signInCookie(b.url, 'admin@demo.local') } });
    expect((await audit.text()).trim().split('\n')).toHaveLength(241);
  }, SERVERS_TIMEOUT);
});
