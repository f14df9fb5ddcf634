import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ERRCODE_FAULTS, faultFor, type Fault } from './faults';
import { changingShopOrders, outletShopOrders, serviceProviderOrders, shopOrders, toJsonText, withoutErrmsg, type Json, type JsonObject } from './fixtures';
import { generatedAnswer, type GeneratedAnswer } from './generated';

/**
 * A stand-in for api.weixin.qq.com that speaks the same HTTP: the two token endpoints and the two
 * order endpoints, checking what WeChat checks (method, content type, appid and secret, token
 * validity, expiry, and which account a token belongs to). `/__sim/*` controls and inspects it.
 */
export interface SimAccount {
  appid: string;
  secret: string;
  /** Which API this account's tokens may call. */
  api: 'service-provider' | 'shop';
  /** A shop account's orders: the first demo shop's (default) or the second's. */
  orders?: 'main' | 'outlet';
}

export interface SimulatorOptions {
  host?: string;
  port?: number;
  accounts?: SimAccount[];
  /** Added before every answer. */
  latencyMs?: number;
  /** How long the `slow` fault waits before answering. */
  slowMs?: number;
  tokenTtlSec?: number;
  /** Starts every token it hands out: a canary to search for where no token may appear. */
  tokenPrefix?: string;
}

const ORDER_PATHS = new Set(['/wxa/charge/service-provider/order/get', '/shop/pay/getorder']);

export const DEMO_ACCOUNTS: SimAccount[] = [
  { appid: 'wxsp0000000demo01', secret: 'sim-sp-secret-4c1d7a9e', api: 'service-provider' },
  { appid: 'wxshop00000demo01', secret: 'sim-shop-secret-8b2e6f30', api: 'shop' },
  // A second mini-program shop, with orders of its own (fixtures.ts: outletShopOrders).
  { appid: 'wxshop00000demo02', secret: 'sim-shop-secret-5e07c3d4', api: 'shop', orders: 'outlet' },
];

interface Token {
  appid: string;
  expiresAt: number;
  revoked: boolean;
  /** Revoked, yet stable_token's normal mode still hands it out: only a forced refresh replaces it. */
  stale: boolean;
}

export interface SimStats {
  stableTokens: Record<string, number>;
  forcedRefreshes: Record<string, number>;
  legacyTokens: Record<string, number>;
  orderCalls: { 'service-provider': number; shop: number };
  /** Order calls by `kind:id`, to tell whether any id was asked twice. */
  orderIds: Record<string, number>;
  /** Shop order calls by `appid:trade number`: which shop was asked. */
  orderIdsByApp: Record<string, number>;
  /** The most order calls being answered at one time. */
  orderCallsInFlightPeak: number;
}

const emptyStats = (): SimStats => ({ stableTokens: {}, forcedRefreshes: {}, legacyTokens: {}, orderCalls: { 'service-provider': 0, shop: 0 }, orderIds: {}, orderIdsByApp: {}, orderCallsInFlightPeak: 0 });

export interface Simulator {
  url: string;
  accounts: SimAccount[];
  stats(): SimStats;
  reset(): void;
  /**
   * Every token issued so far stops working (40001). stable_token's normal mode then hands out a
   * new token, as after a forced refresh elsewhere; with `stale` it keeps handing back the
   * rejected one until someone forces a refresh, the case force_refresh exists for.
   */
  invalidateTokens(options?: { stale?: boolean }): void;
  setLatency(ms: number): void;
  /** While on, every order call answers 45009 (the daily quota is used up), as WeChat does until midnight. */
  setQuotaExhausted(exhausted: boolean): void;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const tokenTtlSec = options.tokenTtlSec ?? 7200;
  const slowMs = options.slowMs ?? 15_000;
  let latencyMs = options.latencyMs ?? 0;
  let quotaExhausted = false;
  let ordersInFlight = 0;
  const tokens = new Map<string, Token>();
  const stableToken = new Map<string, string>();
  const busyOnceSeen = new Set<string>();
  /** Changing orders (fixtures.ts: changingShopOrders) asked once already: they answer their later version. */
  const changedSeen = new Set<string>();
  let stats = emptyStats();

  const bump = (bucket: Record<string, number>, key: string) => {
    bucket[key] = (bucket[key] ?? 0) + 1;
  };

  function issue(appid: string, ttlSec = tokenTtlSec): string {
    const token = `${options.tokenPrefix ?? 'SIM_'}${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { appid, expiresAt: Date.now() + ttlSec * 1000, revoked: false, stale: false });
    return token;
  }

  function credentialError(appid: unknown, secret: unknown): JsonObject | undefined {
    const account = accounts.find((a) => a.appid === appid);
    if (!account) return { errcode: 40013, errmsg: 'invalid appid' };
    if (account.secret !== secret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    return undefined;
  }

  function stable(body: JsonObject): JsonObject {
    if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const bad = credentialError(body.appid, body.secret);
    if (bad) return bad;
    const appid = String(body.appid);
    bump(stats.stableTokens, appid);
    const current = stableToken.get(appid);
    const live = current ? tokens.get(current) : undefined;
    if (body.force_refresh === true) {
      bump(stats.forcedRefreshes, appid);
      if (live) live.revoked = true;
    } else if (live && (!live.revoked || live.stale) && live.expiresAt > Date.now()) {
      return { access_token: current!, expires_in: Math.floor((live.expiresAt - Date.now()) / 1000) };
    }
    const token = issue(appid);
    stableToken.set(appid, token);
    return { access_token: token, expires_in: tokenTtlSec };
  }

  function legacy(query: URLSearchParams): JsonObject {
    if (query.get('grant_type') !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const bad = credentialError(query.get('appid'), query.get('secret'));
    if (bad) return bad;
    const appid = query.get('appid')!;
    bump(stats.legacyTokens, appid);
    // Each call hands out a new token; the previous ones stop working five minutes later.
    for (const t of tokens.values()) if (t.appid === appid) t.expiresAt = Math.min(t.expiresAt, Date.now() + 300_000);
    return { access_token: issue(appid), expires_in: tokenTtlSec };
  }

  function tokenError(token: string | null, api: SimAccount['api']): JsonObject | undefined {
    if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
    const t = tokens.get(token);
    if (!t || t.revoked) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (t.expiresAt <= Date.now()) return { errcode: 42001, errmsg: 'access_token expired' };
    if (accounts.find((a) => a.appid === t.appid)?.api !== api) return { errcode: 48001, errmsg: 'api unauthorized' };
    return undefined;
  }

  async function order(kind: SimAccount['api'], id: string, res: ServerResponse, found: JsonObject | undefined) {
    const fault = faultFor(kind, id);
    if (fault) return applyFault(fault, kind, id, res);
    const generated = found ? undefined : generatedAnswer(kind, id);
    if (generated) return answerGenerated(generated, kind, id, res);
    if (!found) {
      return send(res, kind === 'service-provider' ? { errcode: 10120002, errmsg: 'invalid parameter' } : { errcode: 0, errmsg: 'ok' });
    }
    send(res, withoutErrmsg.has(id) ? { errcode: 0, order: found } : { errcode: 0, errmsg: 'ok', order: found });
  }

  /** A changing order's version for this call: the first since start or reset, or a later one. */
  function changing(tradeNo: string): JsonObject | undefined {
    const prefix = Object.keys(changingShopOrders).find((p) => tradeNo.startsWith(p) && tradeNo.length > p.length);
    if (!prefix) return undefined;
    const versions = changingShopOrders[prefix]!;
    if (changedSeen.has(tradeNo)) return versions.after(tradeNo);
    changedSeen.add(tradeNo);
    return versions.before(tradeNo);
  }

  function answerGenerated(generated: GeneratedAnswer, kind: SimAccount['api'], id: string, res: ServerResponse) {
    switch (generated.fate) {
      case 'not-found':
        return send(res, kind === 'service-provider' ? { errcode: 10120002, errmsg: 'invalid parameter' } : { errcode: 0, errmsg: 'ok' });
      case 'busy':
        return send(res, { errcode: -1, errmsg: 'system error' });
      case 'busy-once':
        if (!busyOnceSeen.has(id)) {
          busyOnceSeen.add(id);
          return send(res, { errcode: -1, errmsg: 'system error' });
        }
        return send(res, { errcode: 0, errmsg: 'ok', order: generated.order });
      case 'found':
        return send(res, { errcode: 0, errmsg: 'ok', order: generated.order });
    }
  }

  async function applyFault(fault: Fault, kind: SimAccount['api'], id: string, res: ServerResponse) {
    switch (fault.type) {
      case 'errcode':
        return send(res, { errcode: fault.errcode, errmsg: fault.errmsg });
      case 'busy-once': {
        if (!busyOnceSeen.has(id)) {
          busyOnceSeen.add(id);
          return send(res, { errcode: -1, errmsg: 'system error' });
        }
        const template = kind === 'shop' ? shopOrders['shop-paid-001']! : serviceProviderOrders.DD1000000000000000002!;
        return send(res, { errcode: 0, errmsg: 'ok', order: { ...template, [kind === 'shop' ? 'trade_no' : 'orderId']: id } });
      }
      case 'http-5xx':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"errcode":0,"errmsg":"ok","order":{"orderId":"DD99');
      case 'garbled':
        return send(res, { errcode: 0, errmsg: 'ok', order: { orderId: 42, trade_no: 42, status: 'paid', orderPrice: 12.5, amount: 'ten yuan' } });
      case 'drop':
        res.socket?.destroy();
        return;
      case 'slow':
        await sleep(slowMs);
        return send(res, { errcode: -1, errmsg: 'system error' });
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"errcode":0,');
        await sleep(slowMs);
        return res.end('"errmsg":"ok"}');
      case 'gzip':
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return res.end(gzipSync(JSON.stringify({ errcode: 0, errmsg: 'ok' })));
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', padding: 'x'.repeat(5 * 1024 * 1024) }));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sim');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__sim/')) return control(url, req.method, res);
    const isOrderCall = ORDER_PATHS.has(url.pathname);
    if (isOrderCall) stats.orderCallsInFlightPeak = Math.max(stats.orderCallsInFlightPeak, ++ordersInFlight);
    try {
      if (latencyMs > 0) await sleep(latencyMs);
      await answer(url, req, body, res);
    } finally {
      if (isOrderCall) ordersInFlight -= 1;
    }
  }

  async function answer(url: URL, req: IncomingMessage, body: string, res: ServerResponse) {
    switch (url.pathname) {
      case '/cgi-bin/stable_token': {
        if (req.method !== 'POST') return send(res, { errcode: 43002, errmsg: 'require POST method' });
        const json = parseJsonObject(body);
        return send(res, json ? stable(json) : { errcode: 47001, errmsg: 'data format error' });
      }
      case '/cgi-bin/token':
        if (req.method !== 'GET') return send(res, { errcode: 43001, errmsg: 'require GET method' });
        return send(res, legacy(url.searchParams));
      case '/wxa/charge/service-provider/order/get': {
        if (req.method !== 'GET') return send(res, { errcode: 10120405, errmsg: 'method not available' });
        const bad = tokenError(url.searchParams.get('access_token'), 'service-provider');
        if (bad) return send(res, bad);
        stats.orderCalls['service-provider'] += 1;
        const orderId = url.searchParams.get('orderId');
        if (!orderId) return send(res, { errcode: 10120002, errmsg: 'invalid parameter: orderId' });
        bump(stats.orderIds, `service-provider:${orderId}`);
        if (quotaExhausted) return send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
        return order('service-provider', orderId, res, serviceProviderOrders[orderId]);
      }
      case '/shop/pay/getorder': {
        if (req.method !== 'POST') return send(res, { errcode: 43002, errmsg: 'require POST method' });
        const token = url.searchParams.get('access_token');
        const bad = tokenError(token, 'shop');
        if (bad) return send(res, bad);
        stats.orderCalls.shop += 1;
        const appid = tokens.get(token!)!.appid;
        const orders = accounts.find((a) => a.appid === appid)?.orders === 'outlet' ? outletShopOrders : shopOrders;
        const json = (req.headers['content-type'] ?? '').startsWith('application/json') ? parseJsonObject(body) : undefined;
        const tradeNo = json?.trade_no;
        if (typeof tradeNo !== 'string' || tradeNo === '') return send(res, { errcode: 47001, errmsg: 'data format error' });
        bump(stats.orderIds, `shop:${tradeNo}`);
        bump(stats.orderIdsByApp, `${appid}:${tradeNo}`);
        if (quotaExhausted) return send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
        return order('shop', tradeNo, res, Object.hasOwn(orders, tradeNo) ? orders[tradeNo] : changing(tradeNo));
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
    }
  }

  function control(url: URL, method: string | undefined, res: ServerResponse) {
    if (url.pathname === '/__sim/stats' && method === 'GET') return send(res, stats as unknown as Json);
    if (method !== 'POST') return send(res, { error: 'use POST' }, 405);
    if (url.pathname === '/__sim/reset') sim.reset();
    else if (url.pathname === '/__sim/quota') sim.setQuotaExhausted(url.searchParams.get('exhausted') === '1');
    else if (url.pathname === '/__sim/invalidate-tokens') sim.invalidateTokens({ stale: url.searchParams.get('stale') === '1' });
    else return send(res, { error: 'unknown control' }, 404);
    send(res, { ok: true });
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
    accounts,
    stats: () => structuredClone(stats),
    reset() {
      stats = emptyStats();
      busyOnceSeen.clear();
      changedSeen.clear();
      quotaExhausted = false;
    },
    invalidateTokens({ stale = false } = {}) {
      for (const t of tokens.values()) {
        t.revoked = true;
        t.stale = stale;
      }
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setQuotaExhausted(exhausted) {
      quotaExhausted = exhausted;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sim;
}

function send(res: ServerResponse, body: Json, status = 200) {
  const text = toJsonText(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
