'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { LookupResponse } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';
import { fetchOrder, type ApiError } from '@/lib/query/api-client';

export function useOrder<T>(kind: OrderKind, id: string) {
  const query = useQuery<LookupResponse<T>, ApiError>({
    queryKey: ['order', kind, id],
    queryFn: ({ signal }) => fetchOrder<T>(kind, id, signal),
  });
  const found = query.isSuccess;
  useEffect(() => {
    // Loaded on success only, to keep it out of the page's first JavaScript.
    if (found) void import('../search/recent-lookups').then((m) => m.rememberLookup(kind, id));
  }, [found, kind, id]);
  return query;
}
