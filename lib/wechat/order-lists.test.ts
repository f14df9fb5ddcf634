import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from '@/wechat-sim/server';
import { AppError } from '@/lib/errors';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import { createWeChatClient, withElementBytes, type WeChatClient } from './client';
import { parseJsonExact } from './http';
import { serviceProviderOrderListAnswerSchema } from './service-provider-order-list';
import { parseServerEnv } from '@/lib/env/server';
import { configFromEnv, type WeChatConfig } from './config';
import { ListRequestRefused } from './list-request';
import type { ServiceProviderOrderListQuery } from './service-provider-order-list';
import type { ShopOrderListQuery } from './shop-order-list';

/** The list-API clients against the simulator, on its frozen clock (2026-11-30 08:53:20 UTC). */
const NOW = 1_796_000_000;
const DAY = 86_400;
const [sp, shop, outlet] = DEMO_ACCOUNTS as [(typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0]];
const dayStart = (daysBack: number) => (Math.floor(NOW / DAY) - daysBack) * DAY;

let sim: Simulator;
let client: WeChatClient;

/** Two shops and the service provider, configured as a deployment would be. */
function config(): WeChatConfig {
  const env = parseServerEnv({
    WECHAT_API_BASE: sim.url,
    WECHAT_TIMEOUT_MS: '2000',
    WECHAT_RETRIES: '2',
    WECHAT_SP_APPID: sp.appid,
    WECHAT_SP_APPSECRET: sp.secret,
    WECHAT_SHOPS: 'main,outlet',
    WECHAT_SHOP_MAIN_APPID: shop.appid,
    WECHAT_SHOP_MAIN_APPSECRET: shop.secret,
    WECHAT_SHOP_OUTLET_APPID: outlet.appid,
    WECHAT_SHOP_OUTLET_APPSECRET: outlet.secret,
  });
  return configFromEnv(env);
}

beforeAll(async () => {
  sim = await startSimulator({ now: NOW, slowMs: 1500 });
  client = createWeChatClient(config(), { backoffMs: 5 });
});
afterEach(() => sim.reset());
afterAll(async () => {
  await client.close();
  await sim.close();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('getShopOrderListPage', () => {
  it('pages a window to the end: every trade number once, as many as the shop has', async () => {
    const query = { beginCreateTime: dayStart(4), endCreateTime: dayStart(3) - 1, pageSize: 9 };
    const seen: string[] = [];
    let lastIndex: string | undefined;
    for (;;) {
      const page = await client.getShopOrderListPage({ ...query, lastIndex });
      seen.push(...page.tradeNos);
      if (!page.hasMore) break;
      expect(page.lastIndex).toBeDefined();
      lastIndex = page.lastIndex;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(sim.countListed({ appid: shop.appid, from: query.beginCreateTime, to: query.endCreateTime }));
    // Each answers the lookup in its own shop, and the other shop lists its own.
    expect((await client.getShopPayOrder(seen[0]!)).order.trade_no).toBe(seen[0]);
    const outletPage = await client.getShopOrderListPage({ ...query, pageSize: 100 }, 'outlet');
    expect(outletPage.tradeNos.length).toBe(sim.countListed({ appid: outlet.appid, from: query.beginCreateTime, to: query.endCreateTime }));
    expect(outletPage.tradeNos.some((no) => seen.includes(no))).toBe(false);
    // What went out: numbers, the window and page size as asked, a last_index only after the first page.
    const sent = sim.stats().listRequests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(sent[0]).toEqual({ begin_create_time: query.beginCreateTime, end_create_time: query.endCreateTime, page_size: 9 });
    expect(sent[1]).toMatchObject({ last_index: expect.stringMatching(/^\d+$/) });
    expect(sim.stats().listRefused).toBe(0);
  });

  it('lists orders the lookup reads as any order: paid, partly refunded, closed; refunds and sharings of every outcome', async () => {
    const states = new Set<string>();
    const refunds = new Set<string>();
    const sharings = new Set<string>();
    for (let back = 20; back >= 3; back -= 1) {
      const page = await client.getShopOrderListPage({ beginCreateTime: dayStart(back), endCreateTime: dayStart(back - 1) - 1, pageSize: 100 });
      for (const tradeNo of page.tradeNos) {
        const order = normaliseShopOrder((await client.getShopPayOrder(tradeNo)).order, new Date(NOW * 1000).toISOString());
        states.add(order.state.key);
        for (const r of order.refunds) refunds.add(r.outcome.key);
        for (const p of order.profitSharing) sharings.add(p.outcome.key);
      }
    }
    expect(states).toEqual(new Set(['paid', 'partly-refunded', 'closed']));
    expect(refunds).toEqual(new Set(['succeeded', 'in-progress', 'failed']));
    expect(sharings).toContain('succeeded');
  }, 30_000);

  it('accepts a window of exactly one day and a page of exactly 100', async () => {
    const page = await client.getShopOrderListPage({ beginCreateTime: dayStart(2), endCreateTime: dayStart(1), pageSize: 100 });
    expect(page.tradeNos.length).toBeGreaterThan(0);
    expect(sim.stats().listRefused).toBe(0);
  });
});

describe('getServiceProviderOrderListPage', () => {
  it('pages an SPU until total, each order validated as order/get validates it and equal to its lookup', async () => {
    const ids: string[] = [];
    let total = Number.POSITIVE_INFINITY;
    for (let offset = 0; offset < total; ) {
      const page = await client.getServiceProviderOrderListPage({ spuId: '10000120', offset, limit: 20 });
      total = page.total;
      expect(page.unreadable).toEqual([]);
      ids.push(...page.orders.map((o) => o.order.orderId));
      offset += page.count;
      if (page.count === 0) break;
    }
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
    expect(total).toBe(sim.countListed({ spuId: '10000120' }));
    const sent = sim.stats().listRequests.map((r) => r.body);
    expect(sent[0]).toBe('{"spuId":"10000120","offset":0,"limit":20}');

    const first = (await client.getServiceProviderOrderListPage({ spuId: '10000120', offset: 0, limit: 5 })).orders;
    for (const listed of first) {
      const fetched = await client.getServiceProviderOrder(listed.order.orderId);
      expect(fetched.order).toEqual(listed.order);
      expect(fetched.raw).toEqual(listed.raw);
      expect(normaliseServiceProviderOrder(listed.order, new Date(NOW * 1000).toISOString()).orderId).toBe(listed.order.orderId);
    }
  });

  it('keeps an entry that does not read as an order apart, with the reason, and reads a total sent as a string', async () => {
    sim.addListFault({ api: 'service-provider', code: 'garbled' });
    const page = await client.getServiceProviderOrderListPage({ spuId: '10000117', offset: 0, limit: 20 });
    expect(page).toMatchObject({ total: 3, orders: [], count: 1 });
    expect(page.unreadable).toEqual([{ raw: { orderId: 42, status: 'paid' }, problem: expect.stringContaining('orderList.0') }]);
  });

  it('gives each listed order its own bytes, element i of the answer as sent, with the call without its token', async () => {
    const query = { spuId: '10000120', offset: 3, limit: 6 };
    const page = await client.getServiceProviderOrderListPage(query);
    expect(page.orders).toHaveLength(6);
    const token = ((await (await fetch(`${sim.url}/cgi-bin/stable_token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: sp.appid, secret: sp.secret }) })).json()) as { access_token: string }).access_token;
    const sent = await (await fetch(`${sim.url}/wxa/charge/service-provider/order/query_list?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) })).text();
    const list = (parseJsonExact(sent) as { orderList: unknown[] }).orderList;
    let from = 0;
    for (const [i, listed] of page.orders.entries()) {
      const bytes = new TextDecoder().decode(listed.received!.bytes);
      // In order, each a piece of the answer as sent, reading as that element.
      const at = sent.indexOf(bytes, from);
      expect(at, `element ${i}`).toBeGreaterThan(from);
      from = at + bytes.length;
      expect(parseJsonExact(bytes)).toEqual(list[i]);
      expect(listed.raw).toEqual(list[i]);
      expect(listed.received!.request).toEqual({ method: 'POST', url: `${sim.url}/wxa/charge/service-provider/order/query_list`, body: query, element: { list: 'orderList', index: i } });
      expect(listed.received!.appId).toBe(sp.appid);
    }
  });

  it('gives no bytes (so no versions), and does not fail, for a page it cannot split into its orders', () => {
    const order = '{"orderId":"DD1","status":2,"createTime":1796000000000,"orderPrice":100,"payInfo":{},"orderProductInfo":{"spSpuId":"1","spSkuId":"2","spuName":"a","skuName":"b","skuCnt":1},"usage":{"used":0,"all":1},"updateTime":1796000000000}';
    const request = { method: 'POST' as const, url: 'https://api.weixin.qq.com/wxa/charge/service-provider/order/query_list', body: { spuId: '1', offset: 0, limit: 20 } };
    const pageOf = (text: string) => serviceProviderOrderListAnswerSchema.parse(JSON.parse(text));
    const good = `{"total":1,"orderList":[${order}]}`;
    expect(withElementBytes(pageOf(good), new TextEncoder().encode(good), request, 'wx1').orders[0]!.received).toBeDefined();
    // The list named twice (the parser takes the last), bytes that do not match the page, garbage.
    for (const [text, bytes] of [
      [`{"total":1,"orderList":[${order}],"orderList":[${order}]}`, undefined],
      [good, `{"total":1,"orderList":[${order},${order}]}`],
      [good, `{"total":1,"orderList":[${order}`],
      [good, '\u0000\uffff'],
    ] as Array<[string, string | undefined]>) {
      const page = pageOf(text);
      expect(page.orders).toHaveLength(1);
      const split = withElementBytes(page, new TextEncoder().encode(bytes ?? text), request, 'wx1');
      expect(split.orders.map((o) => o.received)).toEqual([undefined]);
      expect(split.orders[0]!.order.orderId).toBe('DD1');
    }
  });
});

describe('requests beyond the documented limits', () => {
  const shopOk: ShopOrderListQuery = { beginCreateTime: dayStart(2), endCreateTime: dayStart(1), pageSize: 100 };
  const spOk: ServiceProviderOrderListQuery = { spuId: '10000117', offset: 0, limit: 20 };
  const badShop: Array<[string, ShopOrderListQuery]> = [
    ['a window one second over a day', { ...shopOk, endCreateTime: shopOk.beginCreateTime + DAY + 1 }],
    ['a window that ends before it begins', { ...shopOk, endCreateTime: shopOk.beginCreateTime - 1 }],
    ['a page of 101', { ...shopOk, pageSize: 101 }],
    ['a page of 0', { ...shopOk, pageSize: 0 }],
    ['a page of 10.5', { ...shopOk, pageSize: 10.5 }],
    ['no page size', { beginCreateTime: shopOk.beginCreateTime, endCreateTime: shopOk.endCreateTime } as ShopOrderListQuery],
    ['a page size as a string', { ...shopOk, pageSize: '100' as unknown as number }],
    ['a begin time as a string', { ...shopOk, beginCreateTime: String(shopOk.beginCreateTime) as unknown as number }],
    ['a time in milliseconds of NaN', { ...shopOk, endCreateTime: Number.NaN }],
    ['an empty last_index', { ...shopOk, lastIndex: '' }],
    ['an empty mchid', { ...shopOk, mchid: '' }],
  ];
  const badSp: Array<[string, ServiceProviderOrderListQuery]> = [
    ['a limit of 21', { ...spOk, limit: 21 }],
    ['a limit of 0', { ...spOk, limit: 0 }],
    ['a limit as a string', { ...spOk, limit: '20' as unknown as number }],
    ['an offset as a string', { ...spOk, offset: '0' as unknown as number }],
    ['a negative offset', { ...spOk, offset: -20 }],
    ['a fractional offset', { ...spOk, offset: 0.5 }],
    ['no SPU id', { ...spOk, spuId: '' }],
  ];

  it('are refused before anything is sent: no list call, not even a token', async () => {
    for (const [what, query] of badShop) {
      const error = await failure(client.getShopOrderListPage(query));
      expect(error, what).toBeInstanceOf(ListRequestRefused);
      expect(error, what).not.toBeInstanceOf(AppError);
    }
    for (const [what, query] of badSp) expect(await failure(client.getServiceProviderOrderListPage(query)), what).toBeInstanceOf(ListRequestRefused);
    const stats = sim.stats();
    expect(stats.listCalls).toEqual({ shop: 0, 'service-provider': 0 });
    expect(stats.stableTokens).toEqual({});
    expect(stats.listRefused).toBe(0);
  });

  it('name what is wrong', async () => {
    expect(String(await failure(client.getShopOrderListPage(badShop[0]![1])))).toMatch(/longer than 86400 seconds/);
    expect(String(await failure(client.getShopOrderListPage(badShop[2]![1])))).toMatch(/pageSize must be a whole number from 1 to 100, not 101/);
    expect(String(await failure(client.getServiceProviderOrderListPage(badSp[0]![1])))).toMatch(/limit must be a whole number from 1 to 20, not 21/);
  });
});

describe('WeChat errors on a list call, mapped as for lookups', () => {
  const query: ShopOrderListQuery = { beginCreateTime: dayStart(2), endCreateTime: dayStart(1) - 1, pageSize: 10 };

  it('45011 and 45009: rate limited, the first retriable', async () => {
    sim.addListFault({ api: 'shop', code: '45011' });
    expect(await appError(client.getShopOrderListPage(query))).toMatchObject({ code: 'rate_limited', errcode: 45011, retriable: true, status: 429 });
    expect((await client.getShopOrderListPage(query)).tradeNos.length).toBe(10);
    sim.setQuotaExhausted(true);
    expect(await appError(client.getServiceProviderOrderListPage({ spuId: '10000117', offset: 0, limit: 20 }))).toMatchObject({ code: 'rate_limited', errcode: 45009, retriable: false });
  });

  it('a rejected token: refreshed and the page asked again, once', async () => {
    await client.getShopOrderListPage(query);
    const fetched = sim.stats().stableTokens[shop.appid] ?? 0;
    sim.addListFault({ api: 'shop', code: '40001' });
    const page = await client.getShopOrderListPage(query);
    expect(page.tradeNos.length).toBe(10);
    expect(sim.stats().listCalls.shop).toBe(3);
    expect(sim.stats().stableTokens[shop.appid]).toBeGreaterThan(fetched);
  });

  it('busy (-1) and HTTP 5xx: retried; 40164: the IP message; parameter refusals: not an order id problem', async () => {
    sim.addListFault({ api: 'shop', code: '-1' });
    sim.addListFault({ api: 'shop', code: '500', after: 1 });
    expect((await client.getShopOrderListPage(query)).tradeNos.length).toBe(10);
    expect(sim.stats().listCalls.shop).toBe(3);
    sim.addListFault({ api: 'shop', code: '40164' });
    expect(await appError(client.getShopOrderListPage(query))).toMatchObject({ errcode: 40164, messages: { en: expect.stringContaining('whitelist') } });
    sim.addListFault({ api: 'service-provider', code: '10120002' });
    const refused = await appError(client.getServiceProviderOrderListPage({ spuId: '10000117', offset: 0, limit: 20 }));
    expect(refused).toMatchObject({ code: 'wechat_error', errcode: 10120002, messages: { en: expect.stringContaining('order list request') } });
    sim.addListFault({ api: 'shop', code: '40097' });
    expect(await appError(client.getShopOrderListPage(query))).toMatchObject({ code: 'wechat_error', errcode: 40097, action: { en: expect.stringContaining('WECHAT_SP_SPU_IDS') } });
  });

  it('an answer that is not a page: invalid_response, naming the field', async () => {
    sim.addListFault({ api: 'shop', code: 'garbled' });
    const error = await appError(client.getShopOrderListPage(query));
    expect(error.code).toBe('invalid_response');
    expect(error.messages.en).toMatch(/answer\.(trade_no_list|has_more)/);
    sim.addListFault({ api: 'shop', code: 'malformed' });
    expect((await appError(client.getShopOrderListPage(query))).code).toBe('invalid_response');
  });

  it('an unknown shop: misconfigured, nothing sent', async () => {
    expect((await appError(client.getShopOrderListPage(query, 'nowhere'))).code).toBe('misconfigured');
    expect(sim.stats().listCalls.shop).toBe(0);
  });
});
