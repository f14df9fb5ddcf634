import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BatchAction, BatchAnswer, BatchItemsPage, BatchListAnswer, BatchPreview, BatchStatus, ItemOutcome } from '@/lib/api/contract';
import { fetchJson, type ApiError } from '@/lib/query/api-client';
import { batchActionPath, batchApiPath, batchesApiPath, batchItemsPath, batchKeys, batchPreviewApiPath } from '@/lib/query/batches';

/**
 * The batch pages' data: queries, polling and actions, so the components only render. Paths and
 * keys come from lib/query/batches.ts, shapes from lib/api/contract.ts.
 */

/** Queued, running or paused: the batch still moves, so its page polls. */
export const isActive = (status: BatchStatus) => status === 'queued' || status === 'running' || status === 'paused';

/** One batch, polled every second while it moves (a reload or another browser sees the same), and cancel, retry and resume. */
export function useBatch(id: string) {
  const queryClient = useQueryClient();
  const batch = useQuery<BatchAnswer, ApiError>({
    queryKey: batchKeys.batch(id),
    queryFn: ({ signal }) => fetchJson(batchApiPath(id), { signal }),
    refetchInterval: (q) => {
      const status = q.state.data?.batch.status;
      return status && isActive(status) ? 1_000 : false;
    },
  });
  const act = useMutation<BatchAnswer, ApiError, BatchAction>({
    mutationFn: (action) => fetchJson(batchActionPath(id, action), { method: 'POST' }),
    onSuccess: (data) => {
      queryClient.setQueryData(batchKeys.batch(id), data);
      void queryClient.invalidateQueries({ queryKey: batchKeys.items(id) });
      void queryClient.invalidateQueries({ queryKey: batchKeys.list() });
    },
  });
  return { batch, act };
}

const ITEMS_PER_PAGE = 100;

/** A batch's results, a page at a time, of one outcome or all; `version` (items done) refetches them as the batch moves on. */
export function useBatchItems(id: string, outcome: ItemOutcome | 'all', version: number) {
  return useInfiniteQuery<BatchItemsPage, ApiError>({
    queryKey: batchKeys.itemsPage(id, outcome, version),
    queryFn: ({ pageParam, signal }) =>
      fetchJson(batchItemsPath(id, { limit: ITEMS_PER_PAGE, ...(outcome === 'all' ? {} : { outcome }), cursor: typeof pageParam === 'number' ? pageParam : null }), { signal }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

/** The user's batches (an admin's: everyone's), polled every 2 s while one of them moves. */
export function useBatches() {
  return useQuery<BatchListAnswer, ApiError>({
    queryKey: batchKeys.list(),
    queryFn: ({ signal }) => fetchJson(batchesApiPath, { signal }),
    refetchInterval: (q) => (q.state.data?.batches.some((b) => isActive(b.status)) ? 2_000 : false),
  });
}

/** A new batch from `request()` (pasted ids as JSON, or a file as a form): its preview, and its start, which opens its page. */
export function useNewBatch(request: () => RequestInit, started: (answer: BatchAnswer) => void) {
  const queryClient = useQueryClient();
  const preview = useMutation<BatchPreview, ApiError, void>({
    mutationFn: () => fetchJson<BatchPreview>(batchPreviewApiPath, request()),
  });
  const start = useMutation<BatchAnswer, ApiError, void>({
    mutationFn: () => fetchJson(batchesApiPath, request()),
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: batchKeys.list() });
      started(answer);
    },
  });
  return { preview, start };
}
