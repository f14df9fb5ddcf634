import type { ItemOutcome } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';

/**
 * The browser's TanStack Query keys, built here only, so a query and whatever invalidates it
 * name the same thing. A shorter key is the prefix of the longer ones (`batchItems(id)` matches
 * every page of every filter of that batch).
 */
export const queryKeys = {
  /** The order page's query: filled by the server's prefetch, refetched from the API on refresh. */
  order: (kind: OrderKind, id: string, shop: string | null = null) => ['order', kind, id, kind === 'shop' ? shop : null] as const,
  batches: () => ['batches'] as const,
  batch: (id: string) => ['batch', id] as const,
  batchItems: (id: string) => ['batch-items', id] as const,
  /** `version` (the items done so far) refetches the pages as the batch moves on. */
  batchItemsPage: (id: string, outcome: ItemOutcome | 'all', version: number) => ['batch-items', id, outcome, version] as const,
};
