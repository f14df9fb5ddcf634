import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAttempt, signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { appUrl, createUser, ownServerEnv, ServerWithDatabase, userIdOf } from './helpers';

/**
 * Issue 20, item 17: the cross-site check trusts forwarded headers only behind configured proxies,
 * demo accounts are made when missing but never undo what an admin did to them, and a disabled
 * user's API keys stay gone. Servers of their own where a setting differs or the server restarts.
 */
let sim: Simulator;
const apps: App[] = [];
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  for (const app of apps) await app.stop();
  await sim?.close();
});

/**
 * A state-changing request without a session, as a script would send it (no Sec-Fetch-Site):
 * 403 when the cross-site check refuses it, else 401 from the route, which needs a sign-in.
 */
async function postStatus(base: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${base}/api/batches`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"ids":["522346"]}', redirect: 'manual' });
  return response.status;
}

describe('17c. the cross-site check', () => {
  it('without trusted proxies, judges Origin by the Host header and the connection’s scheme, whatever X-Forwarded-* say', async () => {
    const base = appUrl();
    const { host } = new URL(base);
    expect(await postStatus(base, { origin: base })).toBe(401);
    expect(await postStatus(base, { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' })).toBe(403);
    expect(await postStatus(base, { origin: `https://${host}` })).toBe(403);
    expect(await postStatus(base, { origin: 'https://desk.example.com', 'x-forwarded-host': 'desk.example.com', 'x-forwarded-proto': 'https' })).toBe(403);
    expect(await postStatus(base, { origin: `https://${host}`, 'x-forwarded-proto': 'https' })).toBe(403);
  });

  it('behind ORDER_DESK_TRUSTED_PROXY_HOPS=1, judges Origin by what that proxy forwarded, scheme and host', async () => {
    const app = await startApp({ env: await ownServerEnv(sim.url, { ORDER_DESK_TRUSTED_PROXY_HOPS: '1' }), quiet: true });
    apps.push(app);
    const proxied = { 'x-forwarded-host': 'desk.example.com', 'x-forwarded-proto': 'https' };
    expect(await postStatus(app.url, { origin: 'https://desk.example.com', ...proxied })).toBe(401);
    expect(await postStatus(app.url, { origin: 'http://desk.example.com', ...proxied })).toBe(403);
    expect(await postStatus(app.url, { origin: 'https://evil.example', ...proxied })).toBe(403);
    // A proxy that appends: what the client sent comes first, what the proxy saw last.
    expect(await postStatus(app.url, { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example, desk.example.com', 'x-forwarded-proto': 'https' })).toBe(403);
    expect(await postStatus(app.url, { origin: 'https://desk.example.com', 'x-forwarded-host': 'evil.example, desk.example.com', 'x-forwarded-proto': 'http, https' })).toBe(401);
    // Without forwarded headers, the Host header and the connection, as without a proxy.
    expect(await postStatus(app.url, { origin: app.url })).toBe(401);
  });
});

describe('17d. demo accounts with ORDER_DESK_DEMO_ACCOUNTS=1', () => {
  it('are made when missing, but a start neither enables a disabled one nor resets a changed password', async () => {
    const server = await ServerWithDatabase.start(await ownServerEnv(sim.url, { ORDER_DESK_DEMO_ACCOUNTS: '1' }));
    try {
      for (const email of ['support@demo.local', 'finance@demo.local', 'admin@demo.local']) {
        expect((await signInAttempt(server.url, email, 'orderdesk-demo')).status, email).toBe(200);
      }
      const adminCookie = await signInCookie(server.url, 'admin@demo.local');
      const change = async (body: Record<string, string>) => {
        const response = await fetch(`${server.url}/api/admin/users`, {
          method: 'POST',
          headers: { cookie: adminCookie, origin: server.url, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(response.status).toBe(200);
      };
      await change({ intent: 'disable', userId: await userIdOf(server.url, adminCookie, 'support@demo.local') });
      await change({ intent: 'password', userId: await userIdOf(server.url, adminCookie, 'finance@demo.local'), password: 'changed-by-the-admin-1' });

      await server.restart();
      expect((await signInAttempt(server.url, 'support@demo.local', 'orderdesk-demo')).status).not.toBe(200);
      expect((await signInAttempt(server.url, 'finance@demo.local', 'orderdesk-demo')).status).toBe(401);
      expect((await signInAttempt(server.url, 'finance@demo.local', 'changed-by-the-admin-1')).status).toBe(200);
      expect((await signInAttempt(server.url, 'admin@demo.local', 'orderdesk-demo')).status).toBe(200);

      // An account deleted outright is missing, and the next start makes it again.
      await server.sql(`delete from "user" where email = 'support@demo.local'`);
      await server.restart();
      expect((await signInAttempt(server.url, 'support@demo.local', 'orderdesk-demo')).status).toBe(200);
    } finally {
      await server.app.stop();
    }
  });
});

describe('17a. API keys of a disabled user', () => {
  it('do not come back when the user is enabled, also keys a disable left in place before disables deleted them', async () => {
    const server = await ServerWithDatabase.start(await ownServerEnv(sim.url));
    try {
      const adminCookie = await signInCookie(server.url, 'admin@demo.local');
      const finance = await createUser(server.url, adminCookie, 'finance');
      const made = await fetch(`${server.url}/api/account/api-keys`, {
        method: 'POST',
        headers: { cookie: await signInCookie(server.url, finance.email), origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'made before the disable' }),
      });
      const { key } = ((await made.json()) as { key: { key: string } }).key;
      const lookup = async () => (await fetch(`${server.url}/api/orders/shop/522346`, { headers: { 'x-api-key': key } })).status;
      expect(await lookup()).toBe(200);
      // Disabled as an older Order Desk disabled: the account banned, its keys left in their table.
      await server.sql(`update "user" set banned = true where id = '${finance.id}'`);
      expect(await lookup()).toBe(401);
      const enable = await fetch(`${server.url}/api/admin/users`, {
        method: 'POST',
        headers: { cookie: await signInCookie(server.url, 'admin@demo.local'), origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ intent: 'enable', userId: finance.id }),
      });
      expect(enable.status).toBe(200);
      expect(await lookup()).toBe(401);
    } finally {
      await server.app.stop();
    }
  });
});
