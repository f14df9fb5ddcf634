import 'server-only';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { WeChatServiceProviderOrder, WeChatShopPayOrder } from '@/lib/orders/wechat-shapes';
import { type WeChatAccount, type WeChatConfig } from './config';
import { TOKEN_REJECTED_ERRCODES, errorForErrcode, errorForListErrcode } from './errcodes';
import { createDispatcher, errcodeOf, invalidResponse, requestAnswer, WECHAT_BACKOFF_MS, type Answer, type HttpSettings, type JsonRequest, type ProxySettings } from './http';
import { log } from '@/lib/log';
import { countTokenFetch } from '@/lib/ops/metrics';
import { elementRanges } from './json-ranges';
import type { Received } from './received';
import { redactText } from './redact';
import { describeIssues, envelope } from './schema-parts';
import { serviceProviderOrderSchema } from './service-provider-order';
import { serviceProviderOrderListAnswerSchema, serviceProviderOrderListBody, type ServiceProviderOrderListPage, type ServiceProviderOrderListQuery } from './service-provider-order-list';
import { shopOrderListAnswerSchema, shopOrderListBody, type ShopOrderListPage, type ShopOrderListQuery } from './shop-order-list';
import { shopPayOrderSchema } from './shop-pay-order';
import { TokenCache, type ForcedRefreshLock, type TokenCacheOptions } from './token-cache';
import { fetchAccessToken, required } from './token-sources';

export interface Fetched<T> {
  /** The validated order, in the domain's input shape. */
  order: T;
  /** WeChat's order object as received (integers beyond 2^53 as decimal strings). */
  raw: unknown;
  /** The whole answer as received, and what was asked for it (without the token): an order's version (lib/history). */
  received: Received;
}

export type { Received };

/** Per call: `retries` after a busy answer, instead of WECHAT_RETRIES (a batch re-queues a busy id itself: 0). */
export interface CallOptions {
  retries?: number;
}

export interface WeChatClient {
  getServiceProviderOrder(orderId: string, options?: CallOptions): Promise<Fetched<WeChatServiceProviderOrder>>;
  getShopPayOrder(tradeNo: string, shop?: string, options?: CallOptions): Promise<Fetched<WeChatShopPayOrder>>;
  /**
   * One page of `shop/pay/getorderlist` for a shop (default the first). A query beyond the
   * documented limits (a window over a day, a page size outside 1-100) rejects with
   * ListRequestRefused and nothing is sent.
   */
  getShopOrderListPage(query: ShopOrderListQuery, shop?: string, options?: CallOptions): Promise<ShopOrderListPage>;
  /** One page of `service-provider/order/query_list`; a limit outside 1-20 or a negative offset rejects with ListRequestRefused, unsent. */
  getServiceProviderOrderListPage(query: ServiceProviderOrderListQuery, options?: CallOptions): Promise<ServiceProviderOrderListPage>;
  close(): Promise<void>;
}

export interface ClientOptions {
  proxy?: ProxySettings;
  backoffMs?: number;
  tokenCache?: TokenCacheOptions;
  /** Keyed by app id: serialises forced token refreshes between the servers sharing an account. */
  forcedRefreshLock?: ForcedRefreshLock;
}

export function createWeChatClient(config: WeChatConfig, options: ClientOptions = {}): WeChatClient {
  const dispatcher = createDispatcher({ proxyUrl: config.proxyUrl, ...options.proxy });
  const http: HttpSettings = {
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    backoffMs: options.backoffMs ?? WECHAT_BACKOFF_MS,
    dispatcher,
  };
  const accounts = new Map<string, WeChatAccount>(
    [config.serviceProvider, ...Object.values(config.shops)].map((a) => [a.id, a]),
  );
  const accountOf = (accountId: string): WeChatAccount => {
    const account = accounts.get(accountId);
    if (!account) throw new Error(`unknown WeChat account ${accountId}`);
    return account;
  };
  const sharedLock = options.forcedRefreshLock;
  const tokens = new TokenCache(
    (accountId, force) => {
      const account = accountOf(accountId);
      countTokenFetch(account.id, force);
      return fetchAccessToken(config, account, force, http);
    },
    {
      ...options.tokenCache,
      ...(sharedLock ? { forcedRefreshLock: (accountId, work) => sharedLock(accountOf(accountId).appId ?? accountId, work) } : {}),
    },
  );

  const secrets = () => [
    ...tokens.tokens(),
    ...[...accounts.values()].flatMap((a) => (a.appSecret ? [a.appSecret] : [])),
  ];

  /** Calls with the account's token; on a rejected token, refreshes once and retries once. */
  async function withToken(account: WeChatAccount, send: (token: string) => Promise<unknown>): Promise<unknown> {
    required(account.appId, account.settings.appId);
    const token = await tokens.get(account.id);
    const body = await send(token);
    if (!TOKEN_REJECTED_ERRCODES.has(errcodeOf(body))) return body;
    return send(await tokens.refreshAfterRejection(account.id, token));
  }

  /** One call: the token, errcode 0 or the error it stands for, then the answer read by `read`. */
  async function call<T>(
    account: WeChatAccount,
    send: (token: string) => Promise<unknown>,
    read: (body: unknown, order: unknown) => T,
    errorFor: typeof errorForErrcode = errorForErrcode,
  ): Promise<T> {
    try {
      const body = await withToken(account, send);
      const parsed = envelope.safeParse(body);
      if (!parsed.success) throw invalidResponse(describeIssues(parsed.error, 'answer'));
      const { errcode = 0, errmsg = '', order } = parsed.data;
      if (errcode !== 0) throw errorFor(errcode, errmsg);
      return read(body, order);
    } catch (error) {
      throw scrub(error, secrets());
    }
  }

  /** An order: its body kept byte for byte, with the request that asked for it (without the token). */
  function lookUp<T>(account: WeChatAccount, build: (token: string) => JsonRequest, schema: z.ZodType<T, unknown>, settings: HttpSettings): Promise<Fetched<T>> {
    let answer: Answer | undefined;
    let asked: JsonRequest | undefined;
    const send = async (token: string) => {
      asked = build(token);
      answer = await requestAnswer(asked, settings);
      return answer.body;
    };
    return call(account, send, (_body, order) => {
      if (order === undefined || order === null) throw notFound();
      const result = schema.safeParse(order);
      if (!result.success) throw invalidResponse(describeIssues(result.error, 'order'));
      return { order: result.data, raw: order, received: { bytes: answer!.bytes, request: withoutToken(asked!), appId: account.appId ?? null } };
    });
  }

  /** A list page: the body is built (and its limits checked) before any token is fetched. The answer's bytes are kept, with the call without its token. */
  function listPage<T>(account: WeChatAccount, path: string, body: object, schema: z.ZodType<T, unknown>, options: CallOptions): Promise<{ page: T; bytes: Uint8Array; request: Received['request'] }> {
    const settings = { ...http, retries: options.retries ?? http.retries };
    let answer: Answer | undefined;
    let asked: JsonRequest | undefined;
    return call(
      account,
      async (token) => {
        const url = new URL(`${config.apiBase}${path}`);
        url.searchParams.set('access_token', token);
        asked = { method: 'POST', url, body, label: account.id };
        answer = await requestAnswer(asked, settings);
        return answer.body;
      },
      (parsed) => {
        const result = schema.safeParse(parsed);
        if (!result.success) throw invalidResponse(describeIssues(result.error, 'answer'));
        return { page: result.data, bytes: answer!.bytes, request: withoutToken(asked!) };
      },
      errorForListErrcode,
    );
  }

  function shopAccount(shop: string): WeChatAccount {
    const account = Object.hasOwn(config.shops, shop) ? config.shops[shop] : undefined;
    if (!account) throw unknownShop(shop);
    return account;
  }

  return {
    getServiceProviderOrder(orderId, options = {}) {
      const account = config.serviceProvider;
      const settings = { ...http, retries: options.retries ?? http.retries };
      return lookUp(
        account,
        (token) => {
          const url = new URL(`${config.apiBase}/wxa/charge/service-provider/order/get`);
          url.search = new URLSearchParams({ access_token: token, orderId }).toString();
          return { method: 'GET', url, label: account.id };
        },
        serviceProviderOrderSchema,
        settings,
      );
    },
    async getShopPayOrder(tradeNo, shop = config.defaultShop, options = {}) {
      const account = shopAccount(shop);
      const settings = { ...http, retries: options.retries ?? http.retries };
      return lookUp(
        account,
        (token) => {
          const url = new URL(`${config.apiBase}/shop/pay/getorder`);
          url.searchParams.set('access_token', token);
          return { method: 'POST', url, body: { trade_no: tradeNo }, label: account.id };
        },
        shopPayOrderSchema,
        settings,
      );
    },
    async getShopOrderListPage(query, shop = config.defaultShop, options = {}) {
      const body = shopOrderListBody(query);
      return (await listPage(shopAccount(shop), '/shop/pay/getorderlist', body, shopOrderListAnswerSchema, options)).page;
    },
    async getServiceProviderOrderListPage(query, options = {}) {
      const body = serviceProviderOrderListBody(query);
      const account = config.serviceProvider;
      const { page, bytes, request } = await listPage(account, '/wxa/charge/service-provider/order/query_list', body, serviceProviderOrderListAnswerSchema, options);
      return withElementBytes(page, bytes, request, account.appId ?? null);
    },
    close: () => dispatcher.close(),
  };
}

/** The call as kept with a version: the URL without `access_token`, the body sent. */
function withoutToken(asked: JsonRequest): Received['request'] {
  const url = new URL(asked.url);
  url.searchParams.delete('access_token');
  return { method: asked.method, url: url.toString(), ...(asked.body === undefined ? {} : { body: asked.body }) };
}

/**
 * Each listed order with its own bytes, as received: element i of the answer's `orderList`
 * (lib/wechat/json-ranges.ts), kept as that order's version (lib/history). A page whose bytes do
 * not split into as many elements as were read gives no bytes (and so no versions), logged.
 */
export function withElementBytes(page: ServiceProviderOrderListPage, bytes: Uint8Array, request: Received['request'], appId: string | null): ServiceProviderOrderListPage {
  if (page.count === 0) return page;
  const ranges = elementRanges(bytes, 'orderList');
  if (!ranges || ranges.length !== page.count) {
    log.warn({ url: request.url, entries: page.count, split: ranges?.length ?? null }, 'order list answer could not be split into its orders: they get no version');
    return page;
  }
  return {
    ...page,
    orders: page.orders.map((listed) => {
      const range = ranges[listed.index]!;
      return { ...listed, received: { bytes: bytes.slice(range.start, range.end), request: { ...request, element: { list: 'orderList', index: listed.index } }, appId } };
    }),
  };
}

function notFound(): AppError {
  return new AppError({
    code: 'not_found',
    message: { en: 'WeChat has no such order for this account.', zh: '该账号下没有此订单。' },
    action: { en: 'Check the order id and the order kind.', zh: '请检查订单号和订单类型。' },
  });
}

function unknownShop(shop: string): AppError {
  return new AppError({
    code: 'misconfigured',
    message: { en: `No shop named "${shop}" is configured.`, zh: `未配置名为“${shop}”的店铺。` },
    action: { en: 'Pick a configured shop.', zh: '请选择已配置的店铺。' },
  });
}

/** Removes tokens and secrets from WeChat's errmsg before it leaves the client. */
function scrub(error: unknown, secrets: string[]): unknown {
  if (!(error instanceof AppError) || error.errmsg === undefined) return error;
  return new AppError({
    code: error.code,
    message: error.messages,
    action: error.action,
    retriable: error.retriable,
    errcode: error.errcode,
    errmsg: redactText(error.errmsg, secrets),
    cause: error.cause,
  });
}
