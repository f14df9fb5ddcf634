import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { batchClient } from './batch-helpers';
import { api, ownServerEnv, ServerWithDatabase } from './helpers';

/**
 * What the lists, batches and exports say must be what WeChat said (issue 20, items 1-4): an
 * answer without an order is not proof the order is gone, "remaining" exists only for a paid
 * shop order, exports carry failed and unknown amounts, and the attention rules guess nothing.
 * A server of its own, with a database the test reaches into for orders seen before.
 */
let sim: Simulator;
let server: ServerWithDatabase;

beforeAll(async () => {
  sim = await startSimulator();
  server = await ServerWithDatabase.start(await ownServerEnv(sim.url, { WECHAT_TIMEOUT_MS: '5000' }));
});
afterAll(async () => {
  await server?.app.stop();
  await sim?.close();
});

interface Line {
  kind: string;
  id: string;
  reasons: string[];
  problem: { at: string; errcode: number | null } | null;
}

async function attention(cookie: string): Promise<Record<string, Line>> {
  const answer = await api('/api/orders/attention', server.url, cookie);
  expect(answer.status).toBe(200);
  return Object.fromEntries((answer.body.orders as Line[]).map((o) => [o.id, o]));
}

const csvRows = (text: string) => parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

describe('an answer without an order (item 1)', () => {
  it('keeps an order seen before on the attention list, in its counts and in search, with the answer shown as a problem', async () => {
    // Seen before: a service-provider order whose refund failed, and a shop order whose sharing failed.
    await server.sql(`insert into order_index (kind, shop, order_id, refs, amount_fen, state, summary, last_seen_at, refund_failed, sharing_failed)
      values ('service-provider', '', 'DD9990000000000000001', array[]::text[], 19900, 'refund-failed', '{"status": {"en": "Refund failed", "zh": "退款失败"}}', now() - interval '1 day', true, false),
             ('shop', 'default', 'rd-gone-shop-1', array['transaction-id:4200009999202312060000000001'], 500, 'paid', '{}', now() - interval '1 day', false, true)`);
    const finance = await signInCookie(server.url, 'finance@demo.local');
    const before = await attention(finance);
    expect(before['DD9990000000000000001']?.reasons).toEqual(['refund-failed']);
    const counted = (await (await fetch(`${server.url}/`, { headers: { cookie: finance } })).text()).match(/(\d+) orders? needs? attention/)?.[1];
    expect(counted).toMatch(/^\d+$/);

    // WeChat now answers 10120002 for the one and errcode 0 without `order` for the other.
    const sp = await api('/api/orders/service-provider/DD9990000000000000001', server.url, finance);
    expect(sp.status).toBe(404);
    expect(sp.body.error).toMatchObject({ code: 'not_found', errcode: 10120002 });
    expect((await api('/api/orders/shop/rd-gone-shop-1', server.url, finance)).status).toBe(404);

    const after = await attention(finance);
    expect(after['DD9990000000000000001']?.reasons, 'still listed').toEqual(['refund-failed']);
    expect(after['rd-gone-shop-1']?.reasons, 'still listed').toEqual(['sharing-failed']);
    expect(before['DD9990000000000000001']?.problem).toBeNull();
    expect(after['DD9990000000000000001']).toMatchObject({ reasons: ['refund-failed'], problem: { errcode: 10120002 } });
    expect(Date.parse(after['DD9990000000000000001']!.problem!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(after['rd-gone-shop-1']).toMatchObject({ reasons: ['sharing-failed'], problem: { errcode: null } });
    const home = await (await fetch(`${server.url}/`, { headers: { cookie: finance } })).text();
    expect(home.match(/(\d+) orders? needs? attention/)?.[1]).toBe(counted);

    const page = await (await fetch(`${server.url}/orders/attention`, { headers: { cookie: finance } })).text();
    expect(page).toContain('DD9990000000000000001');
    expect(page).toMatch(/WeChat answered parameter error at [^<]+, 10120002/);
    expect(page).toContain('WeChat answered without this order at');
    const zh = await (await fetch(`${server.url}/orders/attention`, { headers: { cookie: `${finance}; NEXT_LOCALE=zh-CN` } })).text();
    expect(zh).toMatch(/微信于 [^<]+ 答复参数错误，10120002/);
    const list = await (await fetch(`${server.url}/orders?kind=service-provider&state=refund-failed`, { headers: { cookie: finance } })).text();
    expect(list).toMatch(/WeChat answered parameter error at [^<]+, 10120002/);

    // The /orders CSV says the same, with the errcode.
    const csv = csvRows(await (await fetch(`${server.url}/api/orders.csv?kind=service-provider`, { headers: { cookie: finance } })).text());
    expect(csv.find((r) => r.order_id === 'DD9990000000000000001')).toMatchObject({ state: 'refund-failed', answered_without_order_errcode: '10120002' });
    expect(csv.find((r) => r.order_id === 'DD9990000000000000001')!.answered_without_order_at).toMatch(/GMT\+8$/);

    // Search says the same (docs/wechat-api.md, "Readings that are ours"): asked for by its own id
    // (which search asks WeChat for afresh) or by an id it carries, an order seen before is still
    // found, with its last good reading and WeChat's latest answer beside it.
    const search = async (q: string) => ((await api(`/api/search?q=${encodeURIComponent(q)}`, server.url, finance)).body as { matches: Array<Record<string, unknown>> }).matches;
    const spMatch = (await search('DD9990000000000000001')).find((m) => m.id === 'DD9990000000000000001');
    expect(spMatch, 'found by its own id').toMatchObject({ kind: 'service-provider', state: 'refund-failed', amountFen: '19900', notFoundErrcode: 10120002 });
    expect(Date.parse(String(spMatch!.notFoundAt))).toBeGreaterThan(Date.now() - 60_000);
    for (const [q, matchedOn] of [['rd-gone-shop-1', 'trade-no'], ['4200009999202312060000000001', 'transaction-id']]) {
      const shop = (await search(q!)).find((m) => m.id === 'rd-gone-shop-1');
      expect(shop, q).toMatchObject({ kind: 'shop', state: 'paid', amountFen: '500', matchedOn });
      expect(shop, q).not.toHaveProperty('notFoundErrcode');
      expect(Date.parse(String(shop!.notFoundAt)), q).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('counts a batch id WeChat answered 10120002 as "WeChat: parameter error, 10120002", not as a proven "not found"', async () => {
    const finance = await signInCookie(server.url, 'finance@demo.local');
    const client = batchClient(server.url, finance);
    const created = await client.create(['DD9990000000000000002', 'rd-nosuch-1', 'DD2981741311549200000']);
    expect(created.status).toBe(201);
    const done = await client.until(created.body.batch.id, ['done']);
    expect(done).toMatchObject({ total: 3, found: 1, notFound: 1, parameterError: 1, failed: 0 });
    const items = await client.allItems(created.body.batch.id, 'parameter-error');
    expect(items.map((i) => [i.input, i.outcome, i.errcode])).toEqual([['DD9990000000000000002', 'parameter-error', 10120002]]);
    expect(items[0]!.problem!.message.en).toContain('As far as is known, that is how it reports an order it cannot find');

    const csv = csvRows(await (await client.download(created.body.batch.id, 'csv')).text());
    expect(csv.map((r) => [r.Input, r.Outcome])).toEqual([
      ['DD9990000000000000002', 'WeChat: parameter error, 10120002'],
      ['rd-nosuch-1', 'Not found'],
      ['DD2981741311549200000', 'Found'],
    ]);
    const zh = await fetch(`${server.url}/api/batches/${created.body.batch.id}/export.xlsx`, { headers: { cookie: `${finance}; NEXT_LOCALE=zh-CN` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await zh.arrayBuffer()) as ExcelJS.Buffer);
    const problems: unknown[][] = [];
    workbook.getWorksheet('问题')!.eachRow((row, n) => n > 1 && problems.push([row.getCell(2).value, row.getCell(5).value]));
    expect(problems).toEqual([
      ['DD9990000000000000002', '微信：参数错误，10120002'],
      ['rd-nosuch-1', '未找到'],
    ]);
  });
});

describe('money in batches and exports (items 2 and 3)', () => {
  it('totals "remaining" over paid shop orders only, and exports failed and unknown amounts', async () => {
    const finance = await signInCookie(server.url, 'finance@demo.local');
    const client = batchClient(server.url, finance);
    const ids = ['shop-unpaid-001', 'shop-closed-001', 'DD1000000000000000001', 'DD1000000000000000002', 'DD1000000000000000009', 'shop-partial-001', 'shop-odd-results'];
    const created = await client.create(ids);
    const done = await client.until(created.body.batch.id, ['done']);
    expect(done).toMatchObject({ found: 7 });
    // shop-partial-001: 100.00 less 30.00 refunded; shop-odd-results: 100.00 less 10.00. Nothing else holds money.
    expect(done.totals).toMatchObject({ amountFen: String(4 * 10000 + 3 * 19900), remainingFen: String(7000 + 9000) });

    const rows = csvRows(await (await client.download(created.body.batch.id, 'csv')).text());
    const by = Object.fromEntries(rows.map((r) => [r.Input, r]));
    for (const id of ['shop-unpaid-001', 'shop-closed-001', 'DD1000000000000000001', 'DD1000000000000000002']) {
      expect([by[id]!['Remaining after refunds (¥)'], by[id]!['Remaining after refunds (fen)']], id).toEqual(['', '']);
    }
    expect(by['shop-partial-001']).toMatchObject({ 'Remaining after refunds (fen)': '7000', 'Refunds failed (fen)': '1000', 'Refunds of unknown result (fen)': '0' });
    // REFUNDCLOSE (20.00) and a finish without a result (5.00); a CANCELLED sharing (4.00).
    expect(by['shop-odd-results']).toMatchObject({ 'Refunds of unknown result (fen)': '2500', 'Sharing of unknown result (fen)': '400', 'Sharing failed (fen)': '0' });

    const xlsx = await client.download(created.body.batch.id, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Orders')!;
    const headings = (sheet.getRow(1).values as unknown[]).map(String);
    const cell = (row: number, heading: string) => sheet.getRow(row).getCell(headings.indexOf(heading)).value;
    expect(cell(2, 'Remaining after refunds (fen)')).toBeNull(); // shop-unpaid-001
    expect(cell(8, 'Refunds of unknown result (fen)')).toBe('2500'); // shop-odd-results
    expect(cell(7, 'Sharing failed (fen)')).toBe('0'); // shop-partial-001

    const page = await (await fetch(`${server.url}/api/orders.csv?kind=shop`, { headers: { cookie: finance } })).text();
    const seen = Object.fromEntries(csvRows(page).map((r) => [r.order_id, r]));
    expect(seen['shop-unpaid-001']).toMatchObject({ remaining_after_refunds_fen: '' });
    expect(seen['shop-closed-001']).toMatchObject({ remaining_after_refunds_fen: '' });
    expect(seen['shop-partial-001']).toMatchObject({ refunds_failed_fen: '1000', refunds_in_progress_fen: '2000', remaining_after_refunds_fen: '7000', sharing_failed_fen: '0' });
    expect(seen['shop-odd-results']).toMatchObject({ refunds_unknown_result_fen: '2500', sharing_unknown_result_fen: '400', shared_fen: '700' });
    const sp = csvRows(await (await fetch(`${server.url}/api/orders.csv?kind=service-provider`, { headers: { cookie: finance } })).text());
    expect(sp.find((r) => r.order_id === 'DD1000000000000000002')).toMatchObject({ refunded_fen: '', remaining_after_refunds_fen: '' });
  });
});

describe('attention rules (item 4)', () => {
  const EXPECTED: Record<string, string[]> = {
    'shop-odd-results': ['refund-stuck', 'result-unknown'], // REFUNDCLOSE and CANCELLED: result unknown; something shared, so not overdue
    'shop-sharing-001': ['sharing-failed'],
    DD1000000000000000005: ['refund-stuck'], // status 5: refunding since updateTime (2023)
    DD1000000000000000011: [], // 95 % used, but the pack's validity is over: it no longer counts
    'rd-paid-no-time': [], // paid (transaction_id) without pay_time: no sharing date is invented
    'rd-refund-no-create': ['refund-stuck', 'sharing-overdue'], // a refund in progress since an unknown time
  };

  it('lists exactly what the rules say, with since-unknown and our reading shown as such', async () => {
    const finance = await signInCookie(server.url, 'finance@demo.local');
    for (const id of Object.keys(EXPECTED)) {
      const kind = id.startsWith('DD') ? 'service-provider' : 'shop';
      expect((await api(`/api/orders/${kind}/${id}`, server.url, finance)).status, id).toBe(200);
    }
    const listed = await attention(finance);
    for (const [id, reasons] of Object.entries(EXPECTED)) expect(listed[id]?.reasons ?? [], id).toEqual(reasons);

    const page = await (await fetch(`${server.url}/orders/attention`, { headers: { cookie: finance } })).text();
    expect(page).toContain('A refund is in progress since a time WeChat did not give');
    expect(page).toContain('nothing shared: our reading of profit_sharing_delay');
    expect(page).toContain('result unknown');

    // Status 5 is a refund in progress for the /orders filter too; "paid, time not given" is not unpaid.
    const inProgress = csvRows(await (await fetch(`${server.url}/api/orders.csv?refundsInProgress=1`, { headers: { cookie: finance } })).text()).map((r) => r.order_id);
    expect(inProgress).toEqual(expect.arrayContaining(['DD1000000000000000005', 'rd-refund-no-create']));
    const shopCsv = Object.fromEntries(csvRows(await (await fetch(`${server.url}/api/orders.csv?kind=shop`, { headers: { cookie: finance } })).text()).map((r) => [r.order_id, r]));
    expect(shopCsv['rd-refund-no-create']).toMatchObject({ refund_in_progress: 'yes', refund_in_progress_since: '', result_unknown: 'no' });
    expect(shopCsv['shop-odd-results']).toMatchObject({ result_unknown: 'yes' });
    const list = await (await fetch(`${server.url}/orders?kind=shop&refundsInProgress=1`, { headers: { cookie: finance } })).text();
    expect(list).toContain('rd-refund-no-create');
    const paid = await api('/api/orders/shop/rd-paid-no-time', server.url, finance);
    expect(paid.body.order).toMatchObject({ state: { key: 'paid', en: 'Paid, time not given' }, paidAt: null, remainingFen: '10000' });
    expect(paid.body.order).toMatchObject({ paymentDeadline: { applies: false } });
  });
});
