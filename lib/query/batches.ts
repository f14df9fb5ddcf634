import type { BatchAction, ItemOutcome } from '@/lib/api/contract';

/** Paths and query keys of the batch pages and the batch API, built here only. */

export const batchesPagePath = '/batches';
export const batchPagePath = (id: string) => `/batches/${encodeURIComponent(id)}`;
/** `GET` the list, `POST` a new batch. */
export const batchesApiPath = '/api/batches';
/** `POST`: the preview; nothing starts. */
export const batchPreviewApiPath = `${batchesApiPath}?dryRun=1`;
export const batchApiPath = (id: string) => `${batchesApiPath}/${encodeURIComponent(id)}`;
export const batchActionPath = (id: string, action: BatchAction) => `${batchApiPath(id)}/${action}`;
export const batchExportPath = (id: string, format: 'csv' | 'xlsx') => `${batchApiPath(id)}/export.${format}`;

/** A page of a batch's results (`cursor`: the last position of the page before). */
export function batchItemsPath(id: string, { limit, outcome, cursor }: { limit: number; outcome?: ItemOutcome; cursor?: number | null }): string {
  const query = new URLSearchParams({ limit: String(limit), ...(outcome ? { outcome } : {}), ...(cursor === null || cursor === undefined ? {} : { cursor: String(cursor) }) });
  return `${batchApiPath(id)}/items?${query}`;
}

/**
 * The batch queries' keys, so a query and whatever invalidates it name the same thing. A
 * shorter key is the prefix of the longer ones: `items(id)` matches every page of every filter.
 */
export const batchKeys = {
  list: () => ['batches'] as const,
  batch: (id: string) => ['batch', id] as const,
  items: (id: string) => ['batch-items', id] as const,
  /** `version` (the items done so far) refetches the pages as the batch moves on. */
  itemsPage: (id: string, outcome: ItemOutcome | 'all', version: number) => ['batch-items', id, outcome, version] as const,
};
