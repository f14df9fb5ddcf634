/**
 * The shapes of Order Desk's HTTP API, shared by the route handlers and the browser.
 * Money is integer fen as decimal strings; instants are ISO-8601 UTC strings.
 */
import type { ErrorBody } from '@/lib/errors';
import type { OrderChange } from '@/lib/orders/changes';
import type { OrderKind } from '@/lib/orders/ids';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';

/** Which of an order's ids a search matched. */
export const refKinds = ['transaction-id', 'combine-trade-no', 'refund-no', 'refund-id', 'sharing-no', 'sharing-id'] as const;
export type RefKind = (typeof refKinds)[number];
export type MatchedOn = 'trade-no' | 'order-id' | RefKind;

/** `GET /api/orders/{kind}/{id}` → 200 */
export interface LookupResponse<T> {
  order: T;
  /** WeChat's `order` object as received (integers beyond 2^53 as decimal strings). */
  raw: unknown;
  fetchedAt: string;
  /** The shop a shop order was looked up in (its id and name); absent for service-provider orders. */
  shop?: { id: string; name: string };
}

export type ServiceProviderLookup = LookupResponse<ServiceProviderOrder>;
export type ShopLookup = LookupResponse<ShopOrder>;
export type OrderLookup = ServiceProviderLookup | ShopLookup;

/** Any non-2xx answer. */
export interface ErrorResponse {
  error: ErrorBody;
}

/** `?shop=` for a shop order of a named shop; nothing for the default shop or a service-provider order. */
function shopQuery(kind: OrderKind, shop: string | null | undefined): string {
  return kind === 'shop' && shop ? `?shop=${encodeURIComponent(shop)}` : '';
}

export function orderApiPath(kind: OrderKind, id: string, shop?: string | null): string {
  return `/api/orders/${kind}/${encodeURIComponent(id)}${shopQuery(kind, shop)}`;
}

export function orderPagePath(kind: OrderKind, id: string, shop?: string | null): string {
  return `/orders/${kind}/${encodeURIComponent(id)}${shopQuery(kind, shop)}`;
}

/** One order a search found: `GET /api/search?q=…` answers a list of these. */
export interface SearchMatch {
  kind: OrderKind;
  /** The shop's id for shop orders; null for service-provider orders. */
  shop: string | null;
  /** The shop's name, for people; null for service-provider orders. */
  shopName: string | null;
  id: string;
  href: string;
  /** From the last lookup; null for an order Order Desk has not looked up. */
  state: string | null;
  /** The state in both languages, as the order page names it. */
  stateLabel: { en: string; zh: string } | null;
  amountFen: string | null;
  lastSeenAt: string | null;
  /** When WeChat's latest answer carried no order (the rest is the last good reading); null otherwise. */
  notFoundAt: string | null;
  /** That answer's errcode (10120002, "parameter error"); absent for errcode 0 without `order`. */
  notFoundErrcode?: number;
  matchedOn: MatchedOn;
  /** Set when this shop was asked for the trade number just now and WeChat's answer was an error (so the order may be there). */
  problem?: { en: string; zh: string };
}

/** `GET /api/search?q=…[&shop=]` → 200 */
export interface SearchAnswer {
  /** The query as searched: whitespace removed, full-width characters made ASCII. */
  query: string;
  matches: SearchMatch[];
  /** The shops a trade number was looked up in just now (several shops, none chosen); absent otherwise. */
  lookedUpIn?: { id: string; name: string }[];
  /**
   * When the query fits several kinds and WeChat was asked just now: each way it was asked, in
   * order (service provider, then each shop), and what WeChat said; the first found ends it.
   */
  tried?: Array<{ kind: OrderKind; shop: string | null; shopName: string | null; said: 'found' | 'not-found' | 'problem' }>;
}

/** One change between two kept answers (lib/orders/changes.ts): in words, and the raw fields. */
export type { OrderChange, RawChange } from '@/lib/orders/changes';

/** One distinct answer WeChat gave for an order (lib/history). */
export interface OrderVersionView {
  id: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The path that first received it: page, api, batch or sync. */
  via: string;
  /** The answer's size in bytes, and the SHA-256 of its bytes (hex). */
  bytes: number;
  sha256: string;
  /** What changed from the version before (empty for the oldest kept; null when Order Desk cannot read it). */
  changes: OrderChange[] | null;
}

/** `GET /api/orders/{kind}/{id}/history[?shop=]` → 200, newest first. */
export interface OrderHistory {
  versions: OrderVersionView[];
}

export function orderHistoryPath(kind: OrderKind, id: string, shop?: string | null): string {
  return `/api/orders/${kind}/${encodeURIComponent(id)}/history${shopQuery(kind, shop)}`;
}

/** The evidence file of one version (the newest without one). */
export function orderEvidencePath(kind: OrderKind, id: string, shop?: string | null, version?: string): string {
  const query = new URLSearchParams();
  if (kind === 'shop' && shop) query.set('shop', shop);
  if (version) query.set('version', version);
  const text = query.toString();
  return `/api/orders/${kind}/${encodeURIComponent(id)}/evidence${text ? `?${text}` : ''}`;
}

/** The order's print view (A4; asks WeChat nothing: the newest answer kept). */
export function orderPrintPath(kind: OrderKind, id: string, shop?: string | null): string {
  return `/orders/${kind}/${encodeURIComponent(id)}/print${shopQuery(kind, shop)}`;
}
