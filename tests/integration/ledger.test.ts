import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, twoShopsEnv } from '../support/stack';
import { startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, ownServerEnv, ServerWithDatabase } from './helpers';
import type { LedgerAnswer, LedgerDayView, LedgerOrdersAnswer } from '@/lib/api/contract';

/**
 * The day ledger (issue 23, docs/ledger.md): a server of its own, two shops, the simulator over
 * HTTP. The `ledger-` fixtures (wechat-sim/fixtures.ts) sit at fixed times around midnight
 * 2024-03-01 Asia/Shanghai; each is looked up through the lookup API, then every figure of
 * GET /api/ledger, the orders behind each, and both downloads are checked against sums worked out
 * by hand from the fixtures.
 */
let sim: Simulator;
let server: ServerWithDatabase;
let finance: string;
let support: string;

const SHOP_ORDERS: Record<string, string[]> = {
  main: [
    'ledger-paid',
    'ledger-refund-midnight',
    'ledger-refund-later',
    'ledger-refund-failed',
    'ledger-refund-open',
    'ledger-shared',
    'ledger-unpaid',
    'ledger-closed',
    'ledger-big',
    'ledger-paid-no-time',
    'ledger-refund-no-finish',
    'ledger-many-refunds',
  ],
  outlet: ['ledger-outlet-paid'],
};
const SP_ORDERS = ['ledger-sp-purchase', 'ledger-sp-unpaid'];

beforeAll(async () => {
  sim = await startSimulator();
  server = await ServerWithDatabase.start(await ownServerEnv(sim.url, { ...twoShopsEnv(), ORDER_DESK_TIMEZONE: 'Asia/Shanghai', ORDER_DESK_SYNC: 'off' }));
  finance = await signInCookie(server.url, 'finance@demo.local');
  support = await signInCookie(server.url, 'support@demo.local');
  for (const [shop, ids] of Object.entries(SHOP_ORDERS)) {
    for (const id of ids) expect((await api(`/api/orders/shop/${id}?shop=${shop}`, server.url, finance)).status, id).toBe(200);
  }
  for (const id of SP_ORDERS) expect((await api(`/api/orders/service-provider/${id}`, server.url, finance)).status, id).toBe(200);
});
afterAll(async () => {
  await server?.app.stop();
  await sim?.close();
});

const ledger = async (query: string, cookie = finance) => {
  const answer = await api(`/api/ledger?${query}`, server.url, cookie);
  return { status: answer.status, body: answer.body as unknown as LedgerAnswer & { error?: { message: string; zh: { message: string } } } };
};

type Figures = Pick<LedgerDayView, 'paidCount' | 'paidFen' | 'refundedCount' | 'refundedFen' | 'refundInProgressFen' | 'sharedCount' | 'sharedFen' | 'netFen'>;
const figures = (paidCount: number, paidFen: string, refundedCount: number, refundedFen: string, refundInProgressFen: string, sharedCount: number, sharedFen: string, netFen: string): Figures => ({
  paidCount,
  paidFen,
  refundedCount,
  refundedFen,
  refundInProgressFen,
  sharedCount,
  sharedFen,
  netFen,
});
const ZERO = figures(0, '0', 0, '0', '0', 0, '0', '0');
const SYNC_OFF = { complete: false, completeness: { state: 'sync-off', syncedAt: null, refreshDays: 30 } };

describe('the day ledger', () => {
  it('adds up every figure of each day and shop, in Asia/Shanghai days', async () => {
    const { status, body } = await ledger('from=2024-02-28&to=2024-03-03');
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: '2024-02-28', to: '2024-03-03', timezone: 'Asia/Shanghai', shops: ['main', 'outlet'] });
    const day = (d: string, shop: string) => body.days.find((x) => x.day === d && x.shop === shop);
    // Every day x every shop, oldest first, zeros included.
    expect(body.days.map((d) => `${d.day} ${d.shop}`)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02', '2024-03-03'].flatMap((d) => [`${d} main`, `${d} outlet`]));
    const expected: Record<string, Figures> = {
      '2024-02-28 main': ZERO,
      // Paid: ledger-paid 10000 (23:00), -refund-midnight 20000, -refund-later 30000, -shared 60000. In progress at 24:00: the 5000 requested 23:50.
      '2024-02-29 main': figures(4, '120000', 0, '0', '5000', 0, '0', '120000'),
      // Paid: -refund-failed 40000, -refund-open 50000, -big 2^53+1, -refund-no-finish 800. Refunded: the 5000 finished 00:10.
      // In progress at 24:00: the failed refund's 40000 (until it failed on 03-02) and the open 1500.
      '2024-03-01 main': figures(4, '9007199254831793', 1, '5000', '41500', 0, '0', '9007199254826793'),
      // The failed refund leaves "in progress"; the sharing of 6000 succeeded (the PENDING and the failed ones do not count).
      '2024-03-02 main': figures(0, '0', 0, '0', '1500', 1, '6000', '0'),
      // ledger-refund-later: requested and refunded the same day.
      '2024-03-03 main': figures(0, '0', 1, '30000', '1500', 0, '0', '-30000'),
      '2024-02-28 outlet': ZERO,
      '2024-02-29 outlet': ZERO,
      '2024-03-01 outlet': figures(1, '25800', 0, '0', '0', 0, '0', '25800'),
      '2024-03-02 outlet': ZERO,
      '2024-03-03 outlet': ZERO,
    };
    for (const [key, want] of Object.entries(expected)) {
      const [d, shop] = key.split(' ') as [string, string];
      expect(day(d, shop), key).toEqual({ day: d, shop, ...want, ...SYNC_OFF });
    }
    expect(body.totals).toEqual({
      paidCount: 9,
      paidFen: '9007199254977593',
      refundedCount: 2,
      refundedFen: '35000',
      refundInProgressFen: '1500',
      sharedCount: 1,
      sharedFen: '6000',
      netFen: '9007199254942593',
    });
    expect(body.purchases).toEqual({
      days: [
        { day: '2024-02-28', count: 0, fen: '0', complete: false },
        { day: '2024-02-29', count: 0, fen: '0', complete: false },
        { day: '2024-03-01', count: 1, fen: '19900', complete: false },
        { day: '2024-03-02', count: 0, fen: '0', complete: false },
        { day: '2024-03-03', count: 0, fen: '0', complete: false },
      ],
      count: 1,
      fen: '19900',
    });
    // Paid without pay_time; a SUCCESS refund without finish_time: counted apart, on no day.
    expect(body.unplaced).toEqual({ paidCount: 1, paidFen: '700', refundedCount: 1, refundedFen: '800', sharedCount: 0, sharedFen: '0' });
  });

  it('carries refunds in progress from before the range, and narrows to one shop', async () => {
    const { body } = await ledger('from=2024-03-02&to=2024-03-02&shop=main');
    expect(body.shops).toEqual(['main']);
    expect(body.days).toEqual([{ day: '2024-03-02', shop: 'main', ...figures(0, '0', 0, '0', '1500', 1, '6000', '0'), ...SYNC_OFF }]);
    expect(body.totals).toEqual(figures(0, '0', 0, '0', '1500', 1, '6000', '0'));
    expect((await ledger('from=2024-03-01&to=2024-03-01&shop=outlet')).body.totals).toEqual(figures(1, '25800', 0, '0', '0', 0, '0', '25800'));
  });

  it('lists the orders behind each figure', async () => {
    const orders = async (query: string) => {
      const answer = await api(`/api/ledger/orders?${query}`, server.url, finance);
      expect(answer.status, query).toBe(200);
      return answer.body as unknown as LedgerOrdersAnswer;
    };
    const brief = (a: LedgerOrdersAnswer) => a.items.map((i) => [i.orderId, i.movementId, i.amountFen, i.at, i.result]);
    expect(brief(await orders('day=2024-02-29&shop=main&figure=paid'))).toEqual([
      ['ledger-paid', null, '10000', '2024-02-29T23:00:00.000+08:00', null],
      ['ledger-refund-later', null, '30000', '2024-02-29T23:30:00.000+08:00', null],
      ['ledger-refund-midnight', null, '20000', '2024-02-29T22:00:00.000+08:00', null],
      ['ledger-shared', null, '60000', '2024-02-29T23:50:00.000+08:00', null],
    ]);
    expect(brief(await orders('day=2024-03-01&shop=main&figure=paid'))).toEqual([
      ['ledger-big', null, '9007199254740993', '2024-03-01T00:01:00.000+08:00', null],
      ['ledger-refund-failed', null, '40000', '2024-03-01T01:00:00.000+08:00', null],
      ['ledger-refund-no-finish', null, '800', '2024-03-01T00:02:00.000+08:00', null],
      ['ledger-refund-open', null, '50000', '2024-03-01T00:10:00.000+08:00', null],
    ]);
    expect(brief(await orders('day=2024-03-01&shop=main&figure=refunded'))).toEqual([['ledger-refund-midnight', '50301901362024030100000000001', '5000', '2024-03-01T00:10:00.000+08:00', 'SUCCESS']]);
    expect(brief(await orders('day=2024-03-03&shop=main&figure=refunded'))).toEqual([['ledger-refund-later', '50301901362024030100000000002', '30000', '2024-03-03T02:00:00.000+08:00', 'SUCCESS']]);
    // In progress at the end of a day: each refund requested by then and not yet finished; `at` is its request.
    expect(brief(await orders('day=2024-02-29&shop=main&figure=refund-in-progress'))).toEqual([['ledger-refund-midnight', '50301901362024030100000000001', '5000', '2024-02-29T23:50:00.000+08:00', 'SUCCESS']]);
    expect(brief(await orders('day=2024-03-01&shop=main&figure=refund-in-progress'))).toEqual([
      ['ledger-refund-failed', '50301901362024030100000000003', '40000', '2024-03-01T02:00:00.000+08:00', 'FAIL'],
      ['ledger-refund-open', '50301901362024030100000000004', '1500', '2024-03-01T00:20:00.000+08:00', 'PROCESSING'],
    ]);
    expect(brief(await orders('day=2024-03-02&shop=main&figure=shared'))).toEqual([['ledger-shared', '30002107912024030100000000001', '6000', '2024-03-02T00:01:00.000+08:00', 'SUCCESS']]);
    const purchases = await orders('day=2024-03-01&figure=purchases');
    expect(purchases).toEqual({
      items: [{ kind: 'service-provider', shop: '', orderId: 'ledger-sp-purchase', movementId: null, amountFen: '19900', at: '2024-03-01T00:00:30.000+08:00', result: null }],
      nextCursor: null,
    });
    expect((await orders('day=2024-03-01&shop=outlet&figure=paid')).items.map((i) => [i.kind, i.shop, i.orderId])).toEqual([['shop', 'outlet', 'ledger-outlet-paid']]);
  });

  it('pages the orders behind a figure, 100 at a time, with a cursor', async () => {
    const page = async (cursor: string | null) => {
      const answer = await api(`/api/ledger/orders?day=2024-03-05&shop=main&figure=refunded${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, server.url, finance);
      expect(answer.status).toBe(200);
      return answer.body as unknown as LedgerOrdersAnswer;
    };
    const first = await page(null);
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(first.nextCursor);
    expect(second.items).toHaveLength(20);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i) => i.movementId);
    expect(ids).toEqual(Array.from({ length: 120 }, (_, i) => `5030190136202403050000${String(i + 1).padStart(7, '0')}`));
    expect((await api('/api/ledger/orders?day=2024-02-29&shop=main&figure=paid&cursor=not-a-cursor', server.url, finance)).status).toBe(400);
  });

  it('downloads the days and the orders as CSV, with ids as text and exact fen', async () => {
    const days = await api('/api/ledger.csv?from=2024-02-28&to=2024-03-03&lang=en', server.url, finance);
    expect(days.status).toBe(200);
    expect(days.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(days.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    // 5 days x 2 shops, then the purchases' 5 days.
    expect(rows).toHaveLength(15);
    const main0301 = rows.find((r) => r['Day (Asia/Shanghai)'] === '2024-03-01' && r.Shop === 'main')!;
    expect(main0301).toMatchObject({
      'Paid (count)': '4',
      'Paid (¥)': '90071992548317.93',
      'Paid (fen)': '9007199254831793',
      'Refunded (count)': '1',
      'Refunded (fen)': '5000',
      'Refunds in progress at the end of the day (fen)': '41500',
      'Shared (fen)': '0',
      'Net (paid − refunded) (fen)': '9007199254826793',
      Complete: 'no',
      Completeness: 'Sync off: looked-up orders only',
    });
    const purchase = rows.find((r) => r['Day (Asia/Shanghai)'] === '2024-03-01' && r.Shop === '')!;
    expect(purchase).toMatchObject({ 'Service-provider purchases (count)': '1', 'Service-provider purchases (fen)': '19900', 'Paid (fen)': '' });
    // Every text cell quoted: ids stay text for a reader that honours quotes.
    expect(days.text).toContain('"9007199254831793"');

    const orders = await api('/api/ledger.csv?from=2024-02-28&to=2024-03-03&rows=orders&lang=zh-CN', server.url, finance);
    expect(orders.status).toBe(200);
    const lines = parse(orders.text, { bom: true, columns: true }) as Array<Record<string, string>>;
    // 4 + 4 + 1 payments, 2 refunds, 1 sharing, 1 purchase.
    expect(lines).toHaveLength(13);
    expect(lines.find((l) => l['订单号'] === 'ledger-refund-midnight' && l['项目'] === '退款')).toMatchObject({
      日期: '2024-03-01',
      退款或分账单号: '50301901362024030100000000001',
      '金额（分）': '5000',
      时间: '2024-03-01 00:10:00 GMT+8',
      微信结果: 'SUCCESS',
    });
    expect(orders.text).toContain('"50301901362024030100000000001"');
  });

  it('downloads an XLSX with sheets Days and Orders, ids as text cells', async () => {
    const response = await fetch(`${server.url}/api/ledger.xlsx?from=2024-02-28&to=2024-03-03&lang=en`, { headers: { cookie: finance } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Days', 'Orders']);
    const days = workbook.getWorksheet('Days')!;
    const heads = (days.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => heads.indexOf(name) + 1;
    const mainMarch1 = days.getRows(2, days.rowCount - 1)!.find((r) => r.getCell(1).value === '2024-03-01' && r.getCell(2).value === 'main')!;
    expect(mainMarch1.getCell(col('Paid (fen)')).value).toBe('9007199254831793');
    expect(mainMarch1.getCell(col('Paid (fen)')).numFmt).toBe('@');
    expect(mainMarch1.getCell(col('Paid (count)')).value).toBe(4);
    expect(mainMarch1.getCell(col('Refunds in progress at the end of the day (fen)')).value).toBe('41500');
    const orders = workbook.getWorksheet('Orders')!;
    const oheads = (orders.getRow(1).values as unknown[]).slice(1);
    const ocol = (name: string) => oheads.indexOf(name) + 1;
    expect(orders.rowCount).toBe(14);
    const big = orders.getRows(2, orders.rowCount - 1)!.find((r) => r.getCell(ocol('Order')).value === 'ledger-big')!;
    expect(big.getCell(ocol('Amount (fen)')).value).toBe('9007199254740993');
    expect(big.getCell(ocol('Amount (fen)')).numFmt).toBe('@');
    expect(big.getCell(ocol('Order')).numFmt).toBe('@');
    const refund = orders.getRows(2, orders.rowCount - 1)!.find((r) => r.getCell(ocol('Order')).value === 'ledger-refund-later' && r.getCell(ocol('Figure')).value === 'Refunded')!;
    expect(refund.getCell(ocol('Refund or sharing id')).value).toBe('50301901362024030100000000002');
    expect(refund.getCell(ocol('Refund or sharing id')).numFmt).toBe('@');
  });

  it('refuses bad input with a 400 in both languages, and support with a 403', async () => {
    for (const query of ['from=2024-02-30', 'from=yesterday', 'from=2024-03-03&to=2024-03-01', 'from=2023-01-01&to=2024-03-01', 'shop=nowhere', 'to=2024-3-1']) {
      const { status, body } = await ledger(query);
      expect(status, query).toBe(400);
      expect(body.error?.message, query).toMatch(/\w/);
      expect(body.error?.zh.message, query).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const query of ['day=2024-03-01&shop=main&figure=everything', 'day=2024-03-01&figure=paid', 'day=03/01/2024&shop=main&figure=paid', 'day=2024-03-01&shop=nowhere&figure=paid']) {
      expect((await api(`/api/ledger/orders?${query}`, server.url, finance)).status, query).toBe(400);
    }
    // A cursor of the right form holding a NUL (PostgreSQL refuses it in text), and a shop named for purchases that is none.
    const nulCursor = Buffer.from(JSON.stringify(['\u0000', 'x'])).toString('base64url');
    expect((await api(`/api/ledger/orders?day=2024-03-01&shop=main&figure=paid&cursor=${nulCursor}`, server.url, finance)).status).toBe(400);
    expect((await api('/api/ledger/orders?day=2024-03-01&shop=nowhere&figure=purchases', server.url, finance)).status).toBe(400);
    // An end worked out from the other (30 days on or back) is held to the same bounds as one typed.
    for (const query of ['from=2100-12-31', 'to=2000-01-01']) expect((await ledger(query)).status, query).toBe(400);
    expect((await api('/api/ledger.csv?from=2024-03-01&to=2024-03-01&rows=everything', server.url, finance)).status).toBe(400);
    expect((await api('/api/ledger.xlsx?from=2024-03-03&to=2024-03-01', server.url, finance)).status).toBe(400);
    for (const path of ['/api/ledger', '/api/ledger/orders?day=2024-03-01&shop=main&figure=paid', '/api/ledger.csv', '/api/ledger.xlsx']) {
      expect((await api(path, server.url, support)).status, path).toBe(403);
    }
  });

  // The per-day sums, worked out again from the movements: what ledger_day must hold whatever the order of the writes.
  const SUMS_DIFFER = `
    with parts as (
      select day, shop, count(*) filter (where figure = 'paid') as pc, coalesce(sum(amount_fen) filter (where figure = 'paid'), 0) as pf,
             count(*) filter (where figure = 'refund') as rc, coalesce(sum(amount_fen) filter (where figure = 'refund'), 0) as rf, 0::numeric as o,
             count(*) filter (where figure = 'shared') as sc, coalesce(sum(amount_fen) filter (where figure = 'shared'), 0) as sf,
             count(*) filter (where figure = 'purchase') as uc, coalesce(sum(amount_fen) filter (where figure = 'purchase'), 0) as uf
      from ledger_movement where day is not null and counts group by day, shop
      union all select open_from, shop, 0, 0, 0, 0, sum(amount_fen), 0, 0, 0, 0 from ledger_movement where open_from is not null group by open_from, shop
      union all select open_until, shop, 0, 0, 0, 0, -sum(amount_fen), 0, 0, 0, 0 from ledger_movement where open_until is not null group by open_until, shop),
    expected as (select day, shop, sum(pc) pc, sum(pf) pf, sum(rc) rc, sum(rf) rf, sum(o) o, sum(sc) sc, sum(sf) sf, sum(uc) uc, sum(uf) uf from parts group by day, shop)
    select count(*)::int from expected e full join ledger_day d on d.day = e.day and d.shop = e.shop
    where (coalesce(e.pc, 0), coalesce(e.pf, 0), coalesce(e.rc, 0), coalesce(e.rf, 0), coalesce(e.o, 0), coalesce(e.sc, 0), coalesce(e.sf, 0), coalesce(e.uc, 0), coalesce(e.uf, 0))
       is distinct from (coalesce(d.paid_count, 0), coalesce(d.paid_fen, 0), coalesce(d.refunded_count, 0), coalesce(d.refunded_fen, 0), coalesce(d.refund_open_fen, 0),
                         coalesce(d.shared_count, 0), coalesce(d.shared_fen, 0), coalesce(d.purchase_count, 0), coalesce(d.purchase_fen, 0))`;

  it.skipIf(!process.env.DATABASE_URL)('loses no delta and deadlocks on nothing when two servers write the same orders and days at once (PostgreSQL)', async () => {
    const other = await ServerWithDatabase.start(await ownServerEnv(sim.url, { ...twoShopsEnv() }, { DATABASE_URL: server.env.DATABASE_URL! }));
    try {
      const otherFinance = await signInCookie(other.url, 'finance@demo.local');
      // Orders whose answer changes after the first look (a refund PROCESSING, then SUCCESS): every write moves the sums.
      const ids = Array.from({ length: 12 }, (_, i) => `turn-refund-ledger-${i}`);
      const looks = [...ids, ...ids, ...ids].flatMap((id, i) => [
        api(`/api/orders/shop/${id}?shop=main`, server.url, finance),
        api(`/api/orders/shop/${ids[(i + 5) % ids.length]}?shop=main`, other.url, otherFinance),
      ]);
      for (const answer of await Promise.all(looks)) expect(answer.status).toBe(200);
      // Each server writes what it left waiting, then the sums are read against the movements.
      await api('/api/ledger?from=2023-11-14&to=2023-11-16', server.url, finance);
      await api('/api/ledger?from=2023-11-14&to=2023-11-16', other.url, otherFinance);
      expect(await server.sql<{ n: number }>(`select (${SUMS_DIFFER}) as n`)).toEqual([{ n: 0 }]);
      const day = (await ledger('from=2023-11-15&to=2023-11-15&shop=main')).body.days[0]!;
      // 12 orders paid 2023-11-15 (T0 + 60 s, China time), each with a refund of 2,000: refunded once the answer turned, in progress
      // where the index still holds the first answer (which answer is newest is the fetch time's call).
      expect([day.paidCount, day.paidFen, BigInt(day.refundedFen) + BigInt(day.refundInProgressFen)]).toEqual([12, '120000', 24000n]);
    } finally {
      await other.app.stop();
    }
  }, 180_000);

  it('audits each view and download as the orders list and its CSV are, and keeps the sums equal to the movements', async () => {
    const admin = await signInCookie(server.url, 'admin@demo.local');
    await api('/api/ledger?from=2024-03-01&to=2024-03-02&shop=main', server.url, admin);
    await api('/api/ledger.csv?from=2024-03-01&to=2024-03-02&rows=orders', server.url, admin);
    expect((await api('/api/ledger?from=2024-03-03&to=2024-03-01', server.url, admin)).status).toBe(400);
    // One query (on PGlite the server stops for it): the admin's ledger entries, and the sums that differ from the movements.
    const [row] = await server.sql<{ audit: Array<[string, unknown]>; n: number }>(
      `select (select json_agg(json_build_array(action, status, detail->'ledger', detail->'refused') order by id) from audit_log where user_email = 'admin@demo.local' and detail ? 'ledger') as audit,
              (${SUMS_DIFFER}) as n`,
    );
    expect(row!.audit).toEqual([
      ['orders.list', 200, { from: '2024-03-01', to: '2024-03-02', shop: 'main' }, null],
      ['orders.export', 200, { from: '2024-03-01', to: '2024-03-02', format: 'csv', rows: 'orders' }, null],
      // A refused request is audited too, with its 400, what it asked and why.
      ['orders.list', 400, { query: '?from=2024-03-03&to=2024-03-01' }, 'invalid_request'],
    ]);
    expect(row!.n).toBe(0);
  }, 180_000);

  it('takes in the orders indexed before it shipped, and places the days again when the timezone changes', async () => {
    const before = (await ledger('from=2024-02-28&to=2024-03-03')).body;
    // As if the ledger had just shipped: its tables empty, the index full. The next start takes the orders in.
    await server.sql('delete from ledger_movement; delete from ledger_day; delete from ledger_order; delete from ledger_setting');
    if (server.env.DATABASE_URL) await server.restart();
    const after = (await ledger('from=2024-02-28&to=2024-03-03')).body;
    expect(after.days).toEqual(before.days);
    expect([after.totals, after.purchases, after.unplaced]).toEqual([before.totals, before.purchases, before.unplaced]);

    server.env.ORDER_DESK_TIMEZONE = 'UTC';
    await server.restart();
    const utc = (await ledger('from=2024-02-29&to=2024-03-01&shop=main')).body;
    expect(utc.timezone).toBe('UTC');
    // In UTC every payment of the main shop falls on 02-29 (the last, ledger-refund-failed, at 17:00 UTC), and so does the refund
    // finished at 16:10 UTC; at the end of 02-29 UTC the failed refund (requested 18:00) and the open one (16:20) are in progress.
    expect(utc.days.map((d) => [d.day, d.paidCount, d.paidFen, d.refundedCount, d.refundedFen, d.refundInProgressFen, d.sharedCount, d.sharedFen, d.netFen])).toEqual([
      ['2024-02-29', 8, '9007199254951793', 1, '5000', '41500', 0, '0', '9007199254946793'],
      ['2024-03-01', 0, '0', 0, '0', '1500', 1, '6000', '0'],
    ]);
    expect(utc.purchases.days.map((d) => [d.day, d.count, d.fen])).toEqual([
      ['2024-02-29', 1, '19900'],
      ['2024-03-01', 0, '0'],
    ]);
  }, 240_000);
});
