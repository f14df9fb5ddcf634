import type { Endpoint } from '../context';
import { bump } from '../context';
import { ERRCODE_FAULTS } from '../faults';
import { outletShopOrders, shopOrders } from '../fixtures';
import { parseJsonObject, send } from '../http-io';
import { answerOrder, changing } from './order-answer';
import { accountOf, tokenError } from './token';

/** The mini-program shop's endpoints: `shop/pay/getorder`. */
export const shopGetOrder: Endpoint = (ctx, req, res) => {
  if (req.method !== 'POST') return send(res, { errcode: 43002, errmsg: 'require POST method' });
  const token = req.url.searchParams.get('access_token');
  const bad = tokenError(ctx, token, 'shop');
  if (bad) return send(res, bad);
  ctx.stats.orderCalls.shop += 1;
  const account = accountOf(ctx, token!);
  const orders = account.orders === 'outlet' ? outletShopOrders : shopOrders;
  const json = (req.headers['content-type'] ?? '').startsWith('application/json') ? parseJsonObject(req.body) : undefined;
  const tradeNo = json?.trade_no;
  if (typeof tradeNo !== 'string' || tradeNo === '') return send(res, { errcode: 47001, errmsg: 'data format error' });
  bump(ctx.stats.orderIds, `shop:${tradeNo}`);
  bump(ctx.stats.orderIdsByApp, `${account.appid}:${tradeNo}`);
  if (ctx.quotaExhausted) return send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
  return answerOrder(ctx, 'shop', tradeNo, res, Object.hasOwn(orders, tradeNo) ? orders[tradeNo] : changing(ctx, tradeNo));
};
