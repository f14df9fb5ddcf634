import type { ErrorBody } from '@/lib/errors';
import type { LookupResponse } from '@/lib/api/contract';
import { orderApiPath } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';

/** The server's error contract, rebuilt in the browser so React Query's `error` is typed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** No answer from Order Desk's own server at all (offline, server down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export function fetchOrder<T>(kind: OrderKind, id: string, signal?: AbortSignal): Promise<LookupResponse<T>> {
  return fetchJson<LookupResponse<T>>(orderApiPath(kind, id), { signal: signal ?? null });
}

/** A call to Order Desk's own API: its JSON answer, or an ApiError carrying the error contract. */
export async function fetchJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && typeof body === 'object' && 'error' in body ? (body.error as ErrorBody) : null;
    throw new ApiError(response.status, error);
  }
  return body as T;
}

/** Any JSON API call of Order Desk's, failing with the same ApiError as order lookups. */
export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && typeof body === 'object' && 'error' in body ? (body.error as ErrorBody) : null;
    throw new ApiError(response.status, error);
  }
  return body as T;
}
