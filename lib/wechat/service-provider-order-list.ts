import { z } from 'zod';
import type { WeChatServiceProviderOrder } from '@/lib/orders/wechat-shapes';
import type { Received } from './received';
import { requireText, requireWhole } from './list-request';
import { describeIssues } from './schema-parts';
import { serviceProviderOrderSchema } from './service-provider-order';

/** `POST /wxa/charge/service-provider/order/query_list` (docs/wechat-api.md, "Listing orders"): `limit` at most. */
export const SP_ORDER_LIST_MAX_LIMIT = 20;

export interface ServiceProviderOrderListQuery {
  /** The SPU whose orders to list (configuration: no API lists them). */
  spuId: string;
  /** From 0. */
  offset: number;
  /** 1 to SP_ORDER_LIST_MAX_LIMIT. */
  limit: number;
}

export interface ServiceProviderOrderListPage {
  /** How many orders the SPU has in all, as WeChat counts them at this call. */
  total: number;
  /**
   * The page's orders, validated as `order/get`'s order is, each with WeChat's object as parsed,
   * its place in `orderList`, and (lib/wechat/client.ts) its own bytes as received.
   */
  orders: Array<{ order: WeChatServiceProviderOrder; raw: unknown; index: number; received?: Received }>;
  /** Entries that do not read as an order: kept with the reason, so one bad order does not sink its page. */
  unreadable: Array<{ raw: unknown; problem: string }>;
  /** How many entries the page had (orders + unreadable): the next offset is offset + this. */
  count: number;
}

/** The JSON body of one page's request, offset and limit as JSON numbers; throws ListRequestRefused, sending nothing, beyond the documented limits. */
export function serviceProviderOrderListBody(query: ServiceProviderOrderListQuery): { spuId: string; offset: number; limit: number } {
  return {
    spuId: requireText('spuId', query.spuId, true)!,
    offset: requireWhole('offset', query.offset, 0),
    limit: requireWhole('limit', query.limit, 1, SP_ORDER_LIST_MAX_LIMIT),
  };
}

const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a whole number')]).transform(Number);

/** The answer past its errcode; each entry of `orderList` is read as `order/get`'s order. */
export const serviceProviderOrderListAnswerSchema = z
  .object({ total: count, orderList: z.array(z.unknown()).nullish() })
  .transform(({ total, orderList }): ServiceProviderOrderListPage => {
    const page: ServiceProviderOrderListPage = { total, orders: [], unreadable: [], count: orderList?.length ?? 0 };
    for (const [i, raw] of (orderList ?? []).entries()) {
      const result = serviceProviderOrderSchema.safeParse(raw);
      if (result.success) page.orders.push({ order: result.data, raw, index: i });
      else page.unreadable.push({ raw, problem: describeIssues(result.error, `orderList.${i}`) });
    }
    return page;
  });
