import 'server-only';
import { dehydrate, type DehydratedState } from '@tanstack/react-query';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { OrderHydration, type ServerError } from '@/components/orders/order-hydration';
import type { OrderLookup } from '@/lib/api/contract';
import { lookUpFor } from '@/lib/lookups/lookup';
import { toAppError } from '@/lib/api/responses';
import { forbidden, type SessionUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { metrics } from '@/lib/ops/metrics';
import type { OrderKind } from '@/lib/orders/ids';
import { orderQueryKey } from '@/lib/query/orders';
import { getQueryClient } from '@/lib/query/query-client';
import { requestInfo } from '@/lib/request-info';

/**
 * Starts the order's lookup on the server, into the request's query cache, and resolves with
 * what the browser's query cache is to hold (a failed lookup included: were it left out, the
 * browser would ask the API again, a second audited lookup). The lookup is `lookUpFor`, the
 * API's own, so it is throttled and audited exactly as the API is. Never rejects.
 */
export async function prefetchOrder(kind: OrderKind, id: string, shop: string | null, user: SessionUser): Promise<DehydratedState> {
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery({ queryKey: orderQueryKey(kind, id, shop), queryFn: () => lookUpOnPage(user, kind, id, shop) });
  return forTheBrowser(dehydrate(queryClient, { shouldDehydrateQuery: () => true }));
}

/** The prefetched order handed to the browser's query cache: the browser asks the API only when staff refresh. */
export async function PrefetchedOrder({ answer, children }: { answer: Promise<DehydratedState>; children: ReactNode }) {
  return <OrderHydration state={await answer}>{children}</OrderHydration>;
}

async function lookUpOnPage(user: SessionUser, kind: OrderKind, id: string, shop: string | null): Promise<OrderLookup> {
  if (!can(user.role, 'order.lookup')) {
    metrics().lookups.inc({ kind, status: 403, errcode: 'none' });
    throw forbidden(user);
  }
  const answer = await lookUpFor({ user, request: requestInfo(await headers()), via: 'page' }, kind, id, shop);
  if (!answer.ok) throw answer.error;
  return answer.lookup;
}

/**
 * A failed query's error as the API would have answered it (an AppError is a class, which does
 * not cross to the browser). Its time also stands as the data's, so that it replaces an older
 * answer the browser still holds for this order, as a newer answer would.
 */
function forTheBrowser(state: DehydratedState): DehydratedState {
  const queries = state.queries.map((query) => {
    if (query.state.status !== 'error') return query;
    const error = toAppError(query.state.error);
    const crossing: ServerError = { status: error.status, body: error.toBody() };
    return { ...query, state: { ...query.state, data: undefined, error: crossing as unknown as Error, fetchFailureReason: null, dataUpdatedAt: query.state.errorUpdatedAt } };
  });
  return { ...state, queries };
}
