import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_LOG } from './global-setup';
import { api, appUrl, session } from './helpers';
import { routes } from './routes';

/**
 * One convention for every route (issue 21): a page the role does not allow answers 403 with
 * app/forbidden.tsx, and every API answer goes through lib/server/route.ts, which sends
 * `no-store` and runs the handler with the request's id on every log line.
 */
const FORBIDDEN_FOR_SUPPORT = ['/admin/users', '/admin/audit', '/orders', '/orders/attention', '/batches', '/sync', '/ledger'];
const MESSAGE = {
  en: 'Your role (support) does not allow this page. Ask an administrator for access.',
  'zh-CN': '您的角色（support）无权访问此页面。请联系管理员开通权限。',
};

describe('a page the role does not allow', () => {
  for (const path of FORBIDDEN_FOR_SUPPORT) {
    it(`${path} answers support 403 with the role, in both languages`, async () => {
      const support = await session('support@demo.local');
      for (const [locale, message] of Object.entries(MESSAGE)) {
        const response = await fetch(`${appUrl()}${path}`, { headers: { cookie: `${support}; NEXT_LOCALE=${locale}` }, redirect: 'manual' });
        expect(response.status, `${path} ${locale}`).toBe(403);
        // app/forbidden.tsx arrives in the page's React payload.
        expect(await response.text(), `${path} ${locale}`).toContain(message);
      }
    });
  }
});

describe('every API answer', () => {
  const noStore = (response: { headers: Headers }, what: string) => expect(response.headers.get('cache-control') ?? '', what).toMatch(/^no-store\b/);

  it('carries no-store: JSON, CSV, errors, redirects, better-auth and the public health check', async () => {
    const support = await session('support@demo.local');
    const admin = await session('admin@demo.local');
    const json = await api('/api/orders/shop/522346', appUrl(), support);
    expect(json.status).toBe(200);
    noStore(json, 'a lookup');
    const csv = await api('/api/audit.csv?orderId=522346', appUrl(), admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    noStore(csv, 'the audit CSV');
    const refused = await api('/api/audit.csv', appUrl(), support);
    expect(refused.status).toBe(403);
    noStore(refused, 'a 403');
    const anonymous = await api('/api/orders.csv', appUrl(), null);
    expect(anonymous.status).toBe(401);
    noStore(anonymous, 'a 401');
    const badInput = await api('/api/orders/shop/not.a.trade.number', appUrl(), support);
    expect(badInput.status).toBe(400);
    noStore(badInput, 'a 400');
    const health = await api('/api/health', appUrl(), null);
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const notOffered = await api('/api/auth/get-session', appUrl(), null);
    expect(notOffered.status).toBe(404);
    noStore(notOffered, 'an auth endpoint not offered');
    const signIn = await fetch(`${appUrl()}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: appUrl(), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' }),
    });
    expect(signIn.status).toBe(401);
    noStore(signIn, 'a refused sign-in');
    const form = await fetch(`${appUrl()}/api/admin/users`, {
      method: 'POST',
      headers: { cookie: admin, origin: appUrl(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'create' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/admin/users?error=invalid');
    noStore(form, 'a form post sent back');
    const signOut = await fetch(`${appUrl()}/api/session/sign-out`, { method: 'POST', headers: { origin: appUrl() }, redirect: 'manual' });
    expect(signOut.status).toBe(303);
    noStore(signOut, 'sign-out');
    // Answered by proxy.ts before any route: broken percent-encoding, and a cross-site change.
    const broken = await fetch(`${appUrl()}/api/orders/shop/%zz`, { headers: { cookie: support } });
    expect(broken.status).toBe(400);
    noStore(broken, "the proxy's 400");
    const crossSite = await fetch(`${appUrl()}/api/session/sign-out`, { method: 'POST', headers: { origin: 'https://elsewhere.example' }, redirect: 'manual' });
    expect(crossSite.status).toBe(403);
    noStore(crossSite, "the proxy's 403");
  });

  it('is logged with the request’s id', async () => {
    const answer = await api('/api/search?q=522346', appUrl(), await session('support@demo.local'));
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The server's output reaches its log file through a pipe, which may lag the answer.
    let line: Record<string, unknown> | undefined;
    for (let tries = 0; tries < 50 && !line; tries++) {
      line = readFileSync(SERVER_LOG, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'order search' && l.requestId === requestId);
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    expect(line).toMatchObject({ msg: 'order search', requestId, user: 'support@demo.local' });
  });
});

describe('every route handler', () => {
  const handlers = routes().filter((r) => !r.page);

  it('is declared over lib/server/route.ts', () => {
    expect(handlers.length).toBeGreaterThanOrEqual(15);
    for (const route of handlers) expect(readFileSync(route.file, 'utf8'), route.file).toMatch(/from '@\/lib\/server\/route'/);
  });
});
