import 'server-only';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { isValidOrderId, type OrderKind } from '@/lib/orders/ids';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import type { ServiceProviderLookup, ShopLookup } from './contract';
import { wechat } from '@/lib/wechat';
import { jsonError, jsonOk } from './responses';


const idRules: Record<OrderKind, { en: string; zh: string }> = {
  'service-provider': { en: '"DD" followed by digits, e.g. DD2981741311549200000', zh: '“DD”加数字，例如 DD2981741311549200000' },
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

/** Validates the id before any WeChat call, looks the order up, normalises it. */
export async function lookUpOrder(kind: OrderKind, id: string): Promise<Response> {
  const started = performance.now();
  try {
    if (!isValidOrderId(kind, id)) throw invalidId(kind);
    const body = kind === 'shop' ? await fetchShopOrder(id) : await fetchServiceProviderOrder(id);
    log.info({ kind, id, status: 200, ms: Math.round(performance.now() - started) }, 'order lookup');
    return jsonOk(body);
  } catch (error) {
    const status = error instanceof AppError ? error.status : 500;
    const errcode = error instanceof AppError ? error.errcode : undefined;
    log.info({ kind, id: id.slice(0, 64), status, errcode, ms: Math.round(performance.now() - started) }, 'order lookup');
    return jsonError(error);
  }
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
