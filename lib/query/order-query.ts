import type { OrderKind } from '@/lib/orders/ids';

/** The order page's query: filled by the server's prefetch, refetched from the API on refresh. */
export function orderQueryKey(kind: OrderKind, id: string, shop: string | null = null) {
  return ['order', kind, id, kind === 'shop' ? shop : null] as const;
}
