import 'server-only';
import type { WeChatServiceProviderOrder } from '@/lib/orders/wechat-shapes';
import type { Received } from '@/lib/wechat';

/**
 * The two list calls sync makes, one page each, as lib/wechat's list clients answer them. Kept
 * behind this small face so the sync run reads the same whatever the client's shapes.
 */
export interface ShopListRequest {
  /** Unix seconds; the window is at most a day (lib/sync/plan.ts). */
  beginCreateTime: number;
  endCreateTime: number;
  pageSize: number;
  lastIndex?: string | undefined;
}

export interface ShopListPage {
  tradeNos: string[];
  hasMore: boolean;
  lastIndex: string | null;
}

export interface ServiceProviderListPage {
  total: number;
  /** Each with its own bytes as received (element i of the answer's list), when they could be found: kept as its version. */
  orders: Array<{ order: WeChatServiceProviderOrder; raw: unknown; received?: Received | undefined }>;
  /** Entries of the page that do not read as an order (counted as errors of the run). */
  unreadable: number;
  /** Entries on the page, read or not: the next offset is this page's plus this. */
  count: number;
}

export interface Listers {
  shopPage(shop: string, request: ShopListRequest): Promise<ShopListPage>;
  serviceProviderPage(spuId: string, offset: number, limit: number): Promise<ServiceProviderListPage>;
}
