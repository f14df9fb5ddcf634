import 'server-only';
import type { SessionUser } from '@/lib/auth/access';
import { consumeLookup } from './quota';
import { recordAuditEntry } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { log, withLogContext } from '@/lib/log';
import { metrics } from '@/lib/ops/metrics';
import { isValidOrderId, type OrderKind } from '@/lib/orders/ids';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import { markNotFound, rememberOrder, type LearnedBy } from '@/lib/order-index';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { resolveShop, shopName } from '@/lib/shops';
import { wechat, type CallOptions, type Received } from '@/lib/wechat';
import { recordVersion, type Via } from '@/lib/history';
import type { WeChatServiceProviderOrder } from '@/lib/orders/wechat-shapes';
import type { OrderLookup, ServiceProviderLookup, ShopLookup } from '@/lib/api/contract';
import { jsonError, jsonOk, toAppError } from '@/lib/api/responses';
import { actorOf } from '@/lib/auth/principal';

const idRules: Record<OrderKind, { en: string; zh: string }> = {
  'service-provider': { en: '1 to 64 letters, digits, _ or - (WeChat\'s example: DD2981741311549200000)', zh: '1 至 64 位字母、数字、_ 或 -（微信示例：DD2981741311549200000）' },
  shop: { en: '1 to 32 letters, digits or _-|*', zh: '1 至 32 位字母、数字或 _-|*' },
};

export function invalidId(kind: OrderKind): AppError {
  const rule = idRules[kind];
  const name = kind === 'shop' ? { en: 'trade number', zh: '商户订单号' } : { en: 'service-provider order id', zh: '服务商订单号' };
  return new AppError({
    code: 'invalid_id',
    message: { en: `That is not a valid ${name.en}: expected ${rule.en}.`, zh: `这不是有效的${name.zh}：应为${rule.zh}。` },
    action: { en: 'Check the id and try again.', zh: '请检查后重试。' },
  });
}

/** Who asks for a lookup, and how it is accounted for. */
export interface LookupRequester {
  user: SessionUser;
  request: RequestInfo;
  /** Set for lookups a batch makes: carried by the audit entry, and the per-user limit is not applied (batches have their own pacing). */
  batchId?: string;
  /** Already counted against the per-user limit by the caller (a search over every shop takes its points at once). */
  counted?: boolean;
  /** Retries after a busy answer, instead of WECHAT_RETRIES (a batch re-queues a busy id itself: 0). */
  retries?: number;
  /** A batch item's attempt, from the second on: carried by the audit entry. */
  attempt?: number;
  /** The path asking, kept with each version of the order (lib/history): `batch` when batchId is set, `sync` when syncRun is, else `api` unless said. */
  via?: Via;
  /**
   * Set for lookups sync makes (lib/sync), to its run's id: no per-user limit (sync has its pacing
   * and its share of WeChat's day), no audit entry each (the run is audited once: sync is not a
   * person viewing orders), and the index records the order as synced.
   */
  syncRun?: string;
}

/** One lookup's answer: the order, or the error staff see, with the HTTP status either way. */
export type LookupAnswer =
  | { ok: true; status: 200; lookup: OrderLookup }
  | { ok: false; status: number; error: AppError };

/**
 * One order lookup for someone already authorized: throttle (people only), validate the id
 * before any WeChat call, look up, normalise, and record it in the audit trail. Throws only when
 * the audit entry cannot be written: a lookup that is not audited is not served.
 */
export function lookUpFor(who: LookupRequester, kind: OrderKind, id: string, shop?: string | null): Promise<LookupAnswer> {
  // Every line logged on the way (the WeChat calls included) names the request or batch it is for.
  return withLogContext({ requestId: who.request.requestId ?? undefined, batch: who.batchId }, () => lookUp(who, kind, id, shop));
}

/** A shop order's shop: the one asked for (a 400 if none such is configured), or the default one. */
function shopOf(kind: OrderKind, requested: string | null | undefined): { shop: string; error?: unknown } {
  if (kind !== 'shop') return { shop: '' };
  try {
    return { shop: resolveShop(requested) };
  } catch (error) {
    // Audited as asked (cut to what the audit trail keeps), never sent to WeChat.
    return { shop: String(requested), error };
  }
}

async function lookUp(who: LookupRequester, kind: OrderKind, id: string, requestedShop: string | null | undefined): Promise<LookupAnswer> {
  const started = performance.now();
  const { shop, error: shopError } = shopOf(kind, requestedShop);
  let answer: LookupAnswer;
  let received: Received | undefined;
  try {
    if (!who.batchId && !who.counted && !who.syncRun) await consumeLookup(who.user.id);
    if (shopError) throw shopError;
    if (!isValidOrderId(kind, id)) throw invalidId(kind);
    const call = who.retries === undefined ? {} : { retries: who.retries };
    const fetched = kind === 'shop' ? await fetchShopOrder(id, shop, call) : await fetchServiceProviderOrder(id, call);
    received = fetched.received;
    answer = { ok: true, status: 200, lookup: fetched.lookup };
  } catch (error) {
    const appError = toAppError(error);
    answer = { ok: false, status: appError.status, error: appError };
  }
  const errcode = answer.ok ? undefined : answer.error.errcode;
  // The order index learns from the answer, written with other lookups' within FLUSH_AFTER_MS
  // (lib/order-index/store.ts); its failure costs only the index entry, never the answer.
  const learnedBy = who.syncRun ? 'sync' : who.batchId ? 'batch' : 'lookup';
  const indexed = (shopError ? Promise.resolve() : rememberAnswer(answer, kind, shop, id, learnedBy)).catch((error: unknown) => log.error({ err: error, requestId: who.request.requestId }, 'order index could not be updated'));

  let auditId: string | null = null;
  try {
    if (!who.syncRun) {
      auditId = await recordAuditEntry({
        action: 'order.lookup',
        actor: actorOf(who.user),
        request: who.request,
        order: { kind, id, shop: shop || undefined },
        status: answer.status,
        errcode,
        ...(who.batchId ? { detail: { batch: who.batchId, ...(who.attempt ? { attempt: who.attempt } : {}) } } : {}),
      });
    }
  } catch (error) {
    log.error({ err: error, requestId: who.request.requestId }, 'audit entry could not be written; lookup not served');
    metrics().lookups.inc({ kind, status: 500, errcode: 'none' });
    throw error;
  }
  // What WeChat said is kept as a version of the order, under this audit entry (none for sync's,
  // whose run is audited once); like the index
  // entry, its failure costs only the version, never the answer.
  const versioned = received && answer.ok
    ? recordVersion({ kind, shop, orderId: id, received, receivedAt: new Date(answer.lookup.fetchedAt), via: who.via ?? (who.syncRun ? 'sync' : who.batchId ? 'batch' : 'api'), auditId, requestId: who.request.requestId ?? null }).catch((error: unknown) =>
        log.error({ err: error, requestId: who.request.requestId }, 'order version could not be kept'),
      )
    : undefined;
  await Promise.all([indexed, versioned]);
  log.info(
    { kind, id: id.slice(0, 64), user: who.user.email, apiKey: who.user.apiKey?.id, status: answer.status, errcode, batch: who.batchId, sync: who.syncRun, requestId: who.request.requestId, ms: Math.round(performance.now() - started) },
    'order lookup',
  );
  metrics().lookups.inc({ kind, status: answer.status, errcode: errcode ?? 'none' });
  return answer;
}

function rememberAnswer(answer: LookupAnswer, kind: OrderKind, shop: string, id: string, learnedBy: LearnedBy): Promise<void> {
  if (answer.ok) return rememberOrder(answer.lookup, shop, learnedBy);
  if (answer.error.code === 'not_found') return markNotFound(kind, shop, id, answer.error.errcode ?? null);
  return Promise.resolve();
}

/** `GET /api/orders/{kind}/{id}[?shop=]` for a user the route authorized: `lookUpFor`, as an HTTP answer. */
export async function lookupAnswer(request: Request, user: SessionUser, kind: OrderKind, id: string): Promise<Response> {
  const answer = await lookUpFor({ user, request: requestInfo(request.headers) }, kind, id, new URL(request.url).searchParams.get('shop'));
  return answer.ok ? jsonOk(answer.lookup) : jsonError(answer.error);
}

/**
 * The lookup routes' errors (lib/server/route.ts `onError`): a lookup refused before it began (not
 * signed in, a role without the right) is still counted as a lookup, with its status.
 */
export function lookupRefused(kind: OrderKind) {
  return (error: unknown, { user }: { user: SessionUser | null }): Response => {
    const response = jsonError(error);
    if (!user) metrics().lookups.inc({ kind, status: response.status, errcode: 'none' });
    return response;
  };
}

async function fetchServiceProviderOrder(orderId: string, call: CallOptions): Promise<{ lookup: ServiceProviderLookup; received: Received }> {
  const { order, raw, received } = await wechat().getServiceProviderOrder(orderId, call);
  return { lookup: serviceProviderLookupOf(order, raw), received };
}

function serviceProviderLookupOf(order: WeChatServiceProviderOrder, raw: unknown): ServiceProviderLookup {
  const fetchedAt = new Date().toISOString();
  return { order: normaliseServiceProviderOrder(order, fetchedAt), raw, fetchedAt };
}

/**
 * A service-provider order sync read from WeChat's list (whole orders, the same fields as
 * order/get's, validated by the same schema): read and indexed as a lookup's answer would be, and
 * kept as a version of the order (lib/history) with its own bytes, element i of the list answer,
 * when the client could find them (`received`). Sync's run is audited once, so no audit entry; the
 * request id is the run's. A version that cannot be kept costs only the version, as for a lookup.
 */
export async function rememberListedServiceProviderOrder(order: WeChatServiceProviderOrder, raw: unknown, received: Received | undefined, requestId: string): Promise<void> {
  const lookup = serviceProviderLookupOf(order, raw);
  const versioned = received
    ? recordVersion({ kind: 'service-provider', shop: '', orderId: order.orderId, received, receivedAt: new Date(lookup.fetchedAt), via: 'sync', auditId: null, requestId }).catch((error: unknown) =>
        log.error({ err: error, requestId }, 'order version could not be kept'),
      )
    : undefined;
  await Promise.all([rememberOrder(lookup, '', 'sync'), versioned]);
}

async function fetchShopOrder(tradeNo: string, shop: string, call: CallOptions): Promise<{ lookup: ShopLookup; received: Received }> {
  const { order, raw, received } = await wechat().getShopPayOrder(tradeNo, shop, call);
  const fetchedAt = new Date().toISOString();
  return { lookup: { order: normaliseShopOrder(order, fetchedAt), raw, fetchedAt, shop: { id: shop, name: shopName(shop) } }, received };
}
