'use client';

import { HydrationBoundary, QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useState, type ComponentType } from 'react';
import type { LookupResponse } from '@/lib/api/contract';
import type { ClientIntl } from '@/lib/intl-config';
import type { OrderKind } from '@/lib/orders/ids';
import { getQueryClient } from '@/lib/query/query-client';
import { usePrefetchedOrder } from './order-hydration';
import { OrderSkeleton } from './order-skeleton';
import { useOrder } from './use-order';

// Only a failed lookup needs the error panel: it is not part of the page's first JavaScript.
const ErrorPanel = lazy(() => import('./error-panel'));

export interface AnswerProps<T> {
  intl: ClientIntl;
  data: LookupResponse<T>;
  refetch: () => void;
  fetching: boolean;
}

/**
 * A lookup page's order: the server's prefetched answer (app/orders/prefetched-order.tsx), or
 * fetched here when there is none; the skeleton while it comes, an error staff can act on if it
 * fails, and otherwise the kind's `Answer` (its own chunk; see lazy-answer). It uses no
 * translation hooks (its labels come from the server page), so the page's first JavaScript
 * carries no i18n runtime; the answer and the error panel bring it along.
 */
export interface FrameLabels {
  loading: string;
}

export interface FrameProps<T> {
  kind: OrderKind;
  id: string;
  shop?: string | null;
  Answer: ComponentType<AnswerProps<T>>;
  labels: FrameLabels;
  intl: ClientIntl;
}

/**
 * Loaded as its own chunk by the order page (lazy-frame.tsx), with TanStack Query: the browser's
 * query client, the server's prefetched order put into it (order-hydration.tsx), and the frame.
 */
export default function QueryOrderFrame<T>(props: FrameProps<T>) {
  const [client] = useState(getQueryClient);
  return (
    <QueryClientProvider client={client}>
      <HydrationBoundary state={usePrefetchedOrder()}>
        <OrderFrame {...props} />
      </HydrationBoundary>
    </QueryClientProvider>
  );
}

function OrderFrame<T>({ kind, id, shop = null, Answer, labels, intl }: FrameProps<T>) {
  const query = useOrder<T>(kind, id, shop);
  const refetch = () => void query.refetch();
  const skeleton = <OrderSkeleton label={labels.loading} />;

  return query.isPending ? (
    skeleton
  ) : query.isError ? (
    <Suspense fallback={skeleton}>
      <ErrorPanel intl={intl} error={query.error} kind={kind} id={id} onRetry={refetch} retrying={query.isFetching} />
    </Suspense>
  ) : (
    <Suspense fallback={skeleton}>
      <Answer intl={intl} data={query.data} refetch={refetch} fetching={query.isFetching} />
    </Suspense>
  );
}
