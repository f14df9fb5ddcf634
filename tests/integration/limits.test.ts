import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnv, signInAttempt, signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, createUser, simStats } from './helpers';

// Servers of their own with a low lookup limit, so the rest of the suite is not throttled. Each
// test uses an account of its own: with PostgreSQL, every server on the database shares the
// counters.
let sim: Simulator;
let env: Record<string, string>;
const apps: App[] = [];
const current = () => apps.at(-1)!;

beforeAll(async () => {
  sim = await startSimulator();
  env = { ...demoEnv(sim.url), ORDER_DESK_LOOKUPS_PER_MINUTE: '3' };
  apps.push(await startApp({ env, quiet: true }));
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await sim?.close();
});

/**
 * Another server on the same database. PGlite allows one process per data directory, so there
 * the first server stops (a restart); on PostgreSQL both keep running side by side.
 */
async function anotherServer(): Promise<App> {
  if (!process.env.DATABASE_URL) await current().stop();
  apps.push(await startApp({ env, quiet: true }));
  return current();
}

async function newUser(role: 'support' | 'finance'): Promise<string> {
  const email = `limits-${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const response = await fetch(`${current().url}/api/admin/users`, {
    method: 'POST',
    headers: { cookie: await signInCookie(current().url, 'admin@demo.local'), origin: current().url, 'content-type': 'application/json' },
    body: JSON.stringify({ intent: 'create', name: 'Limits Test', email, role, password: 'orderdesk-demo' }),
  });
  if (!response.ok) throw new Error(`creating ${email} failed: HTTP ${response.status}`);
  return email;
}

const lookup = (app: App, cookie: string) => api('/api/orders/shop/522346', app.url, cookie);

describe('limits', () => {
  it('answers 429 once a user passes ORDER_DESK_LOOKUPS_PER_MINUTE, without calling WeChat, on every server', async () => {
    const email = await newUser('support');
    const cookie = await signInCookie(current().url, email);
    const before = (await simStats(sim.url)).orderCalls.shop;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await lookup(current(), cookie)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await lookup(current(), cookie);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('3 lookups in the last minute') });
    expect((await simStats(sim.url)).orderCalls.shop - before).toBe(3);

    // The count lives in the database: another server (or this one restarted) refuses too.
    const other = await anotherServer();
    expect((await lookup(other, await signInCookie(other.url, email))).status).toBe(429);
    expect((await simStats(sim.url)).orderCalls.shop - before).toBe(3);

    // Another user has a limit of their own.
    expect((await lookup(other, await signInCookie(other.url, await newUser('finance')))).status).toBe(200);
  });

  it('counts searches against the same limit: the index is order data too', async () => {
    const cookie = await signInCookie(current().url, await newUser('support'));
    const search = (q: string) => api(`/api/search?q=${q}`, current().url, cookie);
    // What is not an id is refused before it is counted.
    expect((await search('%3Cnot-an-id%3E')).status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await search('522346')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await search('522346')).body.error).toMatchObject({ code: 'rate_limited' });
    // A lookup by the same user is refused as well: one allowance for both.
    expect((await lookup(current(), cookie)).status).toBe(429);
  });

  it('throttles failed sign-ins per account with a clear 429, on every server', async () => {
    const email = await newUser('support');
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInAttempt(current().url, email, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await signInAttempt(current().url, email, 'orderdesk-demo');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toContain('Too many failed sign-ins');

    const other = await anotherServer();
    expect((await signInAttempt(other.url, email, 'orderdesk-demo')).status).toBe(429);
    // Other accounts still sign in.
    expect((await signInAttempt(other.url, 'finance@demo.local', 'orderdesk-demo')).status).toBe(200);
  });
});

describe('a limit of 20 or more, where each server takes a few points ahead', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ env: { ...demoEnv(sim.url), ORDER_DESK_LOOKUPS_PER_MINUTE: '40' }, quiet: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('still passes exactly the limit on one server, whether the lookups come one by one or at once', async () => {
    const { email } = await createUser(app.url, await signInCookie(app.url, 'admin@demo.local'));
    const cookie = await signInCookie(app.url, email);
    const before = (await simStats(sim.url)).orderCalls.shop;
    const oneByOne = [];
    for (let i = 0; i < 15; i++) oneByOne.push((await lookup(app, cookie)).status);
    expect(oneByOne).toEqual(Array(15).fill(200));
    const atOnce = (await Promise.all(Array.from({ length: 40 }, () => lookup(app, cookie)))).map((a) => a.status);
    expect({ passed: atOnce.filter((s) => s === 200).length, refused: atOnce.filter((s) => s === 429).length }).toEqual({ passed: 25, refused: 15 });
    expect((await lookup(app, cookie)).status).toBe(429);
    expect((await simStats(sim.url)).orderCalls.shop - before).toBe(40);
  });
});
