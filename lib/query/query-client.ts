import { QueryClient, isServer } from '@tanstack/react-query';
import { ApiError } from './api-client';

/**
 * Order data changes slowly (refunds, usage) and every lookup costs a WeChat call against a
 * daily quota: keep it a minute, never refetch on focus, and retry only a dropped connection
 * (the server already retried WeChat).
 */
function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failures, error) => error instanceof ApiError && error.isNetwork && failures < 1,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** One client per server render, one shared in the browser. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
