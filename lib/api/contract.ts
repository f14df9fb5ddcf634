/**
 * The shapes of Order Desk's HTTP API, shared by the route handlers and the browser.
 * Money is integer fen as decimal strings; instants are ISO-8601 UTC strings.
 */
import type { ErrorBody } from '@/lib/errors';
import type { OrderKind } from '@/lib/orders/ids';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';

/** `GET /api/orders/{kind}/{id}` → 200 */
export interface LookupResponse<T> {
  order: T;
  /** WeChat's `order` object as received (integers beyond 2^53 as decimal strings). */
  raw: unknown;
  fetchedAt: string;
}

export type ServiceProviderLookup = LookupResponse<ServiceProviderOrder>;
export type ShopLookup = LookupResponse<ShopOrder>;
export type OrderLookup = ServiceProviderLookup | ShopLookup;

/** Any non-2xx answer. */
export interface ErrorResponse {
  error: ErrorBody;
}

export function orderApiPath(kind: OrderKind, id: string): string {
  return `/api/orders/${kind}/${encodeURIComponent(id)}`;
}

export function orderPagePath(kind: OrderKind, id: string): string {
  return `/orders/${kind}/${encodeURIComponent(id)}`;
}
