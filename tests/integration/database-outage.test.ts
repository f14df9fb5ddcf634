import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { OwnPostgres } from '../support/own-postgres';
import { msUntil, ownServerEnv } from './helpers';

/**
 * Issue 20, item 18: PostgreSQL stopped under a running server is an outage of the database, not
 * a bug of Order Desk: a 503 with its own code, both languages and Retry-After, on the API and on
 * pages; and the server carries on by itself once the database is back. The test stops and
 * starts a PostgreSQL of its own (its own port and data directory), never the one others share.
 */
const EN = 'The database is unavailable; try again shortly.';
const ZH = '数据库暂时无法访问，请稍后重试。';

// The test brings its own PostgreSQL, so the suite's PostgreSQL run (DATABASE_URL set) would only repeat it.
describe.skipIf(Boolean(process.env.DATABASE_URL))('18. a database that cannot be reached', () => {
  let pg: OwnPostgres;
  let sim: Simulator;
  let app: App;
  let cookie: string;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    sim = await startSimulator();
    app = await startApp({ env: await ownServerEnv(sim.url, {}, { DATABASE_URL: pg.url }), quiet: true });
    cookie = await signInCookie(app.url, 'support@demo.local');
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    pg?.remove();
  });

  const get = (path: string, headers: Record<string, string> = { cookie }) => fetch(`${app.url}${path}`, { headers, redirect: 'manual' });

  it('answers 503 database_unavailable with Retry-After on the API and on pages, and recovers when PostgreSQL is back', async () => {
    expect((await get('/api/orders/shop/522346')).status).toBe(200);
    expect((await get('/')).status).toBe(200);
    const made = await fetch(`${app.url}/api/account/api-keys`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'outage script' }),
    });
    const { key } = ((await made.json()) as { key: { key: string } }).key;

    await pg.stop();
    // Past the short memory of checked sessions (lib/auth/session-cache.ts), so each request asks the database.
    await new Promise((r) => setTimeout(r, 700));

    for (const path of ['/api/orders/shop/522346', '/api/orders/attention', '/api/batches']) {
      const started = performance.now();
      const response = await get(path);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(response.status, path).toBe(503);
      expect(performance.now() - started, path).toBeLessThan(3000);
      expect(response.headers.get('retry-after'), path).toMatch(/^\d+$/);
      expect(body.error, path).toMatchObject({ code: 'database_unavailable', message: EN, zh: { message: ZH }, retriable: true });
    }
    // Requests at once on one session share its check; a script's key is checked in the database too.
    const together = await Promise.all([...Array(4).fill({ cookie }), { 'x-api-key': key }].map((headers: Record<string, string>) => get('/api/orders/shop/522346', headers)));
    for (const response of together) {
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    }
    // Signing in needs the database too.
    const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ email: 'support@demo.local', password: 'orderdesk-demo' }),
    });
    expect(signIn.status).toBe(503);
    expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');

    for (const path of ['/', '/orders/shop/522346', '/batches']) {
      const page = await get(path);
      const html = await page.text();
      expect(page.status, path).toBe(503);
      expect(page.headers.get('retry-after'), path).toMatch(/^\d+$/);
      expect(html, path).toContain(EN);
      expect(html, path).toContain(ZH);
      expect(html, path).not.toContain('unexpected error');
    }
    // Readiness has said so all along.
    expect((await get('/api/readyz', {})).status).toBe(503);

    await pg.restart();
    expect(await msUntil(200, async () => (await get('/api/orders/shop/522346')).status, 20_000)).toBeLessThan(20_000);
    expect((await get('/')).status).toBe(200);
    expect((await get('/api/readyz', {})).status).toBe(200);
  });
});
