import type { ErrorBody } from '@/lib/errors';
import type { LookupResponse } from '@/lib/api/contract';
import { orderApiPath } from '@/lib/query/orders';
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

export function fetchOrder<T>(kind: OrderKind, id: string, shop: string | null, signal?: AbortSignal): Promise<LookupResponse<T>> {
  return fetchJson<LookupResponse<T>>(orderApiPath(kind, id, shop), { signal: signal ?? null });
}

/** What to tell the reader of a failed call: the server's message in their language, or the error's own. */
export function errorText(error: ApiError, zh: boolean): string {
  return error.body ? (zh ? error.body.zh.message : error.body.message) : error.message;
}

/** A call to Order Desk's own API: its JSON answer, or an ApiError carrying the error contract. */
export async function fetchJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    // A string body is JSON unless the caller says otherwise; a form (an upload) sets its own type.
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    response = await fetch(path, { ...init, headers });
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
