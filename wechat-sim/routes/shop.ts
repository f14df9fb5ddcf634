import type { Endpoint } from '../context';
import { bump } from '../context';
import { ERRCODE_FAULTS } from '../faults';
import { outletShopOrders, shopOrders, type JsonObject } from '../fixtures';
import { send } from '../http-io';
import { DAY } from '../listed-days';
import { listedShopOrder, listShopOrders } from '../listed-shop';
import { acceptListCall, isWholeNumber } from './list-common';
import { answerOrder, changing } from './order-answer';
import { acceptCall } from './token';

/** The mini-program shop's endpoints: `shop/pay/getorder` and `shop/pay/getorderlist`. */
const SHOP_POST = { api: 'shop', method: 'POST', wrongMethod: { errcode: 43002, errmsg: 'require POST method' } } as const;

export const shopGetOrder: Endpoint = (ctx, req, res) => {
  const accepted = acceptCall(ctx, req, res, SHOP_POST);
  if (!accepted) return;
  ctx.stats.orderCalls.shop += 1;
  const { account, json } = accepted;
  const orders = account.orders === 'outlet' ? outletShopOrders : shopOrders;
  const tradeNo = json?.trade_no;
  if (typeof tradeNo !== 'string' || tradeNo === '') return send(res, { errcode: 47001, errmsg: 'data format error' });
  bump(ctx.stats.orderIds, `shop:${tradeNo}`);
  bump(ctx.stats.orderIdsByApp, `${account.appid}:${tradeNo}`);
  if (ctx.quotaExhausted) return send(res, { errcode: 45009, errmsg: ERRCODE_FAULTS[45009]! });
  const found = Object.hasOwn(orders, tradeNo) ? orders[tradeNo] : (changing(ctx, tradeNo) ?? listedShopOrder(ctx.lists.shops.get(account.appid)!, tradeNo, ctx.clock.now()));
  return answerOrder(ctx, 'shop', tradeNo, res, found);
};

/** The simulator's answer to a request that breaks a limit the documents give but no errcode for (our choice: WeChat's "invalid args"). */
export const SHOP_LIST_REFUSAL_ERRCODE = 40097;

interface ShopListRequest {
  begin: number;
  end: number;
  pageSize: number;
  /** The key after which to go on; -1 for the first page. */
  after: number;
  mchid: string | undefined;
}

/** The request, or what is wrong with it. */
function readShopListRequest(json: JsonObject): ShopListRequest | string {
  const { begin_create_time: begin, end_create_time: end, page_size: pageSize, last_index: lastIndex, mchid } = json;
  if (!isWholeNumber(begin, 0) || !isWholeNumber(end, 0)) return 'begin_create_time and end_create_time must be unix seconds as JSON numbers';
  if (end < begin) return 'end_create_time is before begin_create_time';
  if (end - begin > DAY) return 'the window is longer than one day';
  if (pageSize === undefined) return 'page_size is required';
  if (!isWholeNumber(pageSize, 1, 100)) return 'page_size must be a number from 1 to 100';
  if (lastIndex !== undefined && (typeof lastIndex !== 'string' || !/^\d{0,15}$/.test(lastIndex))) return 'last_index is not one this list gave';
  if (mchid !== undefined && typeof mchid !== 'string') return 'mchid must be a string';
  return { begin, end, pageSize, after: lastIndex ? Number(lastIndex) : -1, mchid };
}

/** `shop/pay/getorderlist`: the shop's trade numbers created in a window of at most a day, a page at a time. */
export const shopGetOrderList: Endpoint = (ctx, req, res) => {
  const accepted = acceptListCall(ctx, req, res, {
    ...SHOP_POST,
    read: readShopListRequest,
    refusal: (problem) => ({ errcode: SHOP_LIST_REFUSAL_ERRCODE, errmsg: `invalid args: ${problem}` }),
    faultKey: (request, account) => ({ appid: account.appid, begin: request.begin, end: request.end, later: request.after >= 0 }),
  });
  if (!accepted) return;
  const { account, request } = accepted;
  const stream = ctx.lists.shops.get(account.appid)!;
  const page =
    request.mchid === undefined || request.mchid === stream.mchid
      ? listShopOrders(stream, { ...request, now: ctx.clock.now() })
      : { tradeNos: [], hasMore: false, lastKey: undefined };
  const lastIndex = page.lastKey ?? (request.after >= 0 ? request.after : undefined);
  send(res, { errcode: 0, errmsg: 'ok', trade_no_list: page.tradeNos, has_more: page.hasMore, last_index: lastIndex === undefined ? '' : String(lastIndex) });
};
