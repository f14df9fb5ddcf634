import { parse } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, demoCurlExamples, signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { appUrl, createUser, ownServerEnv, rowsAfter, simStats } from './helpers';

/**
 * Personal API keys over real HTTP, on a server of its own with a low lookup limit (5 a minute)
 * and a database of its own, read at the end to see how keys are stored. Each test makes users
 * of its own, so limits and role changes do not leak between tests.
 */
const LIMIT = 5;
let sim: Simulator;
let app: App;
let env: Record<string, string>;
let adminCookie: string;

beforeAll(async () => {
  sim = await startSimulator();
  env = await ownServerEnv(sim.url, { ORDER_DESK_LOOKUPS_PER_MINUTE: String(LIMIT) });
  app = await startApp({ env, quiet: true });
  adminCookie = await signInCookie(app.url, 'admin@demo.local');
});
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

interface Created {
  id: string;
  name: string;
  start: string;
  key: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const send = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  fetch(`${app.url}${path}`, { redirect: 'manual', ...init, headers: { origin: app.url, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });

async function newKey(cookie: string, body: Record<string, unknown> = { name: 'Reconciliation script' }): Promise<Created> {
  const response = await send('/api/account/api-keys', { method: 'POST', headers: { cookie }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: Created }).key;
}

async function listed(cookie: string): Promise<Array<Omit<Created, 'key'>>> {
  const response = await send('/api/account/api-keys', { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { keys: Array<Omit<Created, 'key'>> }).keys;
}

const withKey = (path: string, key: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  send(path, { ...init, headers: { 'x-api-key': key, ...init.headers } });

async function userWithCookie(role: 'support' | 'finance' | 'admin') {
  const user = await createUser(app.url, adminCookie, role);
  return { ...user, cookie: await signInCookie(app.url, user.email) };
}

const changeUser = (body: Record<string, string>) => send('/api/admin/users', { method: 'POST', headers: { cookie: adminCookie }, body: JSON.stringify(body) });

async function auditCsv(query: string): Promise<Array<Record<string, string>>> {
  const response = await send(`/api/audit.csv?${query}`, { headers: { cookie: adminCookie } });
  expect(response.status).toBe(200);
  return parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
}

/** The refusal every key that does not work gets, whatever the reason. */
const refusalOf = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });

describe('API keys', () => {
  it('are made on request, shown once, and look up both kinds of order as their owner, audited with the key', async () => {
    const finance = await userWithCookie('finance');
    const created = await newKey(finance.cookie, { name: 'Month-end 月末', expiresInDays: 90 });
    expect(created.key).toMatch(/^od_[A-Za-z]{64}$/);
    expect(created.start).toBe(created.key.slice(0, 10));
    expect(Date.parse(created.expiresAt!) - Date.parse(created.createdAt)).toBeCloseTo(90 * 86_400_000, -4);

    const shop = await withKey('/api/orders/shop/522346', created.key);
    expect(shop.status).toBe(200);
    expect(((await shop.json()) as { order: { tradeNo: string } }).order.tradeNo).toBe('522346');
    const sp = await withKey('/api/orders/service-provider/DD2981741311549200000', created.key);
    expect(sp.status).toBe(200);
    expect(((await sp.json()) as { order: { orderId: string } }).order.orderId).toBe('DD2981741311549200000');

    // Listed without the key; its last use recorded.
    const keys = await listed(finance.cookie);
    expect(JSON.stringify(keys)).not.toContain(created.key);
    expect(keys).toEqual([expect.objectContaining({ id: created.id, name: 'Month-end 月末', start: created.start, expiresAt: created.expiresAt, lastUsedAt: expect.any(String) })]);
    const page = await (await send('/account/api-keys', { headers: { cookie: finance.cookie } })).text();
    expect(page).toContain(`${created.start}…`);
    expect(page).not.toContain(created.key);

    // The audit trail: the lookups under the owner's name and role, made with this key; the creation too.
    const lookups = await auditCsv(`user=${encodeURIComponent(finance.email)}&action=order.lookup`);
    expect(lookups.map((r) => [r.order_kind, r.order_id, r.user_role, r.status]).sort()).toEqual([
      ['service-provider', 'DD2981741311549200000', 'finance', '200'],
      ['shop', '522346', 'finance', '200'],
    ]);
    expect(lookups.map((r) => r.request_id).sort()).toEqual([shop.headers.get('x-request-id'), sp.headers.get('x-request-id')].sort());
    expect((await auditCsv(`user=${encodeURIComponent(finance.email)}&action=apikey.create`))).toHaveLength(1);
    const auditPage = await (await send(`/admin/audit?user=${encodeURIComponent(finance.email)}&action=order.lookup`, { headers: { cookie: adminCookie } })).text();
    // Shown as text in both rows (`>…<`, not the copy of the page React's payload carries).
    expect(auditPage.match(new RegExp(`>API key ${created.start}…<`, 'g'))).toHaveLength(2);
  });

  it('carry their owner’s role as it is now: a support key is refused an admin route until the role changes', async () => {
    const support = await userWithCookie('support');
    const { key } = await newKey(support.cookie);
    const refused = await withKey('/api/audit.csv', key);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    expect((await changeUser({ intent: 'role', userId: support.id, role: 'admin' })).status).toBe(200);
    const allowed = await withKey('/api/audit.csv', key);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toContain('text/csv');
  });

  it('cannot manage keys or users, even an admin’s, and a cookie beside the key does not help', async () => {
    const admin = await userWithCookie('admin');
    const { key, id } = await newKey(admin.cookie);
    for (const [path, method, body] of [
      ['/api/account/api-keys', 'GET', undefined],
      ['/api/account/api-keys', 'POST', JSON.stringify({ name: 'minted by a key' })],
      [`/api/account/api-keys/${id}`, 'DELETE', undefined],
      ['/api/admin/users', 'POST', JSON.stringify({ intent: 'create', name: 'Intruder', email: `intruder-${Date.now()}@example.com`, role: 'admin', password: 'orderdesk-demo' })],
    ] as const) {
      for (const cookie of [undefined, admin.cookie]) {
        const response = await withKey(path, key, { method, ...(body ? { body } : {}), headers: cookie ? { cookie } : {} });
        expect(response.status, `${method} ${path}${cookie ? ' with a cookie' : ''}`).toBe(403);
        expect(((await response.json()) as { error: { message: string } }).error.message).toBe('An API key cannot manage API keys or users.');
      }
    }
    expect((await listed(admin.cookie)).map((k) => k.id)).toEqual([id]);
    expect((await withKey('/api/orders/shop/522346', key)).status).toBe(200);
  });

  it('stop working at once when revoked or when their owner is disabled, with one answer for every refusal', async () => {
    const finance = await userWithCookie('finance');
    const revoked = await newKey(finance.cookie, { name: 'to revoke' });
    const kept = await newKey(finance.cookie, { name: 'to keep' });
    expect((await withKey('/api/orders/shop/522346', revoked.key)).status).toBe(200);

    // Revoking needs the owner's session: another user's key id is "not found", and stays working.
    const other = await userWithCookie('support');
    expect((await send(`/api/account/api-keys/${revoked.id}`, { method: 'DELETE', headers: { cookie: other.cookie } })).status).toBe(404);
    expect((await withKey('/api/orders/shop/522346', revoked.key)).status).toBe(200);
    const revoke = await send(`/api/account/api-keys/${revoked.id}`, { method: 'DELETE', headers: { cookie: finance.cookie } });
    expect(revoke.status).toBe(200);
    expect((await send(`/api/account/api-keys/${revoked.id}`, { method: 'DELETE', headers: { cookie: finance.cookie } })).status).toBe(404);
    expect((await listed(finance.cookie)).map((k) => k.name)).toEqual(['to keep']);
    expect(await auditCsv(`user=${encodeURIComponent(finance.email)}&action=apikey.revoke`)).toHaveLength(1);

    const unknown = await refusalOf(await withKey('/api/orders/shop/522346', `od_${'Q'.repeat(64)}`));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await refusalOf(await withKey('/api/orders/shop/522346', revoked.key))).toEqual(unknown);
    expect(await refusalOf(await withKey('/api/orders/shop/522346', 'not-a-key'))).toEqual(unknown);

    expect((await changeUser({ intent: 'disable', userId: finance.id })).status).toBe(200);
    expect(await refusalOf(await withKey('/api/orders/shop/522346', kept.key))).toEqual(unknown);
  });

  /** A finance user with two keys, and another finance user's key, which no change to the first may touch. */
  async function ownerAndBystander() {
    const finance = await userWithCookie('finance');
    const keys = [await newKey(finance.cookie, { name: 'first' }), await newKey(finance.cookie, { name: 'second' })];
    const unrelated = await newKey((await userWithCookie('finance')).cookie);
    for (const { key } of keys) expect((await withKey('/api/orders/shop/522346', key)).status).toBe(200);
    return {
      finance,
      /** The owner's keys all refused, the bystander's still working. */
      async expectOwnerKeysGone() {
        for (const { key } of keys) expect((await withKey('/api/orders/shop/522346', key)).status).toBe(401);
        expect((await withKey('/api/orders/shop/522346', unrelated.key)).status).toBe(200);
      },
    };
  }

  it('are revoked when their owner is disabled, so enabling the owner again brings no old key back', async () => {
    const { finance, expectOwnerKeysGone } = await ownerAndBystander();
    expect((await changeUser({ intent: 'disable', userId: finance.id })).status).toBe(200);
    expect((await changeUser({ intent: 'enable', userId: finance.id })).status).toBe(200);
    await expectOwnerKeysGone();
    // Signed in again, the owner sees no keys and makes new ones that work.
    const again = await signInCookie(app.url, finance.email);
    expect(await listed(again)).toEqual([]);
    expect((await withKey('/api/orders/shop/522346', (await newKey(again)).key)).status).toBe(200);
  });

  it('are all revoked when an admin resets their owner’s password, which may have been stolen', async () => {
    const { finance, expectOwnerKeysGone } = await ownerAndBystander();
    expect((await changeUser({ intent: 'password', userId: finance.id, password: 'a-new-password-123' })).status).toBe(200);
    await expectOwnerKeysGone();
    const [reset] = await auditCsv(`action=user.password-reset`);
    expect(reset).toMatchObject({ user_email: 'admin@demo.local' });
  });

  it('never sign a page in: a page asked with a key goes to sign-in', async () => {
    const admin = await userWithCookie('admin');
    const { key } = await newKey(admin.cookie);
    for (const path of ['/', '/account/api-keys', '/admin/audit', '/orders/shop/522346']) {
      for (const cookie of [undefined, 'better-auth.session_token=forged.value; __Secure-better-auth.session_token=forged.value']) {
        const response = await withKey(path, key, cookie ? { headers: { cookie } } : {});
        expect([307, 308], path).toContain(response.status);
        expect(response.headers.get('location'), path).toMatch(/\/login\?next=/);
      }
    }
  });

  it('count against their owner’s lookup limit, together with the owner’s session', async () => {
    const finance = await userWithCookie('finance');
    const { key } = await newKey(finance.cookie);
    const before = (await simStats(sim.url)).orderCalls.shop;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await withKey('/api/orders/shop/522346', key)).status);
    for (let i = 0; i < 2; i++) statuses.push((await send('/api/orders/shop/522346', { headers: { cookie: finance.cookie } })).status);
    statuses.push((await withKey('/api/orders/shop/522346', key)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await simStats(sim.url)).orderCalls.shop - before).toBe(LIMIT);
  });

  it('refuse hostile key headers with 401 (or the HTTP server’s own 4xx), never a 5xx', async () => {
    const finance = await userWithCookie('finance');
    const { key } = await newKey(finance.cookie);
    const path = '/api/orders/shop/522346';
    const hostile: Array<[string, string[]]> = [
      ['empty', ['x-api-key: ']],
      ['huge', [`x-api-key: od_${'A'.repeat(12_000)}`]],
      ['larger than the server reads', [`x-api-key: od_${'A'.repeat(40_000)}`]],
      ['a valid key twice', [`x-api-key: ${key}`, `x-api-key: ${key}`]],
      ['a hundred headers', Array.from({ length: 100 }, (_, i) => `x-api-key: od_${String.fromCharCode(65 + (i % 26)).repeat(64)}`)],
      ['a valid key with a tab inside', [`x-api-key: ${key.slice(0, 20)}\t${key.slice(20)}`]],
      ['control characters', [`x-api-key: od_\u0001\u0002${'A'.repeat(62)}`]],
      ['NUL', [`x-api-key: ${key}\u0000`]],
      ['UTF-8', [`x-api-key: od_${'密'.repeat(64)}`]],
      ['SQL', [`x-api-key: od_' OR '1'='1`]],
    ];
    for (const [name, headers] of hostile) {
      const status = await rawStatus(app.url, path, headers);
      // Node answers a header block larger than it reads with 431 and closes at once; while the
      // client is still writing, the close can arrive as a reset that discards the 431. Either
      // way the request is refused without reaching Order Desk, and the server goes on (below).
      if (status === 'reset' && name === 'larger than the server reads') continue;
      expect(status, name).toBeGreaterThanOrEqual(400);
      expect(status, name).toBeLessThan(500);
    }
    // What a well-behaved HTTP client can send at all reaches Order Desk and gets its 401.
    for (const name of ['empty', 'huge', 'a valid key twice', 'a hundred headers', 'a valid key with a tab inside', 'SQL']) {
      expect(await rawStatus(app.url, path, hostile.find(([n]) => n === name)![1]), name).toBe(401);
    }
    expect((await withKey(path, key)).status).toBe(200);
  });

  it('are read from the x-api-key header only: not from the query string, not as a bearer token', async () => {
    const finance = await userWithCookie('finance');
    const { key } = await newKey(finance.cookie);
    for (const query of ['x-api-key', 'api_key', 'apiKey', 'key', 'token']) {
      expect((await send(`/api/orders/shop/522346?${query}=${key}`)).status, query).toBe(401);
    }
    expect((await send('/api/orders/shop/522346', { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    expect((await send('/api/orders/shop/522346', { headers: { 'x-api-key': key.toLowerCase() } })).status).toBe(401);
  });

  it('cannot be made or revoked from another site, nor through better-auth’s own endpoints', async () => {
    const finance = await userWithCookie('finance');
    const { key, id } = await newKey(finance.cookie);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Array<Record<string, string>>) {
      const made = await fetch(`${app.url}/api/account/api-keys`, { method: 'POST', headers: { cookie: finance.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'csrf' }) });
      expect(made.status).toBe(403);
      const gone = await fetch(`${app.url}/api/account/api-keys/${id}`, { method: 'DELETE', headers: { cookie: finance.cookie, ...headers } });
      expect(gone.status).toBe(403);
    }
    for (const [method, path] of [
      ['POST', 'create'],
      ['POST', 'verify'],
      ['POST', 'update'],
      ['POST', 'delete'],
      ['GET', 'list'],
      ['GET', `get?id=${id}`],
      ['POST', 'delete-all-expired-api-keys'],
    ] as const) {
      const body = method === 'POST' ? JSON.stringify({ name: 'x', key, keyId: id, userId: finance.id }) : undefined;
      const response = await send(`/api/auth/api-key/${path}`, { method, headers: { cookie: finance.cookie }, ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await listed(finance.cookie)).map((k) => k.id)).toEqual([id]);
    expect((await withKey('/api/orders/shop/522346', key)).status).toBe(200);
  });

  it('refuse bad input to create with a 400 that changes nothing, and stop at 20 keys', async () => {
    const support = await userWithCookie('support');
    const other = await userWithCookie('support');
    for (const body of [
      '{}',
      'not json',
      JSON.stringify({ name: '' }),
      JSON.stringify({ name: 'x'.repeat(65) }),
      JSON.stringify({ name: 'tab\there' }),
      JSON.stringify({ name: 'ok', expiresInDays: 0 }),
      JSON.stringify({ name: 'ok', expiresInDays: 367 }),
      JSON.stringify({ name: 'ok', expiresInDays: 1.5 }),
      JSON.stringify({ name: 'for someone else', userId: other.id }),
      JSON.stringify({ name: 'no limits', rateLimitEnabled: false, remaining: null }),
      JSON.stringify({ name: 'x', padding: 'y'.repeat(2000) }),
    ]) {
      const response = await send('/api/account/api-keys', { method: 'POST', headers: { cookie: support.cookie }, body });
      expect(response.status, body.slice(0, 60)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    expect(await listed(support.cookie)).toEqual([]);
    expect(await listed(other.cookie)).toEqual([]);

    for (let i = 0; i < 20; i++) await newKey(support.cookie, { name: `key ${i}` });
    const refused = await send('/api/account/api-keys', { method: 'POST', headers: { cookie: support.cookie }, body: JSON.stringify({ name: 'one too many' }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('20 API keys');
    expect(await listed(support.cookie)).toHaveLength(20);
  });

  // Last: on PGlite the server has to stop for the test to open its database.
  it('are stored as a SHA-256 only: no column holds the key', async () => {
    const finance = await userWithCookie('finance');
    const { key, id } = await newKey(finance.cookie);
    const rows = await readTable(`select * from apikey where id = '${id}'`);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.key).toBe(createHash('sha256').update(key).digest('base64url'));
    expect(row.referenceId).toBe(finance.id);
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
  });
});

describe('the demo', () => {
  it('prints curl examples that work as printed, with the demo key', async () => {
    const run = promisify(execFile);
    const examples = demoCurlExamples(appUrl());
    expect(examples.join('\n')).toContain(DEMO_API_KEY);
    const answers = await Promise.all(
      examples.map(async (line) => JSON.parse((await run('sh', ['-c', `${line} --silent --fail-with-body`])).stdout) as { order: Record<string, unknown>; batch: Record<string, unknown> }),
    );
    expect(answers[0]!.order).toMatchObject({ orderId: 'DD2981741311549200000' });
    expect(answers[1]!.order).toMatchObject({ tradeNo: '522346' });
    expect(answers[2]!.batch).toMatchObject({ source: 'batch-ids.csv', total: 207, duplicates: 1, createdBy: 'finance@demo.local' });
    // The suite's server is shared: the sample batch would keep looking ids up under the next tests.
    const cancelled = await fetch(`${appUrl()}/api/batches/${String(answers[2]!.batch.id)}/cancel`, { method: 'POST', headers: { 'x-api-key': DEMO_API_KEY } });
    expect([200, 400]).toContain(cancelled.status);
  });
});

/** Sends the request line and headers as given, bytes the fetch API would refuse included; the status answered. */
function rawStatus(base: string, path: string, headers: string[]): Promise<number | 'reset'> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(Buffer.from([`GET ${path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close', ...headers, '', ''].join('\r\n'), 'utf8'));
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    const status = () => /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
    socket.on('end', () => {
      if (status()) resolve(Number(status()));
      else reject(new Error(`no HTTP answer: ${JSON.stringify(answer.slice(0, 200))}`));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (status()) resolve(Number(status()));
      else if (error.code === 'ECONNRESET') resolve('reset');
      else reject(error);
    });
  });
}

/** Rows from this suite's own database: over PostgreSQL directly; on PGlite once the server has stopped. */
const readTable = (sql: string) => rowsAfter(app, env, sql);
