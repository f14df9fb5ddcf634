'use client';

import { HydrationBoundary, type DehydratedState } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import type { ErrorBody } from '@/lib/errors';
import { ApiError } from '@/lib/query/api-client';

/** A failed lookup as the server hands it over: the API's status and error body. */
export interface ServerError {
  status: number;
  body: ErrorBody;
}

/**
 * Puts the server's prefetched order into the browser's query cache. A failed lookup arrives as
 * `{status, body}` and becomes the same ApiError a failed API call gives, so the page shows it
 * exactly as it would have shown the API's answer.
 */
export function OrderHydration({ state, children }: { state: DehydratedState; children: ReactNode }) {
  const rebuilt = useMemo<DehydratedState>(
    () => ({
      ...state,
      queries: state.queries.map((query) => {
        if (query.state.status !== 'error') return query;
        const { status, body } = query.state.error as unknown as ServerError;
        return { ...query, state: { ...query.state, error: new ApiError(status, body) } };
      }),
    }),
    [state],
  );
  return <HydrationBoundary state={rebuilt}>{children}</HydrationBoundary>;
}
