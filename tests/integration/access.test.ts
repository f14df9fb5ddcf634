import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../support/stack';
import { api, appUrl, session, simControl, simStats } from './helpers';
import { routes } from './routes';

/**
 * Open by design: signing in itself, the health checks, signing out (which changes nothing
 * without a session), and the metrics, which answer a bearer token of their own instead of a
 * session (tests/integration/operations.test.ts).
 */
const PUBLIC = new Set([
  'app/login/page.tsx',
  'app/api/health/route.ts',
  'app/api/livez/route.ts',
  'app/api/readyz/route.ts',
  'app/api/metrics/route.ts',
  'app/api/auth/[...all]/route.ts',
  'app/api/session/sign-out/route.ts',
]);

beforeEach(() => simControl('reset'));

describe('every route under app/', () => {
  const all = routes();

  it('is found by the walk', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.map((r) => r.file)).toEqual(expect.arrayContaining([...PUBLIC]));
  });

  for (const cookie of [null, 'better-auth.session_token=forged.value; __Secure-better-auth.session_token=forged.value']) {
    it(`refuses an anonymous request ${cookie ? 'with a forged session cookie ' : ''}and reaches WeChat for none`, async () => {
      for (const route of all.filter((r) => !PUBLIC.has(r.file))) {
        for (const method of route.methods) {
          const response = await fetch(`${appUrl()}${route.url}`, {
            method,
            redirect: 'manual',
            headers: { origin: appUrl(), ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
            body: method === 'POST' ? '{}' : undefined,
          });
          if (route.page) {
            expect([307, 308], `${method} ${route.url}`).toContain(response.status);
            expect(response.headers.get('location'), route.url).toMatch(/\/login\?next=/);
          } else {
            expect(response.status, `${method} ${route.url}`).toBe(401);
            expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
          }
        }
      }
      const stats = await simStats();
      expect(stats.orderCalls).toEqual({ 'service-provider': 0, shop: 0 });
      expect(stats.stableTokens).toEqual({});
    });
  }
});

describe('API keys on every route', () => {
  const all = routes().filter((r) => !PUBLIC.has(r.file));

  it('open no page: a valid key alone, or beside a forged cookie, gets the sign-in redirect', async () => {
    for (const route of all.filter((r) => r.page)) {
      for (const cookie of [null, 'better-auth.session_token=forged.value; __Secure-better-auth.session_token=forged.value']) {
        const response = await fetch(`${appUrl()}${route.url}`, { redirect: 'manual', headers: { 'x-api-key': DEMO_API_KEY, ...(cookie ? { cookie } : {}) } });
        expect([307, 308], route.url).toContain(response.status);
        expect(response.headers.get('location'), route.url).toMatch(/\/login\?next=/);
      }
    }
  });

  it('answer 401 on every API route for a key that does not work, even beside a valid session, and reach WeChat for none', async () => {
    const cookie = await session('admin@demo.local');
    for (const route of all.filter((r) => !r.page)) {
      for (const method of route.methods) {
        const response = await fetch(`${appUrl()}${route.url}`, {
          method,
          redirect: 'manual',
          headers: { origin: appUrl(), cookie, 'x-api-key': `od_${'Z'.repeat(64)}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(response.status, `${method} ${route.url}`).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      }
    }
    const stats = await simStats();
    expect(stats.orderCalls).toEqual({ 'service-provider': 0, shop: 0 });
  });
});

describe('roles', () => {
  it('support looks up orders but cannot see the audit trail or manage users', async () => {
    const support = await session('support@demo.local');
    expect((await api('/api/orders/shop/522346', appUrl(), support)).status).toBe(200);
    const csv = await api('/api/audit.csv', appUrl(), support);
    expect(csv.status).toBe(403);
    expect(csv.body.error).toMatchObject({ code: 'forbidden' });
    const manage = await fetch(`${appUrl()}/api/admin/users`, {
      method: 'POST',
      headers: { cookie: support, origin: appUrl(), 'content-type': 'application/json' },
      body: JSON.stringify({ intent: 'disable', userId: 'x' }),
    });
    expect(manage.status).toBe(403);
    const page = await api('/admin/audit', appUrl(), support);
    expect(page.status).toBe(403);
    expect(page.text).toContain('Your role (support) does not allow this page');
  });

  it('finance looks up orders; admin also reads the audit trail', async () => {
    expect((await api('/api/orders/service-provider/DD2981741311549200000', appUrl(), await session('finance@demo.local'))).status).toBe(200);
    expect((await api('/api/audit.csv', appUrl(), await session('finance@demo.local'))).status).toBe(403);
    expect((await api('/api/audit.csv', appUrl(), await session('admin@demo.local'))).status).toBe(200);
  });

  it('refuses cross-site state changes', async () => {
    const response = await fetch(`${appUrl()}/api/admin/users`, {
      method: 'POST',
      headers: { cookie: await session('admin@demo.local'), origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ intent: 'disable', userId: 'x' }),
    });
    expect(response.status).toBe(403);
    const fetchSite = await fetch(`${appUrl()}/api/admin/users`, {
      method: 'POST',
      headers: { cookie: await session('admin@demo.local'), 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fetchSite.status).toBe(403);
  });

  it('sends the security headers', async () => {
    const { headers } = await api('/', appUrl(), await session());
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('strict-transport-security')).toContain('max-age=');
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
