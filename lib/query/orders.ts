import type { OrderKind } from '@/lib/orders/ids';

/**
 * Paths and query keys of the order pages, built here only (lib/query/search.ts, batches.ts,
 * pages.ts and account.ts hold the others). One small module per area: a page's JavaScript takes
 * the module it uses whole, so the order pages carry nothing of the batches' or the search's.
 */

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

/** The order page's query: filled by the server's prefetch, refetched from the API on refresh. */
export function orderQueryKey(kind: OrderKind, id: string, shop: string | null = null) {
  return ['order', kind, id, kind === 'shop' ? shop : null] as const;
}

/** `GET …/history`: the versions kept of an order's answers, newest first. */
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

/** The history section's query, fetched when the section is opened. */
export function orderHistoryKey(kind: OrderKind, id: string, shop: string | null = null) {
  return ['order-history', kind, id, kind === 'shop' ? shop : null] as const;
}
