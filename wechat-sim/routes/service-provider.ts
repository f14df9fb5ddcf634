import type { Endpoint, SimContext } from '../context';
import { bump } from '../context';
import { ERRCODE_FAULTS } from '../faults';
import { serviceProviderOrders, type JsonObject } from '../fixtures';
import { send } from '../http-io';
import { listedSpOrder, listSpOrders } from '../listed-sp';
import { acceptListCall, isWholeNumber } from './list-common';
import { answerOrder } from './order-answer';
import { tokenError } from './token';

/** The service provider's endpoints: `wxa/charge/service-provider/order/get` and `…/order/query_list`. */
export const serviceProviderOrderGet: Endpoint = (ctx, req, res) => {
  if (req.method !== 'GET') return send(res, { errcode: 10120405, errmsg: 'method not available' });
  const bad = tokenError(ctx, req.url.searchParams.get('access_token'), 'service-provider');
  if (bad) return send(res, bad);
  ctx.stats.orderCalls['service-provider'] += 1;
  const orderId = req.url.searchParams.get('orderId');
  if (!orderId) return send(res, { errcode: 10120002, errmsg: 'invalid parameter: orderId' });
  bump(ctx.stats.orderIds, `service-provider:${orderId}`);
  if (ctx.quotaExhausted) return send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
  return answerOrder(ctx, 'service-provider', orderId, res, serviceProviderOrders[orderId] ?? listedSpOrderAnySpu(ctx, orderId));
};

function listedSpOrderAnySpu(ctx: SimContext, orderId: string): JsonObject | undefined {
  if (!orderId.startsWith('DD6')) return undefined;
  for (const stream of ctx.lists.spus.values()) {
    const order = listedSpOrder(stream, orderId, ctx.clock.now());
    if (order) return order;
  }
  return undefined;
}

/** The errcode WeChat answered strings for `offset`/`limit` with (order-lists.md); the simulator uses it for every refused request. */
export const SP_LIST_REFUSAL_ERRCODE = 10120002;

/** The request, or what is wrong with it. */
function readSpListRequest(json: JsonObject): { spuId: string; offset: number; limit: number } | string {
  const { spuId, offset, limit } = json;
  if (typeof spuId !== 'string' || spuId === '') return 'spuId must be a non-empty string';
  if (!isWholeNumber(offset, 0)) return 'offset must be a JSON number from 0';
  if (!isWholeNumber(limit, 1, 20)) return 'limit must be a JSON number from 1 to 20';
  return { spuId, offset, limit };
}

/** `wxa/charge/service-provider/order/query_list`: every order of one SPU, newest first, a page at a time. */
export const serviceProviderOrderQueryList: Endpoint = (ctx, req, res) => {
  const accepted = acceptListCall(ctx, req, res, {
    api: 'service-provider',
    wrongMethod: { errcode: 10120405, errmsg: 'method not available' },
    read: readSpListRequest,
    refusal: (problem) => ({ errcode: SP_LIST_REFUSAL_ERRCODE, errmsg: `invalid params: ${problem}` }),
    faultKey: (request) => ({ spuId: request.spuId, offset: request.offset, later: request.offset > 0 }),
  });
  if (!accepted) return;
  const { request } = accepted;
  const stream = ctx.lists.spus.get(request.spuId);
  // An SPU nobody sells answers an empty list (our choice: the documents do not say).
  const { total, orders } = stream ? listSpOrders(stream, { ...request, now: ctx.clock.now() }) : { total: 0, orders: [] };
  send(res, { errcode: 0, errmsg: 'ok', total, orderList: orders });
};
