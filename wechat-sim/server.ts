import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimClock } from './clock';
import { emptyStats, type Endpoint, type SimAccount, type SimContext, type Simulator, type SimulatorOptions } from './context';
import { ListFaults } from './faults';
import { readBody, send, sleep } from './http-io';
import { countListed, createOrderLists } from './order-lists';
import { control } from './routes/control';
import { serviceProviderOrderGet, serviceProviderOrderQueryList } from './routes/service-provider';
import { shopGetOrder, shopGetOrderList } from './routes/shop';
import { legacyTokenEndpoint, stableTokenEndpoint } from './routes/token';

export type { ListRequestRecord, SimAccount, SimStats, Simulator, SimulatorOptions } from './context';
export type { ListFaultRule } from './faults';
export { DEFAULT_SPUS, type OrderListOptions } from './order-lists';

/**
 * A stand-in for api.weixin.qq.com that speaks the same HTTP: the two token endpoints and the two
 * order endpoints, checking what WeChat checks (method, content type, appid and secret, token
 * validity, expiry, and which account a token belongs to). `/__sim/*` controls and inspects it.
 * Each endpoint group lives in routes/; this file holds the state and dispatches to them.
 */
export const DEMO_ACCOUNTS: SimAccount[] = [
  { appid: 'wxsp0000000demo01', secret: 'sim-sp-secret-4c1d7a9e', api: 'service-provider' },
  { appid: 'wxshop00000demo01', secret: 'sim-shop-secret-8b2e6f30', api: 'shop' },
  // A second mini-program shop, with orders of its own (fixtures.ts: outletShopOrders).
  { appid: 'wxshop00000demo02', secret: 'sim-shop-secret-5e07c3d4', api: 'shop', orders: 'outlet' },
];

const ENDPOINTS: Record<string, Endpoint> = {
  '/cgi-bin/stable_token': stableTokenEndpoint,
  '/cgi-bin/token': legacyTokenEndpoint,
  '/wxa/charge/service-provider/order/get': serviceProviderOrderGet,
  '/shop/pay/getorder': shopGetOrder,
  '/wxa/charge/service-provider/order/query_list': serviceProviderOrderQueryList,
  '/shop/pay/getorderlist': shopGetOrderList,
};

/** Calls counted in `orderCallsInFlightPeak`. */
const ORDER_PATHS = new Set(['/wxa/charge/service-provider/order/get', '/shop/pay/getorder']);

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  let latencyMs = options.latencyMs ?? 0;
  let ordersInFlight = 0;
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const clock = new SimClock(options.now);
  const ctx: SimContext = {
    accounts,
    tokenTtlSec: options.tokenTtlSec ?? 7200,
    tokenPrefix: options.tokenPrefix ?? 'SIM_',
    slowMs: options.slowMs ?? 15_000,
    tokens: new Map(),
    stableToken: new Map(),
    busyOnceSeen: new Set(),
    changedSeen: new Set(),
    stats: emptyStats(),
    quotaExhausted: false,
    clock,
    lists: createOrderLists(accounts, options.orderLists ?? {}, clock.now()),
    listFaults: new ListFaults(),
    sim: () => sim,
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const request = { url, method: req.method, headers: req.headers, body: await readBody(req) };
    if (url.pathname.startsWith('/__sim/')) return control(ctx, request, res);
    const endpoint = ENDPOINTS[url.pathname];
    const isOrderCall = ORDER_PATHS.has(url.pathname);
    if (isOrderCall) ctx.stats.orderCallsInFlightPeak = Math.max(ctx.stats.orderCallsInFlightPeak, ++ordersInFlight);
    try {
      if (latencyMs > 0) await sleep(latencyMs);
      if (endpoint) return await endpoint(ctx, request, res);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } finally {
      if (isOrderCall) ordersInFlight -= 1;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { errcode: -1, errmsg: `simulator error: ${String(error)}` });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sim: Simulator = {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    accounts: ctx.accounts,
    stats: () => structuredClone(ctx.stats),
    reset() {
      ctx.stats = emptyStats();
      ctx.busyOnceSeen.clear();
      ctx.changedSeen.clear();
      ctx.quotaExhausted = false;
      ctx.listFaults.clear();
      clock.reset();
    },
    invalidateTokens({ stale = false } = {}) {
      for (const t of ctx.tokens.values()) {
        t.revoked = true;
        t.stale = stale;
      }
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setQuotaExhausted(exhausted) {
      ctx.quotaExhausted = exhausted;
    },
    now: () => clock.now(),
    setNow: (now) => clock.set(now),
    advanceClock: (seconds) => clock.advance(seconds),
    addListFault: (rule) => ctx.listFaults.add(rule),
    clearListFaults: () => ctx.listFaults.clear(),
    countListed: (source) => countListed(ctx.lists, source, clock.now()),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sim;
}
