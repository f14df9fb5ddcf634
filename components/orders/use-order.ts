'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { LookupResponse } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';
import { fetchOrder, type ApiError } from '@/lib/query/api-client';
import { orderQueryKey } from '@/lib/query/orders';

/**
 * The order page's lookup. The server prefetches it for every page view, so the browser asks
 * the API only when it has nothing at all (no prefetch) or staff press refresh or retry: never
 * again on mount, not even for an error (each ask is a WeChat call and an audit entry).
 */
export function useOrder<T>(kind: OrderKind, id: string, shop: string | null) {
  const query = useQuery<LookupResponse<T>, ApiError>({
    queryKey: orderQueryKey(kind, id, shop),
    queryFn: ({ signal }) => fetchOrder<T>(kind, id, shop, signal),
    refetchOnMount: false,
    retryOnMount: false,
  });
  const found = query.isSuccess;
  useEffect(() => {
    // Loaded on success only, to keep it out of the page's first JavaScript.
    if (found) void import('../search/recent-lookups').then((m) => m.rememberLookup(kind, id, shop));
  }, [found, kind, id, shop]);
  return query;
}
