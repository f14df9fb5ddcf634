import type { OrderKind } from '@/lib/orders/ids';

/** The order page's query: filled by the server's prefetch, refetched from the API on refresh. */
export function orderQueryKey(kind: OrderKind, id: string) {
  return ['order', kind, id] as const;
}
