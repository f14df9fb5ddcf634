import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, ownServerEnv } from './helpers';

/**
 * The lookup path's guarantees after it was made faster (issue 11): every log line a lookup
 * causes carries its request id, audit entries written together in one statement still fail
 * only their own lookup, and a remembered session ends at once where it is signed out. A server
 * of its own, with a database the test can reach into.
 */
let sim: Simulator;
let app: App;
let env: Record<string, string>;

/** Refuses, inside the database, every audit entry for this order: what a full disk or a lost table would do to it. */
const REFUSED = 'shop-paid-001';
/** Looked up only beside REFUSED. */
const SERVED = 'shop-partial-001';
const REFUSE_AUDIT = `
  create function refuse_test_audit() returns trigger language plpgsql as $$
  begin
    if new.order_id = '${REFUSED}' then raise exception 'audit entry refused by the test'; end if;
    return new;
  end $$;
  create trigger refuse_test_audit before insert on audit_log for each row execute function refuse_test_audit();`;

/** Runs SQL in the server's database: on PostgreSQL beside it; PGlite allows one process, so with the server stopped. */
async function alterDatabase(sql: string): Promise<void> {
  if (env.DATABASE_URL) {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return;
  }
  await app.stop();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(join(env.ORDER_DESK_DATA_DIR!, 'pglite'));
  await db.exec(sql);
  await db.close();
  app = await startApp({ env, quiet: true });
}

beforeAll(async () => {
  sim = await startSimulator();
  // A timeout a busy machine cannot reach: these tests are about what happens after WeChat answers.
  env = await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '5000' });
  app = await startApp({ env, quiet: true });
  await alterDatabase(REFUSE_AUDIT);
});
afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

type Line = Record<string, unknown>;
const logLines = (): Line[] =>
  app
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

async function auditedRequestIds(orderId: string): Promise<string[]> {
  const response = await fetch(`${app.url}/api/audit.csv?orderId=${orderId}`, { headers: { cookie: await signInCookie(app.url, 'admin@demo.local') } });
  expect(response.status).toBe(200);
  return (parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[]).map((r) => r.request_id!);
}

describe('the lookup path', () => {
  // First, while the server has fetched no token yet.
  it('logs every line a lookup causes, its WeChat calls and token fetches included, with the lookup’s request id', async () => {
    const cookie = await signInCookie(app.url);
    const answers = await Promise.all(['/api/orders/shop/522346', '/api/orders/service-provider/DD2981741311549200000', '/api/orders/shop/fault-busy-once'].map((path) => api(path, app.url, cookie)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    // The server's output reaches this process through a pipe, which may lag the answers.
    const requestIds = new Set(answers.map((a) => a.headers.get('x-request-id')));
    await expect.poll(() => logLines().filter((l) => l.msg === 'order lookup' && requestIds.has(l.requestId as string)).length).toBe(3);
    const lines = logLines();
    const wechat = lines.filter((l) => typeof l.call === 'string');
    // Each account's token fetch, each order call, and the busy one twice.
    expect(wechat.map((l) => l.call).sort()).toEqual(['service-provider', 'shop:default', 'shop:default', 'shop:default', 'token:service-provider', 'token:shop:default']);
    expect(wechat.filter((l) => !requestIds.has(l.requestId as string))).toEqual([]);
    for (const answer of answers) {
      const own = lines.filter((l) => l.requestId === answer.headers.get('x-request-id')).map((l) => l.msg);
      expect(own).toContain('wechat call');
      expect(own).toContain('order lookup');
    }
  });

  it('serves no lookup whose audit entry cannot be written, and only that one fails among lookups audited together', async () => {
    const cookie = await signInCookie(app.url);
    const alone = await api(`/api/orders/shop/${REFUSED}`, app.url, cookie);
    expect(alone.status).toBe(500);
    expect(alone.body).toEqual({ error: expect.objectContaining({ code: 'internal' }) });
    expect(alone.text).not.toContain('transactionId');

    // Thirty at once: their entries go to the database in shared statements.
    const ids = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? REFUSED : SERVED));
    const answers = await Promise.all(ids.map((id) => api(`/api/orders/shop/${id}`, app.url, cookie)));
    expect(answers.map((a) => a.status)).toEqual(ids.map((id) => (id === REFUSED ? 500 : 200)));
    const served = answers.filter((a) => a.status === 200).map((a) => a.headers.get('x-request-id'));
    expect((await auditedRequestIds(SERVED)).sort()).toEqual(served.sort());
    expect(await auditedRequestIds(REFUSED)).toEqual([]);

    const refusedIds = [alone, ...answers.filter((a) => a.status === 500)].map((a) => a.headers.get('x-request-id'));
    const logged = logLines()
      .filter((l) => l.msg === 'audit entry could not be written; lookup not served')
      .map((l) => l.requestId);
    expect(logged.sort()).toEqual(refusedIds.sort());
  });

  it('ends a session at once on the server that signed it out, though it had just checked it', async () => {
    const cookie = await signInCookie(app.url, 'finance@demo.local');
    const lookup = async () => (await api('/api/orders/shop/522346', app.url, cookie)).status;
    expect(await lookup()).toBe(200);
    const signOut = await fetch(`${app.url}/api/session/sign-out`, { method: 'POST', headers: { cookie, origin: app.url }, redirect: 'manual' });
    expect(signOut.status).toBe(303);
    expect(await lookup()).toBe(401);
  });

});
