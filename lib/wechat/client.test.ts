import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from '@/wechat-sim/server';
import { AppError } from '@/lib/errors';
import { createWeChatClient, type WeChatClient } from './client';
import type { ForcedRefreshLock } from './token-cache';
import type { WeChatConfig } from './config';

let sim: Simulator;
const clients: WeChatClient[] = [];
const [sp, shop] = DEMO_ACCOUNTS as [(typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0]];

function config(overrides: Partial<WeChatConfig> = {}): WeChatConfig {
  return {
    apiBase: sim.url,
    timeoutMs: 2000,
    retries: 2,
    tokenSource: 'stable',
    tokenServiceUrl: undefined,
    proxyUrl: undefined,
    serviceProvider: { id: 'service-provider', appId: sp.appid, appSecret: sp.secret, settings: { appId: 'WECHAT_SP_APPID', appSecret: 'WECHAT_SP_APPSECRET' } },
    shops: { default: { id: 'shop:default', appId: shop.appid, appSecret: shop.secret, settings: { appId: 'WECHAT_SHOP_APPID', appSecret: 'WECHAT_SHOP_APPSECRET' } } },
    defaultShop: 'default',
    ...overrides,
  };
}

function client(overrides: Partial<WeChatConfig> = {}, forcedRefreshLock?: ForcedRefreshLock) {
  const c = createWeChatClient(config(overrides), { backoffMs: 10, ...(forcedRefreshLock ? { forcedRefreshLock } : {}) });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** What PostgreSQL's advisory lock gives several servers: one holder per app id at a time. */
function sharedLock(): ForcedRefreshLock {
  const tails = new Map<string, Promise<unknown>>();
  return (appId, work) => {
    const run = (tails.get(appId) ?? Promise.resolve()).then(work, work);
    tails.set(appId, run.catch(() => undefined));
    return run;
  };
}

beforeAll(async () => {
  sim = await startSimulator({ slowMs: 1500 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  sim.reset();
  // No test inherits a token some earlier test left rejected.
  sim.invalidateTokens();
});
afterAll(() => sim.close());

describe('WeChat client against the simulator', () => {
  it('looks up both documents’ examples', async () => {
    const c = client();
    const a = await c.getServiceProviderOrder('DD2981741311549200000');
    expect(a.order).toMatchObject({ orderId: 'DD2981741311549200000', orderPrice: '1', usage: { used: '0', all: '1000' } });
    expect(a.order.orderProductInfo?.validityEndTime).toBe(1718801856);
    expect(a.raw).toMatchObject({ orderProductInfo: { validity: 1718801856 } });
    const b = await c.getShopPayOrder('522346');
    expect(b.order).toMatchObject({ trade_no: '522346', amount: '1', description: '测试商品' });
  });

  it('keeps a 64-bit shop amount exact end to end', async () => {
    const { order, raw } = await client().getShopPayOrder('shop-big-001');
    expect(order.amount).toBe('9007199254740993');
    expect((raw as { amount: unknown }).amount).toBe('9007199254740993');
  });

  it('fetches the token once for 100 concurrent cold lookups', async () => {
    const c = client();
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? c.getShopPayOrder('522346') : c.getServiceProviderOrder('DD2981741311549200000'))));
    const stats = sim.stats();
    expect(stats.stableTokens).toEqual({ [sp.appid]: 1, [shop.appid]: 1 });
    expect(stats.orderCalls).toEqual({ 'service-provider': 50, shop: 50 });
  });

  it('costs one forced refresh when WeChat rejects a token stable_token still hands out', async () => {
    const c = client();
    await c.getServiceProviderOrder('DD1000000000000000002');
    sim.invalidateTokens({ stale: true });
    await Promise.all(Array.from({ length: 20 }, () => c.getServiceProviderOrder('DD1000000000000000002')));
    expect(sim.stats().forcedRefreshes).toEqual({ [sp.appid]: 1 });
  });

  it('costs no forced refresh when stable_token already hands out a new token', async () => {
    const c = client();
    await c.getServiceProviderOrder('DD1000000000000000002');
    sim.invalidateTokens();
    await Promise.all(Array.from({ length: 20 }, () => c.getServiceProviderOrder('DD1000000000000000002')));
    expect(sim.stats().forcedRefreshes).toEqual({});
  });

  describe('two servers (two clients) on one account', () => {
    const lookUp = (c: WeChatClient) => Promise.all(Array.from({ length: 20 }, () => c.getShopPayOrder('522346')));

    it('cost one forced refresh, not two, when the token is invalidated', async () => {
      const [a, b] = [client(), client()];
      await Promise.all([a.getShopPayOrder('522346'), b.getShopPayOrder('522346')]);
      sim.invalidateTokens({ stale: true });
      await lookUp(a);
      await lookUp(b);
      // b's token was rejected, but stable_token hands out the one a just forced: no fight.
      expect(sim.stats().forcedRefreshes).toEqual({ [shop.appid]: 1 });
      await Promise.all([lookUp(a), lookUp(b)]);
      expect(sim.stats().forcedRefreshes).toEqual({ [shop.appid]: 1 });
    });

    it('cost one forced refresh when both are rejected at the same moment and share a refresh lock', async () => {
      const lock = sharedLock();
      const [a, b] = [client({}, lock), client({}, lock)];
      await Promise.all([a.getShopPayOrder('522346'), b.getShopPayOrder('522346')]);
      sim.invalidateTokens({ stale: true });
      await Promise.all([lookUp(a), lookUp(b)]);
      expect(sim.stats().forcedRefreshes).toEqual({ [shop.appid]: 1 });
    });
  });

  it('retries a rejected token once, never in a loop', async () => {
    const error = await failure(client().getServiceProviderOrder('DD99940001'));
    expect(error.errcode).toBe(40001);
    expect(sim.stats().orderCalls['service-provider']).toBe(2);
  });

  it('retries "system busy" with backoff and succeeds', async () => {
    const { order } = await client().getShopPayOrder('fault-busy-once');
    expect(order.trade_no).toBe('fault-busy-once');
    expect(sim.stats().orderCalls.shop).toBe(2);
  });

  it('gives up on "system busy" after the capped retries', async () => {
    const error = await failure(client().getServiceProviderOrder('DD9991'));
    expect(error).toMatchObject({ code: 'wechat_error', errcode: -1, retriable: true });
    expect(sim.stats().orderCalls['service-provider']).toBe(3);
  });

  it.each([
    ['fault-40164', 'wechat_error', 502, 40164],
    ['fault-45009', 'rate_limited', 429, 45009],
    ['fault-45011', 'rate_limited', 429, 45011],
    ['fault-48001', 'misconfigured', 503, 48001],
    ['fault-89503', 'wechat_error', 502, 89503],
    ['fault-99999', 'wechat_error', 502, 99999],
  ])('maps %s to %s', async (tradeNo, code, status, errcode) => {
    const error = await failure(client().getShopPayOrder(tradeNo));
    expect(error).toMatchObject({ code, status, errcode });
    expect(error.messages.en.length).toBeGreaterThan(10);
    expect(error.messages.zh.length).toBeGreaterThan(4);
  });

  it('quotes an unknown errcode', async () => {
    const error = await failure(client().getShopPayOrder('fault-99999'));
    expect(error.messages.en).toContain('99999');
    expect(error.errmsg).toBe('some new error');
  });

  it('reports not found for both kinds', async () => {
    expect((await failure(client().getServiceProviderOrder('DD1'))).code).toBe('not_found');
    expect((await failure(client().getShopPayOrder('no-such-order'))).code).toBe('not_found');
  });

  it('reports malformed JSON, a garbled order, HTTP 5xx and a dropped connection', async () => {
    const c = client();
    expect(await failure(c.getShopPayOrder('fault-malformed'))).toMatchObject({ code: 'invalid_response' });
    const garbled = await failure(c.getServiceProviderOrder('DD999701'));
    expect(garbled.code).toBe('invalid_response');
    expect(garbled.message).toContain('order.status');
    expect(await failure(c.getShopPayOrder('fault-500'))).toMatchObject({ code: 'upstream_unreachable', status: 502 });
    expect(sim.stats().orderCalls.shop).toBe(1 + 3);
    expect(await failure(c.getShopPayOrder('fault-drop'))).toMatchObject({ code: 'upstream_unreachable' });
  });

  it('refuses, without retrying, an answer compressed though not asked for and one beyond 4 MiB', async () => {
    const c = client();
    const compressed = await failure(c.getShopPayOrder('fault-gzip'));
    expect(compressed).toMatchObject({ code: 'invalid_response' });
    expect(compressed.message).toContain('compressed (gzip)');
    const huge = await failure(c.getServiceProviderOrder('DD999903'));
    expect(huge).toMatchObject({ code: 'invalid_response' });
    expect(huge.message).toContain('larger than 4 MiB');
    expect(sim.stats().orderCalls).toEqual({ 'service-provider': 1, shop: 1 });
  });

  it('times out a slow answer without retrying it', async () => {
    const error = await failure(client({ timeoutMs: 300 }).getShopPayOrder('fault-slow'));
    expect(error).toMatchObject({ code: 'timeout', status: 504 });
    expect(sim.stats().orderCalls.shop).toBe(1);
  });

  it('times out an answer whose body stalls, without retrying it', async () => {
    const error = await failure(client({ timeoutMs: 300 }).getShopPayOrder('fault-slow-body'));
    expect(error).toMatchObject({ code: 'timeout', status: 504 });
    expect(sim.stats().orderCalls.shop).toBe(1);
  });

  it('names the missing setting and never calls WeChat', async () => {
    const error = await failure(client({ serviceProvider: { ...config().serviceProvider, appId: undefined } }).getServiceProviderOrder('DD1'));
    expect(error).toMatchObject({ code: 'misconfigured', status: 503 });
    expect(error.message).toContain('WECHAT_SP_APPID');
    expect(sim.stats().stableTokens).toEqual({});
  });

  it('explains a wrong AppSecret', async () => {
    const bad = config().shops.default!;
    const error = await failure(client({ shops: { default: { ...bad, appSecret: 'wrong-secret-value' } } }).getShopPayOrder('522346'));
    expect(error).toMatchObject({ code: 'misconfigured', errcode: 40125 });
  });

  it('uses a token from the wrong account: 48001', async () => {
    const swapped = config();
    swapped.shops.default = { ...swapped.shops.default!, appId: sp.appid, appSecret: sp.secret };
    expect((await failure(client(swapped).getShopPayOrder('522346'))).errcode).toBe(48001);
  });

  it('can use the legacy /cgi-bin/token', async () => {
    await client({ tokenSource: 'legacy' }).getServiceProviderOrder('DD2981741311549200000');
    expect(sim.stats().legacyTokens).toEqual({ [sp.appid]: 1 });
    expect(sim.stats().stableTokens).toEqual({});
  });

  describe('with a central token service', () => {
    let tokenService: Server;
    const asked: string[] = [];
    beforeAll(async () => {
      // A company token service: it holds the secret and fetches stable tokens itself.
      tokenService = createServer((req, res) => {
        const url = new URL(req.url!, 'http://x');
        asked.push(url.search);
        const account = DEMO_ACCOUNTS.find((a) => a.appid === url.searchParams.get('appid'))!;
        void fetch(`${sim.url}/cgi-bin/stable_token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credential', appid: account.appid, secret: account.secret }),
        })
          .then((r) => r.text())
          .then((text) => res.end(text));
      });
      await new Promise<void>((r) => tokenService.listen(0, '127.0.0.1', r));
    });
    afterAll(() => new Promise<void>((r) => tokenService.close(() => r())));

    it('reads tokens from it and holds no AppSecret', async () => {
      const port = (tokenService.address() as AddressInfo).port;
      const c = client({
        tokenSource: 'service',
        tokenServiceUrl: `http://127.0.0.1:${port}/token`,
        serviceProvider: { ...config().serviceProvider, appSecret: undefined },
      });
      const { order } = await c.getServiceProviderOrder('DD2981741311549200000');
      expect(order.orderId).toBe('DD2981741311549200000');
      expect(asked).toEqual([`?appid=${sp.appid}`]);
    });
  });

  describe('through an HTTP proxy', () => {
    let proxy: Server;
    let tunnels = 0;
    beforeAll(async () => {
      // A minimal CONNECT proxy, like a fixed-IP egress proxy.
      proxy = createServer((req, res) => {
        const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode!, r.headers);
          r.pipe(res);
        });
        req.pipe(upstream);
      });
      proxy.on('connect', (req, socket, head) => {
        tunnels += 1;
        const [host, port] = req.url!.split(':');
        const upstream = connect(Number(port), host, () => {
          socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(socket).pipe(upstream);
        });
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    });
    afterAll(() => {
      proxy.closeAllConnections();
      return new Promise<void>((r) => proxy.close(() => r()));
    });

    it('sends every call through WECHAT_PROXY_URL', async () => {
      const port = (proxy.address() as AddressInfo).port;
      const { order } = await client({ proxyUrl: `http://127.0.0.1:${port}` }).getShopPayOrder('522346');
      expect(order.trade_no).toBe('522346');
      expect(tunnels).toBeGreaterThan(0);
    });
  });
});

describe('the answer as received', () => {
  it('keeps the body byte for byte (spacing, key order, 64-bit numbers, UTF-8) and the call without its token', async () => {
    const body = Buffer.from('{ "errcode":0,"errmsg":"ok",\n  "order":{"trade_no":"T-1","amount":9007199254740993,"description":"年卡 \\u00e9","refund_list":[]}}', 'utf8');
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/cgi-bin/')) return res.end(JSON.stringify({ access_token: 'TOKEN-SECRET-1', expires_in: 7200 }));
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const fetched = await client({ apiBase: base }).getShopPayOrder('T-1');
      expect(Buffer.from(fetched.received.bytes).equals(body)).toBe(true);
      expect(fetched.received.request).toEqual({ method: 'POST', url: `${base}/shop/pay/getorder`, body: { trade_no: 'T-1' } });
      expect(fetched.received.appId).toBe(shop.appid);
      expect(JSON.stringify(fetched.received.request)).not.toContain('TOKEN-SECRET-1');
    } finally {
      server.close();
    }
  });
});
