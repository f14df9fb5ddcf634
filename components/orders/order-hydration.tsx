'use client';

import type { DehydratedState } from '@tanstack/react-query';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ErrorBody } from '@/lib/errors';
import { ApiError } from '@/lib/query/api-client';

/** A failed lookup as the server hands it over: the API's status and error body. */
export interface ServerError {
  status: number;
  body: ErrorBody;
}

const Prefetched = createContext<DehydratedState | null>(null);

/** The server's prefetched order, for the frame to put into the browser's query cache (a HydrationBoundary in order-frame.tsx). */
export const usePrefetchedOrder = () => useContext(Prefetched);

/**
 * Hands the server's prefetched order to the order frame below, which puts it into the
 * browser's query cache; this part carries no TanStack Query code, so the page's first
 * JavaScript does not either. A failed lookup arrives as `{status, body}` and becomes the same
 * ApiError a failed API call gives, so the page shows it exactly as it would have shown the
 * API's answer.
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
  return <Prefetched value={rebuilt}>{children}</Prefetched>;
}
