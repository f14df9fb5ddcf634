import type { Endpoint } from '../context';
import { bump } from '../context';
import { ERRCODE_FAULTS } from '../faults';
import { serviceProviderOrders } from '../fixtures';
import { send } from '../http-io';
import { answerOrder } from './order-answer';
import { tokenError } from './token';

/** The service provider's endpoints: `wxa/charge/service-provider/order/get`. */
export const serviceProviderOrderGet: Endpoint = (ctx, req, res) => {
  if (req.method !== 'GET') return send(res, { errcode: 10120405, errmsg: 'method not available' });
  const bad = tokenError(ctx, req.url.searchParams.get('access_token'), 'service-provider');
  if (bad) return send(res, bad);
  ctx.stats.orderCalls['service-provider'] += 1;
  const orderId = req.url.searchParams.get('orderId');
  if (!orderId) return send(res, { errcode: 10120002, errmsg: 'invalid parameter: orderId' });
  bump(ctx.stats.orderIds, `service-provider:${orderId}`);
  if (ctx.quotaExhausted) return send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
  return answerOrder(ctx, 'service-provider', orderId, res, serviceProviderOrders[orderId]);
};
