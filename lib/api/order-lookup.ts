import 'server-only';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import { consumeLookup } from '@/lib/auth/throttle';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { metrics } from '@/lib/ops/metrics';
import { isValidOrderId, type OrderKind } from '@/lib/orders/ids';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import { requestInfo } from '@/lib/request-info';
import { DEFAULT_SHOP } from '@/lib/wechat/config';
import { wechat } from '@/lib/wechat';
import type { ServiceProviderLookup, ShopLookup } from './contract';
import { jsonError, jsonOk } from './responses';

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

/**
 * One order lookup, from request to answer: authorize, throttle, validate the id before any
 * WeChat call, look up, normalise, and record it in the audit trail before answering. A lookup
 * whose audit entry cannot be written is not served.
 */
export async function lookUpOrder(request: Request, kind: OrderKind, id: string): Promise<Response> {
  const started = performance.now();
  const info = requestInfo(request.headers);
  let user: SessionUser;
  try {
    user = await requireApiUser(request, 'order.lookup');
  } catch (error) {
    return counted(kind, jsonError(error));
  }

  let response: Response;
  let errcode: number | undefined;
  try {
    await consumeLookup(user.id);
    if (!isValidOrderId(kind, id)) throw invalidId(kind);
    response = jsonOk(kind === 'shop' ? await fetchShopOrder(id) : await fetchServiceProviderOrder(id));
  } catch (error) {
    errcode = error instanceof AppError ? error.errcode : undefined;
    response = jsonError(error);
  }

  try {
    await recordAudit({
      action: 'order.lookup',
      actor: { id: user.id, email: user.email, role: user.role },
      request: info,
      order: { kind, id, shop: kind === 'shop' ? DEFAULT_SHOP : undefined },
      status: response.status,
      errcode,
    });
  } catch (error) {
    log.error({ err: error, requestId: info.requestId }, 'audit entry could not be written; lookup not served');
    return counted(kind, jsonError(error));
  }
  log.info({ kind, id: id.slice(0, 64), user: user.email, status: response.status, errcode, requestId: info.requestId, ms: Math.round(performance.now() - started) }, 'order lookup');
  return counted(kind, response, errcode);
}

function counted(kind: OrderKind, response: Response, errcode?: number): Response {
  metrics().lookups.inc({ kind, status: response.status, errcode: errcode ?? 'none' });
  return response;
}

async function fetchServiceProviderOrder(orderId: string): Promise<ServiceProviderLookup> {
  const { order, raw } = await wechat().getServiceProviderOrder(orderId);
  const fetchedAt = new Date().toISOString();
  return { order: normaliseServiceProviderOrder(order, fetchedAt), raw, fetchedAt };
}

async function fetchShopOrder(tradeNo: string): Promise<ShopLookup> {
  const { order, raw } = await wechat().getShopPayOrder(tradeNo);
  const fetchedAt = new Date().toISOString();
  return { order: normaliseShopOrder(order, fetchedAt), raw, fetchedAt };
}
