import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPUS, DEMO_ACCOUNTS, startSimulator, type Simulator } from './server';

/** The two list endpoints over real HTTP, on a frozen clock: 2026-11-30 08:53:20 UTC. */
const NOW = 1_796_000_000;
const DAY = 86_400;
const [spAccount, shopAccount, outletAccount] = DEMO_ACCOUNTS as [(typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0]];

let sim: Simulator;
const tokens = new Map<string, string>();

beforeAll(async () => {
  sim = await startSimulator({ now: NOW });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

type Answer = Record<string, unknown> & { errcode: number; errmsg?: string };

async function token(account: (typeof DEMO_ACCOUNTS)[0]): Promise<string> {
  const known = tokens.get(account.appid);
  if (known) return known;
  const answer = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: account.appid, secret: account.secret });
  tokens.set(account.appid, answer.access_token as string);
  return answer.access_token as string;
}

async function post(path: string, body: unknown, options: { token?: string; method?: string; contentType?: string } = {}): Promise<Answer> {
  const url = `${sim.url}${path}${options.token ? `?access_token=${options.token}` : ''}`;
  const response = await fetch(url, {
    method: options.method ?? 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json' },
    ...(options.method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return (await response.json()) as Answer;
}

const shopList = async (body: unknown, account = shopAccount) => post('/shop/pay/getorderlist', body, { token: await token(account) });
const spList = async (body: unknown) => post('/wxa/charge/service-provider/order/query_list', body, { token: await token(spAccount) });
const getOrder = async (tradeNo: string, account = shopAccount) => post('/shop/pay/getorder', { trade_no: tradeNo }, { token: await token(account) });
async function spGet(orderId: string): Promise<Answer> {
  const response = await fetch(`${sim.url}/wxa/charge/service-provider/order/get?access_token=${await token(spAccount)}&orderId=${orderId}`);
  return (await response.json()) as Answer;
}

/** Every trade number of one window, page by page; throws on an errcode. */
async function listWindow(begin: number, end: number, pageSize: number, account = shopAccount): Promise<{ tradeNos: string[]; pages: number }> {
  const tradeNos: string[] = [];
  let lastIndex: string | undefined;
  for (let pages = 1; ; pages += 1) {
    const page = await shopList({ begin_create_time: begin, end_create_time: end, page_size: pageSize, ...(lastIndex ? { last_index: lastIndex } : {}) }, account);
    if (page.errcode !== 0) throw new Error(`errcode ${page.errcode} ${page.errmsg}`);
    const list = page.trade_no_list as string[];
    expect(list.length).toBeLessThanOrEqual(pageSize);
    tradeNos.push(...list);
    if (!page.has_more) return { tradeNos, pages };
    lastIndex = page.last_index as string;
  }
}

/** Every order of an SPU, 20 at a time until `total`. */
async function listSpu(spuId: string, limit = 20): Promise<{ orders: Array<Record<string, unknown>>; totals: Set<number> }> {
  const orders: Array<Record<string, unknown>> = [];
  const totals = new Set<number>();
  for (let offset = 0; ; offset += limit) {
    const page = await spList({ spuId, offset, limit });
    if (page.errcode !== 0) throw new Error(`errcode ${page.errcode} ${page.errmsg}`);
    totals.add(page.total as number);
    orders.push(...(page.orderList as Array<Record<string, unknown>>));
    if (offset + limit >= (page.total as number)) return { orders, totals };
  }
}

const dayStart = (daysBack: number) => (Math.floor(NOW / DAY) - daysBack) * DAY;

describe('shop/pay/getorderlist: the documented limits', () => {
  it('refuses a window over one day, page_size missing, over 100, under 1 or a string, and bad times, with 40097', async () => {
    const ok = { begin_create_time: NOW - DAY, end_create_time: NOW, page_size: 100 };
    expect((await shopList(ok)).errcode).toBe(0);
    const refused = [
      { ...ok, begin_create_time: NOW - DAY - 1 },
      { begin_create_time: NOW - DAY, end_create_time: NOW },
      { ...ok, page_size: 101 },
      { ...ok, page_size: 0 },
      { ...ok, page_size: '10' },
      { ...ok, page_size: 10.5 },
      { ...ok, begin_create_time: String(NOW - DAY) },
      { ...ok, end_create_time: null },
      { ...ok, begin_create_time: NOW, end_create_time: NOW - 1 },
      { ...ok, last_index: 'not-an-index' },
      { ...ok, mchid: 1623426221 },
    ];
    for (const body of refused) {
      const answer = await shopList(body);
      expect([answer.errcode, answer.errmsg], JSON.stringify(body)).toEqual([40097, expect.stringMatching(/^invalid args: /)]);
    }
    const stats = sim.stats();
    expect(stats.listRefused).toBe(refused.length);
    expect(stats.listCalls.shop).toBe(refused.length + 1);
    expect(stats.listRequests.filter((r) => r.refused).map((r) => JSON.parse(r.body) as unknown)).toEqual(refused);
  });

  it('refuses another method, a body that is not JSON, and a token of another API, as getorder does', async () => {
    const shopToken = await token(shopAccount);
    expect((await post('/shop/pay/getorderlist', undefined, { token: shopToken, method: 'GET' })).errcode).toBe(43002);
    expect((await post('/shop/pay/getorderlist', 'page_size=10', { token: shopToken, contentType: 'application/x-www-form-urlencoded' })).errcode).toBe(47001);
    expect((await post('/shop/pay/getorderlist', { page_size: 10 }, { token: await token(spAccount) })).errcode).toBe(48001);
    expect((await post('/shop/pay/getorderlist', { page_size: 10 })).errcode).toBe(41001);
  });
});

describe('service-provider order/query_list: the documented limits', () => {
  it('refuses limit over 20 or under 1, offset or limit as strings, a negative offset and no spuId, with 10120002', async () => {
    const ok = { spuId: '10000117', offset: 0, limit: 20 };
    expect((await spList(ok)).errcode).toBe(0);
    const refused = [{ ...ok, limit: 21 }, { ...ok, limit: 0 }, { ...ok, limit: '20' }, { ...ok, offset: '0' }, { ...ok, offset: -1 }, { offset: 0, limit: 20 }, { ...ok, spuId: 10000117 }, { spuId: '10000117', offset: 0 }];
    for (const body of refused) {
      const answer = await spList(body);
      expect([answer.errcode, answer.errmsg], JSON.stringify(body)).toEqual([10120002, expect.stringMatching(/^invalid params: /)]);
    }
    expect(sim.stats().listRefused).toBe(refused.length);
  });

  it('answers another method with 10120405 and a shop token with 48001', async () => {
    expect((await post('/wxa/charge/service-provider/order/query_list', undefined, { token: await token(spAccount), method: 'GET' })).errcode).toBe(10120405);
    expect((await post('/wxa/charge/service-provider/order/query_list', { spuId: '10000117', offset: 0, limit: 20 }, { token: await token(shopAccount) })).errcode).toBe(48001);
  });
});

describe('listing every order', () => {
  it('pages each shop through 90 days of one-day windows: every order once, none missing, thousands of them', async () => {
    for (const account of [shopAccount, outletAccount]) {
      const seen = new Set<string>();
      let calls = 0;
      // Windows [d, d + 86399]: adjacent, not overlapping; pages of 100, 25 and 7 in turn.
      for (let back = 90; back >= 0; back -= 1) {
        const { tradeNos, pages } = await listWindow(dayStart(back), dayStart(back) + DAY - 1, [100, 25, 7][back % 3]!, account);
        calls += pages;
        for (const tradeNo of tradeNos) {
          expect(seen.has(tradeNo), tradeNo).toBe(false);
          seen.add(tradeNo);
        }
      }
      const expected = sim.countListed({ appid: account.appid, from: dayStart(90), to: NOW });
      expect(seen.size).toBe(expected);
      expect(expected).toBeGreaterThan(account === shopAccount ? 2500 : 900);
      expect(calls).toBeGreaterThan(120);
      // Nothing before the 90 days, nothing after the clock.
      expect((await listWindow(dayStart(92), dayStart(91), 100, account)).tradeNos).toEqual([]);
      expect((await listWindow(NOW + 1, NOW + DAY, 100, account)).tradeNos).toEqual([]);
    }
  }, 60_000);

  it('gives the same window the same orders whatever the page size, in create order', async () => {
    const window = [dayStart(3) + 3600, dayStart(2) + 3600] as const;
    const big = await listWindow(...window, 100);
    const small = await listWindow(...window, 7);
    expect(small.tradeNos).toEqual(big.tradeNos);
    expect(small.pages).toBe(Math.ceil(big.tradeNos.length / 7) + (big.tradeNos.length % 7 === 0 ? 1 : 0));
    const created = await Promise.all(small.tradeNos.map(async (no) => ((await getOrder(no)).order as { create_time: number }).create_time));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(created.every((t) => t >= window[0] && t <= window[1])).toBe(true);
  });

  it('includes both ends of a window: an order at exactly midnight is in the windows before and after it', async () => {
    let found = 0;
    for (let back = 1; back <= 30; back += 1) {
      const midnight = dayStart(back);
      const { tradeNos } = await listWindow(midnight, midnight, 100);
      if (tradeNos.length === 0) continue;
      found += 1;
      expect((await listWindow(midnight - DAY, midnight, 100)).tradeNos.at(-1)).toBe(tradeNos[0]);
      expect((await listWindow(midnight, midnight + 60, 100)).tradeNos[0]).toBe(tradeNos[0]);
    }
    expect(found).toBeGreaterThan(0);
  });

  it('filters by mchid: the shop’s own lists everything, another none', async () => {
    const all = await listWindow(dayStart(1), dayStart(0), 100);
    expect((await shopList({ begin_create_time: dayStart(1), end_create_time: dayStart(0), page_size: 100, mchid: '1623426221' })).trade_no_list).toEqual(all.tradeNos.slice(0, 100));
    expect(await shopList({ begin_create_time: dayStart(1), end_create_time: dayStart(0), page_size: 100, mchid: '1900000119' })).toMatchObject({ errcode: 0, trade_no_list: [], has_more: false });
  });

  it('pages each SPU with offset and limit until total: every order once, newest first, total steady', async () => {
    for (const { spuId } of DEFAULT_SPUS) {
      const { orders, totals } = await listSpu(spuId);
      const ids = orders.map((o) => o.orderId as string);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(sim.countListed({ spuId }));
      expect([...totals]).toEqual([ids.length]);
      const created = orders.map((o) => o.createTime as number);
      expect(created).toEqual([...created].sort((a, b) => b - a));
      expect(orders.every((o) => (o.orderProductInfo as { spSpuId: string }).spSpuId === spuId)).toBe(true);
    }
    expect(sim.countListed({ spuId: '10000117' })).toBeGreaterThan(700);
    // An odd limit lists the same orders.
    expect((await listSpu('10000120', 7)).orders.map((o) => o.orderId)).toEqual((await listSpu('10000120')).orders.map((o) => o.orderId));
    // Past the end: an empty page that still says the total; an SPU nobody sells: nothing (our choice).
    expect(await spList({ spuId: '10000120', offset: 100_000, limit: 20 })).toMatchObject({ errcode: 0, total: sim.countListed({ spuId: '10000120' }), orderList: [] });
    expect(await spList({ spuId: '10009999', offset: 0, limit: 20 })).toMatchObject({ errcode: 0, total: 0, orderList: [] });
  }, 30_000);

  it('lists exactly ordersPerDay a day with jitter 0, at a benchmark’s scale', async () => {
    const bench = await startSimulator({ now: dayStart(0), orderLists: { shopOrdersPerDay: 1500, jitter: 0, historyDays: 7 } });
    try {
      const t = (await (await fetch(`${bench.url}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: shopAccount.appid, secret: shopAccount.secret }) })).json()) as { access_token: string };
      const seen = new Set<string>();
      for (let back = 7; back >= 1; back -= 1) {
        let lastIndex: string | undefined;
        do {
          const body = JSON.stringify({ begin_create_time: dayStart(back), end_create_time: dayStart(back - 1) - 1, page_size: 100, ...(lastIndex ? { last_index: lastIndex } : {}) });
          const page = (await (await fetch(`${bench.url}/shop/pay/getorderlist?access_token=${t.access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { trade_no_list: string[]; has_more: boolean; last_index: string };
          for (const no of page.trade_no_list) seen.add(no);
          lastIndex = page.has_more ? page.last_index : undefined;
        } while (lastIndex);
      }
      expect(seen.size).toBe(7 * 1500);
      // 15 full pages a day: the fifteenth says has_more false, with no empty page after it.
      expect(bench.stats().listCalls.shop).toBe(7 * 15);
      expect(bench.countListed({ appid: outletAccount.appid, from: dayStart(7), to: dayStart(0) })).toBe(7 * 1500);
    } finally {
      await bench.close();
    }
  }, 30_000);

  it('is the same for the same seed and clock, and another seed lists other orders', async () => {
    const again = await startSimulator({ now: NOW });
    const other = await startSimulator({ now: NOW, orderLists: { seed: 23 } });
    try {
      const body = JSON.stringify({ begin_create_time: dayStart(5), end_create_time: dayStart(4), page_size: 100 });
      const listed = async (s: Simulator) => {
        const t = (await (await fetch(`${s.url}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: shopAccount.appid, secret: shopAccount.secret }) })).json()) as { access_token: string };
        return (await fetch(`${s.url}/shop/pay/getorderlist?access_token=${t.access_token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
      };
      expect(await listed(again)).toBe(await listed(sim));
      expect(await listed(other)).not.toBe(await listed(sim));
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});

describe('listed orders and the lookups', () => {
  it('answer getorder for every listed trade number, as the list placed it, and only in their own shop', async () => {
    const window = [dayStart(10), dayStart(9) - 1] as const;
    const { tradeNos } = await listWindow(...window, 100);
    expect(tradeNos.length).toBeGreaterThan(10);
    for (const tradeNo of tradeNos) {
      const answer = await getOrder(tradeNo);
      expect(answer.errcode).toBe(0);
      const order = answer.order as { trade_no: string; mchid: string; create_time: number; update_time: number };
      expect(order.trade_no).toBe(tradeNo);
      expect(order.mchid).toBe('1623426221');
      expect(order.create_time).toBeGreaterThanOrEqual(window[0]);
      expect(order.create_time).toBeLessThanOrEqual(window[1]);
      expect(order.update_time).toBeGreaterThanOrEqual(order.create_time);
      expect(order.update_time).toBeLessThanOrEqual(NOW);
      // The other shop has no such order.
      expect((await getOrder(tradeNo, outletAccount)).order).toBeUndefined();
    }
    // A trade number of the right shape for a day with fewer orders, or a day in the future: no order.
    expect((await getOrder(`${tradeNos[0]!.slice(0, 10)}99999`)).order).toBeUndefined();
    expect((await getOrder('209901010100000')).order).toBeUndefined();
  }, 30_000);

  it('answer order/get for every listed service-provider order with the very object the list gave', async () => {
    const { orders } = await listSpu('10000120');
    for (const listed of orders.slice(0, 60)) {
      const answer = await spGet(listed.orderId as string);
      expect(answer.order).toEqual(listed);
    }
    // An id of the right shape with wrong check digits is no order.
    const id = orders[0]!.orderId as string;
    expect((await spGet(`${id.slice(0, -3)}${id.endsWith('000') ? '001' : '000'}`)).errcode).toBe(10120002);
  });
});

describe('orders that change with the simulator’s clock', () => {
  interface ShopOrder {
    pay_time?: number;
    close_status?: number;
    update_time: number;
    refund_list?: Array<{ result: string; finish_time?: number }>;
    profit_sharing_list?: Array<{ result: string; finish_time?: number }>;
  }
  const orderOf = async (tradeNo: string) => (await getOrder(tradeNo)).order as ShopOrder;

  it('move on when the clock does: payments, closings, refunds and sharings appear and finish; a later listing finds new orders', async () => {
    // Today's window (the clock is at 08:53 UTC) and yesterday's.
    const today = [dayStart(0), dayStart(0) + DAY - 1] as const;
    const before = await listWindow(...today, 100);
    const yesterday = await listWindow(dayStart(1), dayStart(0) - 1, 100);
    const listed = [...yesterday.tradeNos, ...before.tradeNos];
    const earlier = new Map(await Promise.all(listed.map(async (no) => [no, await orderOf(no)] as const)));

    sim.advanceClock(12 * DAY);
    expect(sim.now()).toBe(NOW + 12 * DAY);
    const after = await listWindow(...today, 100);
    expect(after.tradeNos.slice(0, before.tradeNos.length)).toEqual(before.tradeNos);
    expect(after.tradeNos.length).toBeGreaterThan(before.tradeNos.length);

    const changes = { paid: 0, closed: 0, refundAppeared: 0, refundFinished: 0, sharingAppeared: 0, sharingFinished: 0, unchanged: 0 };
    for (const [no, then] of earlier) {
      const later = await orderOf(no);
      if (!then.pay_time && later.pay_time) changes.paid += 1;
      if (!then.close_status && later.close_status === 1) changes.closed += 1;
      if ((later.refund_list?.length ?? 0) > (then.refund_list?.length ?? 0)) changes.refundAppeared += 1;
      if ((later.profit_sharing_list?.length ?? 0) > (then.profit_sharing_list?.length ?? 0)) changes.sharingAppeared += 1;
      if (later.refund_list?.some((r, i) => r.finish_time && then.refund_list?.[i]?.result === 'PROCESSING')) changes.refundFinished += 1;
      if (later.profit_sharing_list?.some((s, i) => s.finish_time && then.profit_sharing_list?.[i]?.result === 'PROCESSING')) changes.sharingFinished += 1;
      if (later.update_time === then.update_time) {
        changes.unchanged += 1;
        expect(later).toEqual(then);
      } else {
        expect(later.update_time).toBeGreaterThan(then.update_time);
      }
    }
    expect(changes.refundAppeared, JSON.stringify(changes)).toBeGreaterThan(0);
    expect(changes.sharingAppeared, JSON.stringify(changes)).toBeGreaterThan(0);
    expect(changes.paid + changes.closed, JSON.stringify(changes)).toBeGreaterThan(0);


    // Orders of the last six days: a refund or sharing in progress then has finished 12 days on.
    sim.reset();
    const older: string[] = [];
    for (let back = 6; back >= 1; back -= 1) older.push(...(await listWindow(dayStart(back), dayStart(back - 1) - 1, 100)).tradeNos);
    const inProgress: string[] = [];
    for (const no of older) {
      const order = await orderOf(no);
      if ([...(order.refund_list ?? []), ...(order.profit_sharing_list ?? [])].some((r) => r.result === 'PROCESSING')) inProgress.push(no);
    }
    expect(inProgress.length).toBeGreaterThan(0);
    sim.advanceClock(12 * DAY);
    for (const no of inProgress) {
      const order = await orderOf(no);
      expect([...(order.refund_list ?? []), ...(order.profit_sharing_list ?? [])].every((r) => r.result !== 'PROCESSING' && r.finish_time), no).toBe(true);
    }
  }, 60_000);

  it('move service-provider orders on too, and the list and order/get agree at every time', async () => {
    const first = (await listSpu('10000117')).orders;
    sim.advanceClock(5 * DAY);
    const later = (await listSpu('10000117')).orders;
    expect(later.length).toBeGreaterThan(first.length);
    const byId = new Map(later.map((o) => [o.orderId, o]));
    const moved = first.filter((o) => o.updateTime !== byId.get(o.orderId)!.updateTime);
    expect(moved.length).toBeGreaterThan(0);
    for (const listed of moved.slice(0, 20)) expect((await spGet(listed.orderId as string)).order).toEqual(byId.get(listed.orderId));
  });

  it('is steered over HTTP: GET and POST /__sim/clock, and reset puts the clock back', async () => {
    expect(await (await fetch(`${sim.url}/__sim/clock`)).json()).toEqual({ now: NOW });
    const moved = await post('/__sim/clock', { advance: 3600 });
    expect(moved).toEqual({ now: NOW + 3600 });
    expect(await post('/__sim/clock', { now: NOW - DAY })).toEqual({ now: NOW - DAY });
    expect((await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: '{"now":"soon"}' })).status).toBe(400);
    const real = await post('/__sim/clock', { now: null });
    expect(Math.abs((real.now as unknown as number) - Date.now() / 1000)).toBeLessThan(120);
    sim.reset();
    expect(sim.now()).toBe(NOW);
  });
});

describe('faults mid-listing', () => {
  const window = { begin_create_time: dayStart(2), end_create_time: dayStart(1) - 1, page_size: 10 };

  it('answers 45011 on the page a rule names, then carries on from the same last_index', async () => {
    sim.addListFault({ api: 'shop', code: '45011', after: 1 });
    const first = await shopList(window);
    expect(first.errcode).toBe(0);
    const next = { ...window, last_index: first.last_index };
    expect(await shopList(next)).toMatchObject({ errcode: 45011, errmsg: expect.stringContaining('minute-quota') });
    const retried = await shopList(next);
    expect(retried.errcode).toBe(0);
    expect(retried.trade_no_list).not.toEqual(first.trade_no_list);
    expect((await listWindow(window.begin_create_time, window.end_create_time, 10)).tradeNos.slice(10, 20)).toEqual(retried.trade_no_list);
  });

  it('answers a fault only mid-listing when a rule says so: first pages pass, later pages fail', async () => {
    sim.addListFault({ api: 'shop', code: '45011', page: 'later', times: 'always' });
    sim.addListFault({ api: 'service-provider', code: '-1', page: 'later' });
    const first = await shopList(window);
    expect(first.errcode).toBe(0);
    expect((await shopList({ ...window, begin_create_time: dayStart(5), end_create_time: dayStart(4) })).errcode).toBe(0);
    expect((await shopList({ ...window, last_index: first.last_index })).errcode).toBe(45011);
    expect((await spList({ spuId: '10000117', offset: 0, limit: 20 })).errcode).toBe(0);
    expect((await spList({ spuId: '10000117', offset: 20, limit: 20 })).errcode).toBe(-1);
    expect((await spList({ spuId: '10000117', offset: 20, limit: 20 })).errcode).toBe(0);
  });

  it('keeps failing a window a rule names, every time, while the windows beside it answer', async () => {
    sim.addListFault({ api: 'shop', code: '500', at: dayStart(2) + 7200, times: 'always' });
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${sim.url}/shop/pay/getorderlist?access_token=${await token(shopAccount)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(window) });
      expect(response.status).toBe(502);
    }
    expect((await shopList({ ...window, begin_create_time: dayStart(1), end_create_time: dayStart(0) - 1 })).errcode).toBe(0);
    // A rule naming a shop leaves the other shops alone.
    sim.clearListFaults();
    sim.addListFault({ api: 'shop', code: '-1', appid: outletAccount.appid, times: 'always' });
    expect((await shopList(window)).errcode).toBe(0);
    expect((await shopList(window, outletAccount)).errcode).toBe(-1);
  });

  it('answers 45009 for every list call while the daily quota is used up, and a garbled or dropped page when asked', async () => {
    sim.setQuotaExhausted(true);
    expect((await shopList(window)).errcode).toBe(45009);
    expect((await spList({ spuId: '10000117', offset: 0, limit: 20 })).errcode).toBe(45009);
    sim.setQuotaExhausted(false);
    sim.addListFault({ api: 'service-provider', code: '45009', after: 2, times: 'always' });
    expect((await spList({ spuId: '10000117', offset: 0, limit: 20 })).errcode).toBe(0);
    expect((await spList({ spuId: '10000117', offset: 20, limit: 20 })).errcode).toBe(0);
    expect((await spList({ spuId: '10000117', offset: 40, limit: 20 })).errcode).toBe(45009);
    expect((await spList({ spuId: '10000117', offset: 40, limit: 20 })).errcode).toBe(45009);
    sim.clearListFaults();
    sim.addListFault({ api: 'service-provider', code: 'garbled', offset: 20 });
    expect(await spList({ spuId: '10000117', offset: 20, limit: 20 })).toMatchObject({ errcode: 0, total: '3' });
    sim.addListFault({ api: 'shop', code: 'drop' });
    await expect(shopList(window)).rejects.toThrow();
  });

  it('fails every call for a reserved SPU id 999 + code, and takes rules over HTTP', async () => {
    expect((await spList({ spuId: '99945011', offset: 0, limit: 20 })).errcode).toBe(45011);
    expect((await spList({ spuId: '99945011', offset: 0, limit: 20 })).errcode).toBe(45011);
    expect((await fetch(`${sim.url}/__sim/list-faults`, { method: 'POST', body: JSON.stringify([{ api: 'shop', code: '45011' }, { api: 'service-provider', code: '-1' }]) })).status).toBe(200);
    expect((await shopList(window)).errcode).toBe(45011);
    expect((await shopList(window)).errcode).toBe(0);
    expect((await spList({ spuId: '10000117', offset: 0, limit: 20 })).errcode).toBe(-1);
    expect((await fetch(`${sim.url}/__sim/list-faults`, { method: 'POST', body: JSON.stringify({ api: 'shop', code: 'no-such-fault' }) })).status).toBe(400);
    expect((await fetch(`${sim.url}/__sim/list-faults`, { method: 'POST', body: JSON.stringify({ api: 'mall', code: '45011' }) })).status).toBe(400);
    await post('/__sim/list-faults', { api: 'shop', code: '45011', times: 'always' });
    expect((await fetch(`${sim.url}/__sim/list-faults/clear`, { method: 'POST' })).status).toBe(200);
    expect((await shopList(window)).errcode).toBe(0);
  });
});
