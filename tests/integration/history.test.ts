import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseLossless } from 'lossless-json';
import type { OrderHistory } from '../../lib/api/contract';
import type { SyncAnswer, SyncSourceView } from '../../lib/api/sync-contract';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from '../../wechat-sim/server';
import { signInCookie } from '../support/stack';
import { batchClient } from './batch-helpers';
import { api, ownServerEnv, SECRET_VALUES, ServerWithDatabase } from './helpers';

/**
 * An order's history and evidence (issue 24): every distinct answer WeChat gives is kept as a
 * version by every lookup path; an equal answer only moves "last received". A server and a
 * simulator of this file's own (the simulator's tokens carry a canary no evidence may contain),
 * with a database the test reaches into for retention.
 */
const CANARY = 'CANARYh1st';
/**
 * On PGlite (the embedded database) the test command runs what it stores differently: the bytes of a
 * version, evidence and print. Logic that is the same over either database (1,000 equal answers,
 * retention, comparing a listed order) runs once, on PostgreSQL, to keep the command under 15 minutes.
 */
const oncePostgres = it.runIf(Boolean(process.env.DATABASE_URL));
let sim: Simulator;
let server: ServerWithDatabase;
let support: string;
let finance: string;
let admin: string;

beforeAll(async () => {
  sim = await startSimulator({ tokenPrefix: CANARY });
  server = await ServerWithDatabase.start(await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '5000' }));
  support = await signInCookie(server.url, 'support@demo.local');
  finance = await signInCookie(server.url, 'finance@demo.local');
  admin = await signInCookie(server.url, 'admin@demo.local');
});
afterAll(async () => {
  await server?.app.stop();
  await sim?.close();
});

const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const history = async (path: string, cookie = support) => {
  const response = await api(`${path}/history`, server.url, cookie);
  return { status: response.status, body: response.body as unknown as OrderHistory };
};

interface Evidence {
  order: { kind: string; id: string; shop: { id: string; name: string } | null };
  version: { id: string; firstReceivedAt: string; lastReceivedAt: string; via: string; lastVia: string };
  wechat: { appId: string; request: { method: string; url: string; body?: unknown } };
  answer: { body: string; bytes: number; sha256: string };
  audit: { firstReceivedBy: { id: string; action: string; user: string; requestId: string | null }; lastReceivedBy: { id: string } };
  orderDeskReading: { ours: true; order: { kind: string } };
}

async function evidence(path: string, query = '', cookie = support) {
  const response = await fetch(`${server.url}${path}/evidence${query}`, { headers: { cookie } });
  const text = await response.text();
  return { status: response.status, text, headers: response.headers, body: (response.status === 200 ? JSON.parse(text) : JSON.parse(text)) as Evidence & { error?: { code: string } } };
}

describe('order history', () => {
  oncePostgres('keeps one version for 1,000 lookups of an unchanged order, moving only "last received"', async () => {
    const path = '/api/orders/shop/shop-paid-001';
    for (let round = 0; round < 100; round++) {
      const statuses = await Promise.all(Array.from({ length: 10 }, () => api(path, server.url, support).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    const { status, body } = await history(path);
    expect(status).toBe(200);
    expect(body.versions).toHaveLength(1);
    const [only] = body.versions;
    expect(only!.via).toBe('api');
    expect(only!.changes).toEqual([]);
    expect(Date.parse(only!.lastSeenAt)).toBeGreaterThan(Date.parse(only!.firstSeenAt));
    const rows = await server.sql<{ n: string }>(`select count(*)::text as n from order_version where order_id = 'shop-paid-001'`);
    expect(rows[0]!.n).toBe('1');
  }, 240_000);

  it('keeps a new version when WeChat answers differently, with what changed in words and raw', async () => {
    const tradeNo = unique('turn-refund-');
    const path = `/api/orders/shop/${tradeNo}`;
    // The order page's lookup first, then the API's twice: the simulator answers the refund PROCESSING, then SUCCESS.
    const page = await fetch(`${server.url}/orders/shop/${tradeNo}`, { headers: { cookie: support } });
    expect(page.status).toBe(200);
    await page.text();
    expect((await api(path, server.url, support)).status).toBe(200);
    expect((await api(path, server.url, support)).status).toBe(200);
    const { body } = await history(path);
    expect(body.versions.map((v) => v.via)).toEqual(['api', 'page']);
    const [newest, first] = body.versions;
    expect(first!.changes).toEqual([]);
    const refund = newest!.changes!.find((c) => c.key === 'refund-state')!;
    expect(refund.en).toMatch(/^Refund 5\d{3}… \d{6}: in progress → succeeded$/);
    expect(refund.zh).toMatch(/^退款 5\d{3}… \d{6}：处理中 → 成功$/);
    expect(refund.raw).toContainEqual({ path: 'refund_list[0].result', before: 'PROCESSING', after: 'SUCCESS' });
    expect(Number(newest!.id)).toBeGreaterThan(Number(first!.id));
    // The second API lookup got the same bytes: it moved "last received" of the newest only.
    expect(Date.parse(newest!.lastSeenAt)).toBeGreaterThan(Date.parse(newest!.firstSeenAt));
    expect(newest!.lastSeenAt > first!.lastSeenAt).toBe(true);
    const audit = await fetch(`${server.url}/api/audit.csv?action=order.history`, { headers: { cookie: admin } });
    expect(await audit.text()).toContain(tradeNo);
  });

  it('keeps what a batch looked up, as a batch', async () => {
    const tradeNo = unique('turn-sharing-');
    const batches = batchClient(server.url, finance);
    const created = await batches.create([tradeNo], { kind: 'shop' });
    expect(created.status).toBe(201);
    await batches.until(created.body.batch.id, ['done']);
    expect((await api(`/api/orders/shop/${tradeNo}`, server.url, finance)).status).toBe(200);
    const { body } = await history(`/api/orders/shop/${tradeNo}`, finance);
    expect(body.versions.map((v) => v.via)).toEqual(['api', 'batch']);
    expect(body.versions[0]!.changes!.map((c) => c.en)).toEqual([expect.stringMatching(/^Profit sharing 3\d{3}… \d{6} added: ¥15\.00, succeeded$/)]);
  });

  it('answers 400 for an unknown shop or a bad id, and an empty history for an order never looked up', async () => {
    expect((await api('/api/orders/shop/shop-paid-001/history?shop=nowhere', server.url, support)).status).toBe(400);
    expect((await api(`/api/orders/shop/${'x'.repeat(40)}/history`, server.url, support)).status).toBe(400);
    expect((await history('/api/orders/service-provider/DD1000000000000000002')).body.versions).toEqual([]);
    expect((await api('/api/orders/shop/shop-paid-001/history', server.url, null)).status).toBe(401);
  });
});

describe('evidence', () => {
  it('is the answer byte for byte, with its SHA-256, the call without the token, the audit entry and our reading', async () => {
    const path = '/api/orders/shop/shop-big-001';
    expect((await api(path, server.url, support)).status).toBe(200);
    const { body: versions } = await history(path);
    const { status, text, headers, body } = await evidence(path);
    expect(status).toBe(200);
    expect(headers.get('content-disposition')).toMatch(/^attachment; filename="order-evidence-shop-shop-big-001-v\d+\.json"$/);
    // The hash is of the answer as received: recomputed from the file, it matches, and the 64-bit amount is as WeChat sent it.
    expect(createHash('sha256').update(Buffer.from(body.answer.body, 'utf8')).digest('hex')).toBe(body.answer.sha256);
    expect(Buffer.byteLength(body.answer.body)).toBe(body.answer.bytes);
    expect(body.answer.sha256).toBe(versions.versions[0]!.sha256);
    expect(body.answer.body).toContain('"amount":9007199254740993');
    expect(body.version.id).toBe(versions.versions[0]!.id);
    expect(body.wechat.request).toEqual({ method: 'POST', url: `${sim.url}/shop/pay/getorder`, body: { trade_no: 'shop-big-001' } });
    expect(body.wechat.appId).toMatch(/^wx/);
    expect(body.order).toEqual({ kind: 'shop', id: 'shop-big-001', shop: { id: 'default', name: 'default' } });
    expect(body.audit.firstReceivedBy).toMatchObject({ action: 'order.lookup', user: 'support@demo.local' });
    expect(body.orderDeskReading.ours).toBe(true);
    expect(body.orderDeskReading.order.kind).toBe('shop');
    // No token, no secret.
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('access_token');
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    const audit = await (await fetch(`${server.url}/api/audit.csv?action=order.evidence`, { headers: { cookie: admin } })).text();
    expect(audit).toContain('shop-big-001');
  });

  it('of a service-provider order, names the order id in the call and keeps 64-bit values exact', async () => {
    const path = '/api/orders/service-provider/DD1000000000000000010';
    expect((await api(path, server.url, support)).status).toBe(200);
    const { body, text } = await evidence(path);
    expect(body.wechat.request).toEqual({ method: 'GET', url: `${sim.url}/wxa/charge/service-provider/order/get?orderId=DD1000000000000000010` });
    expect(body.answer.body).toContain('9223372036854775807');
    expect(createHash('sha256').update(body.answer.body, 'utf8').digest('hex')).toBe(body.answer.sha256);
    expect(text).not.toContain(CANARY);
  });

  it('refuses a version of another order or kind (404) and a malformed or huge version id (400)', async () => {
    const path = '/api/orders/shop/shop-big-001';
    expect((await api(path, server.url, support)).status).toBe(200);
    const own = (await history(path)).body.versions[0]!.id;
    expect((await evidence(path, `?version=${own}`)).status).toBe(200);
    expect((await api('/api/orders/shop/shop-paid-001', server.url, support)).status).toBe(200);
    const other = (await history('/api/orders/shop/shop-paid-001')).body.versions[0]!.id;
    expect((await evidence(path, `?version=${other}`)).status).toBe(404);
    expect((await evidence('/api/orders/service-provider/shop-big-001', `?version=${own}`)).status).toBe(404);
    expect((await evidence('/api/orders/shop/never-looked-up-1')).status).toBe(404);
    for (const bad of ['abc', '-1', '0', '1e3', '9'.repeat(30), '9223372036854775808', `${own}x`]) {
      expect((await evidence(path, `?version=${encodeURIComponent(bad)}`)).status, bad).toBe(400);
    }
    expect((await evidence(path, '?shop=nowhere')).status).toBe(400);
  });

  it('audits a refused history, evidence or print request (an unknown shop, a bad id or version) with its 400', async () => {
    const tradeNo = unique('refused-');
    expect((await api(`/api/orders/shop/${tradeNo}/history?shop=nowhere`, server.url, support)).status).toBe(400);
    expect((await evidence(`/api/orders/shop/${tradeNo}`, '?version=0')).status).toBe(400);
    expect((await fetch(`${server.url}/orders/shop/${tradeNo}/print?shop=nowhere`, { headers: { cookie: support } })).status).toBe(200);
    const rows = async (action: string) =>
      (await (await fetch(`${server.url}/api/audit.csv?action=${action}&orderId=${tradeNo}`, { headers: { cookie: admin } })).text()).trim().split('\n').slice(1);
    expect(await rows('order.history')).toEqual([expect.stringMatching(new RegExp(`"order.history","support@demo.local","support","shop","${tradeNo}".*"400"`))]);
    expect(await rows('order.evidence')).toEqual([
      expect.stringMatching(new RegExp(`"order.evidence","support@demo.local","support","shop","${tradeNo}".*"400"`)),
      expect.stringMatching(new RegExp(`"order.evidence","support@demo.local","support","shop","${tradeNo}".*"400"`)),
    ]);
  });
});

describe('the print view', () => {
  it('shows the newest version kept with its hash and the history, asking WeChat nothing, audited as evidence', async () => {
    const tradeNo = unique('turn-refund-');
    expect((await api(`/api/orders/shop/${tradeNo}`, server.url, support)).status).toBe(200);
    expect((await api(`/api/orders/shop/${tradeNo}`, server.url, support)).status).toBe(200);
    const versions = (await history(`/api/orders/shop/${tradeNo}`)).body.versions;
    const calls = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as { orderCalls: { shop: number } };
    const page = await fetch(`${server.url}/orders/shop/${tradeNo}/print`, { headers: { cookie: support } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const v of versions) expect(html).toContain(v.sha256);
    expect(html).toContain('in progress → succeeded');
    const after = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as { orderCalls: { shop: number } };
    expect(after.orderCalls.shop).toBe(calls.orderCalls.shop);
    const audit = await (await fetch(`${server.url}/api/audit.csv?action=order.evidence&orderId=${tradeNo}`, { headers: { cookie: admin } })).text();
    // This order's only evidence entry: the print (the CSV leaves the detail, `print: true`, out).
    expect(audit.trim().split('\n').slice(1)).toEqual([expect.stringContaining(`"order.evidence","support@demo.local","support","shop","${tradeNo}"`)]);
    expect(html).not.toContain(CANARY);
  });
});

describe('retention', () => {
  oncePostgres('drops versions past the audit retention, never an order\'s newest while it is in the index', async () => {
    const tradeNo = unique('turn-refund-');
    const path = `/api/orders/shop/${tradeNo}`;
    expect((await api(path, server.url, support)).status).toBe(200);
    expect((await api(path, server.url, support)).status).toBe(200);
    expect((await history(path)).body.versions).toHaveLength(2);
    // Both versions last received long ago (beyond the 400 days' default); the order stays in the index.
    await server.sql(`update order_version set first_seen_at = now() - interval '500 days', last_seen_at = now() - interval '500 days' where order_id = '${tradeNo}'`);
    await server.restart();
    const kept = (await history(path)).body.versions;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.changes).toEqual([]);
    // Out of the index, the last one goes too.
    await server.sql(`delete from order_index where order_id = '${tradeNo}'`);
    await server.restart();
    expect((await history(path)).body.versions).toEqual([]);
  }, 120_000);
});

describe('orders synced from the service-provider list', () => {
  /** A simulator on a frozen clock (each list call answers the same bytes) and a server syncing its SPU. */
  const SPU = '10000117';
  let listSim: Simulator;
  let syncing: ServerWithDatabase;
  let finance: string;
  let reader: string;
  beforeAll(async () => {
    listSim = await startSimulator({ tokenPrefix: CANARY, now: Math.floor(Date.now() / 1000) - 300, orderLists: { spus: [{ spuId: SPU, ordersPerDay: 8 }], shopOrdersPerDay: 0, jitter: 0, historyDays: 4 } });
    syncing = await ServerWithDatabase.start(await ownServerEnv(listSim.url, { ORDER_DESK_SYNC: 'on', WECHAT_SP_SPU_IDS: SPU, WECHAT_TIMEOUT_MS: '5000' }));
    finance = await signInCookie(syncing.url, 'finance@demo.local');
    reader = await signInCookie(syncing.url, 'support@demo.local');
  });
  afterAll(async () => {
    await syncing?.app.stop();
    await listSim?.close();
  });

  const spSource = async () =>
    ((await (await fetch(`${syncing.url}/api/sync`, { headers: { cookie: finance } })).json()) as SyncAnswer).sources.find((s) => s.source === 'service-provider')!;
  /** GET /api/sync until a service-provider run started by `by`, other than one started at `after`, has finished. */
  async function synced(by: string, after?: string): Promise<SyncSourceView> {
    for (let i = 0; i < 1200; i++) {
      const source = await spSource();
      const run = source.lastRun;
      if (run?.finishedAt && run.startedBy === by && run.startedAt !== after && source.state !== 'running') return source;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the service provider was not synced');
  }
  const runAgain = async () => {
    const before = (await spSource()).lastRun?.startedAt;
    expect((await fetch(`${syncing.url}/api/sync/run`, { method: 'POST', headers: { cookie: finance, origin: syncing.url, 'content-type': 'application/json' }, body: JSON.stringify({ source: 'service-provider' }) })).status).toBe(202);
    return synced('finance@demo.local', before);
  };
  const historyOf = async (id: string) => {
    const response = await api(`/api/orders/service-provider/${id}/history`, syncing.url, reader);
    expect(response.status).toBe(200);
    return (response.body as unknown as OrderHistory).versions;
  };
  const evidenceOf = async (id: string) => {
    const response = await fetch(`${syncing.url}/api/orders/service-provider/${id}/evidence`, { headers: { cookie: reader } });
    expect(response.status).toBe(200);
    const text = await response.text();
    return { text, body: JSON.parse(text) as Evidence & { about: { en: string; zh: string }; answer: { part?: unknown }; wechat: { request: { element?: unknown } } } };
  };

  it('keeps each listed order as a version: its element\'s bytes exactly, the call (element i of query_list, no token), via sync', async () => {
    expect((await synced('schedule')).lastRun).toMatchObject({ failedWindows: 0, windowsTotal: 1, windowsDone: 1 });
    // The second page's fourth order, as the simulator answers that page (its clock is frozen: the same bytes).
    const [sp] = DEMO_ACCOUNTS;
    const token = ((await (await fetch(`${listSim.url}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: sp!.appid, secret: sp!.secret }) })).json()) as { access_token: string }).access_token;
    const page = await (await fetch(`${listSim.url}/wxa/charge/service-provider/order/query_list?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spuId: SPU, offset: 20, limit: 20 }) })).text();
    const listed = (parseLossless(page) as { orderList: Array<{ orderId: string }> }).orderList;
    expect(listed.length).toBeGreaterThan(3);
    const orderId = String(listed[3]!.orderId);

    const versions = await historyOf(orderId);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ via: 'sync', changes: [] });
    const { text, body } = await evidenceOf(orderId);
    // The element's own bytes: a piece of the page as sent, reading as the page's fourth order, and hashed as kept.
    expect(page).toContain(body.answer.body);
    expect(body.answer.body.startsWith('{"')).toBe(true);
    expect(parseLossless(body.answer.body)).toEqual(listed[3]);
    expect(body.answer.bytes).toBe(Buffer.byteLength(body.answer.body));
    expect(createHash('sha256').update(Buffer.from(body.answer.body, 'utf8')).digest('hex')).toBe(body.answer.sha256);
    expect(body.answer.sha256).toBe(versions[0]!.sha256);
    expect(body.wechat.request).toEqual({ method: 'POST', url: `${listSim.url}/wxa/charge/service-provider/order/query_list`, body: { spuId: SPU, offset: 20, limit: 20 }, element: { list: 'orderList', index: 3 } });
    expect(body.answer.part).toEqual({ of: 'query_list', list: 'orderList', element: 3 });
    expect(body.about.en).toContain('ONE ELEMENT OF A LIST ANSWER');
    expect(body.about.zh).toContain('列表应答中的一个元素');
    expect(body.version).toMatchObject({ via: 'sync', lastVia: 'sync' });
    expect(body.audit.firstReceivedBy.requestId).toMatch(/^sync:/);
    // Read as the order itself (not {errcode, order}).
    expect(body.orderDeskReading.order).toMatchObject({ kind: 'service-provider', orderId });
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain('access_token');
    for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
    // The print view reads it too.
    const print = await (await fetch(`${syncing.url}/orders/service-provider/${orderId}/print`, { headers: { cookie: reader } })).text();
    expect(print).toContain(body.answer.sha256);
    expect(print).toContain(orderId);
  }, 240_000);

  /** A kept version's bytes spaced otherwise (as another answer could be), its hash recomputed: the same content in other bytes. */
  const respace = (orderId: string, via: string, pattern: string, replacement: string) =>
    syncing.sql(`
      update order_version v set body = x.body, sha256 = encode(sha256(x.body), 'hex')
      from (select id, convert_to(regexp_replace(convert_from(body, 'UTF8'), ${pattern}, ${replacement}), 'UTF8') as body from order_version where order_id = '${orderId}' and via = '${via}') x
      where v.id = x.id and v.body <> x.body returning v.id`);

  oncePostgres('compares a listed order with order/get\'s answer by the order\'s own bytes, and words a change of API honestly', async () => {
    const [first] = (await syncing.sql<{ order_id: string }>(`select order_id from order_version where kind = 'service-provider' and via = 'sync' order by id limit 1`)) as [{ order_id: string }];
    const orderId = first.order_id;
    const path = `/api/orders/service-provider/${orderId}`;
    // order/get answers the same order, byte for byte inside its envelope: no new version, "last received" by the API.
    expect((await api(path, syncing.url, reader)).status).toBe(200);
    expect(await historyOf(orderId)).toHaveLength(1);
    expect((await evidenceOf(orderId)).body.version).toMatchObject({ via: 'sync', lastVia: 'api' });

    // The kept element spaced otherwise (as another answer could be): order/get's answer is a new version, the same content.
    expect(await respace(orderId, 'sync', `'^\\{'`, `'{ '`)).toHaveLength(1);
    expect((await api(path, syncing.url, reader)).status).toBe(200);
    let versions = await historyOf(orderId);
    expect(versions.map((v) => v.via)).toEqual(['api', 'sync']);
    expect(versions[0]!.changes).toEqual([{ key: 'api', en: 'Same content, from the order lookup (order/get)', zh: '内容相同，来自订单查询（order/get）', raw: [] }]);

    // The list again: its element equals the order in order/get's answer: no new version, "last received" by sync.
    await runAgain();
    versions = await historyOf(orderId);
    expect(versions).toHaveLength(2);
    expect((await evidenceOf(orderId)).body.version).toMatchObject({ via: 'api', lastVia: 'sync' });

    // order/get's answer spaced otherwise: the list's element is a new version, the same content.
    expect(await respace(orderId, 'api', `'"order":\\{"orderId"'`, `'"order":{ "orderId"'`)).toHaveLength(1);
    await runAgain();
    versions = await historyOf(orderId);
    expect(versions.map((v) => v.via)).toEqual(['sync', 'api', 'sync']);
    expect(versions[0]!.changes).toEqual([{ key: 'api', en: 'Same content, from the order list (query_list)', zh: '内容相同，来自订单列表（query_list）', raw: [] }]);
  }, 240_000);
});
