import { z } from 'zod';
import { requireText, requireWhole, ListRequestRefused } from './list-request';
import { idText, optional } from './schema-parts';

/** `POST /shop/pay/getorderlist` (docs/wechat-api.md, "Listing orders"): a window of create time at most a day long. */
export const SHOP_ORDER_LIST_MAX_WINDOW_SEC = 86_400;
/** `page_size` at most. */
export const SHOP_ORDER_LIST_MAX_PAGE_SIZE = 100;

export interface ShopOrderListQuery {
  /** Unix seconds, on the orders' create time. Whether WeChat includes the ends is not documented. */
  beginCreateTime: number;
  /** Unix seconds, at most SHOP_ORDER_LIST_MAX_WINDOW_SEC after beginCreateTime. */
  endCreateTime: number;
  /** 1 to SHOP_ORDER_LIST_MAX_PAGE_SIZE. */
  pageSize: number;
  /** The previous page's `lastIndex`; left out for the first page. */
  lastIndex?: string | undefined;
  /** One merchant's orders only; left out, every order of the mini program. */
  mchid?: string | undefined;
}

export interface ShopOrderListPage {
  /** This page's trade numbers, to look up one by one with `shop/pay/getorder`. */
  tradeNos: string[];
  hasMore: boolean;
  /** Pass it back for the next page (present whenever hasMore is). */
  lastIndex: string | undefined;
}

/** The JSON body of one page's request; throws ListRequestRefused, sending nothing, for a request beyond the documented limits. */
export function shopOrderListBody(query: ShopOrderListQuery): Record<string, string | number> {
  const begin = requireWhole('beginCreateTime', query.beginCreateTime, 0);
  const end = requireWhole('endCreateTime', query.endCreateTime, begin);
  if (end - begin > SHOP_ORDER_LIST_MAX_WINDOW_SEC) {
    throw new ListRequestRefused(`the window from ${begin} to ${end} is longer than ${SHOP_ORDER_LIST_MAX_WINDOW_SEC} seconds`);
  }
  const pageSize = requireWhole('pageSize', query.pageSize, 1, SHOP_ORDER_LIST_MAX_PAGE_SIZE);
  const lastIndex = requireText('lastIndex', query.lastIndex, false);
  const mchid = requireText('mchid', query.mchid, false);
  return {
    begin_create_time: begin,
    end_create_time: end,
    page_size: pageSize,
    ...(lastIndex === undefined ? {} : { last_index: lastIndex }),
    ...(mchid === undefined ? {} : { mchid }),
  };
}

/** The answer past its errcode: an empty page may leave the list out; a page with more must say where to go on. */
export const shopOrderListAnswerSchema = z
  .object({
    trade_no_list: optional(z.array(idText)),
    has_more: z.boolean(),
    last_index: optional(idText),
  })
  .refine((answer) => !answer.has_more || (answer.last_index ?? '') !== '', { message: 'has_more without a last_index', path: ['last_index'] })
  .transform((answer): ShopOrderListPage => ({ tradeNos: answer.trade_no_list ?? [], hasMore: answer.has_more, lastIndex: answer.last_index || undefined }));
