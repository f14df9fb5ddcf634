import type { BatchAction, ItemOutcome } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';

/**
 * Every path of Order Desk's pages and API that code links to or fetches, built here only: the
 * browser's queries (lib/query), the components' links, the pages' hrefs and redirects alike.
 * Pure and browser-safe: server code builds the same links from it.
 */

/** A path with its query string, or without one when the query is empty. */
function withQuery(path: string, query?: URLSearchParams): string {
  return query && query.size ? `${path}?${query}` : path;
}

/** `?shop=` for a shop order of a named shop; nothing for the default shop or a service-provider order. */
function shopQuery(kind: OrderKind, shop: string | null | undefined): string {
  return kind === 'shop' && shop ? `?shop=${encodeURIComponent(shop)}` : '';
}

/* Orders */

export function orderApiPath(kind: OrderKind, id: string, shop?: string | null): string {
  return `/api/orders/${kind}/${encodeURIComponent(id)}${shopQuery(kind, shop)}`;
}

export function orderPagePath(kind: OrderKind, id: string, shop?: string | null): string {
  return `/orders/${kind}/${encodeURIComponent(id)}${shopQuery(kind, shop)}`;
}

/** `GET /api/search`: `shop` narrows a trade number to one shop; `asTradeNumber` is the kind switch. */
export function searchApiPath(q: string, { shop, asTradeNumber }: { shop?: string | null; asTradeNumber?: boolean } = {}): string {
  return `/api/search?q=${encodeURIComponent(q)}${shop ? `&shop=${encodeURIComponent(shop)}` : ''}${asTradeNumber ? '&kind=shop' : ''}`;
}

/* The order index */

/** `/orders` with its filters (and page). */
export const ordersPagePath = (query?: URLSearchParams) => withQuery('/orders', query);
/** `GET /api/orders.csv`: the orders the same filters list. */
export const ordersCsvPath = (query?: URLSearchParams) => withQuery('/api/orders.csv', query);
export const attentionPagePath = '/orders/attention';
export const attentionApiPath = '/api/orders/attention';
export const attentionRecheckPath = '/api/orders/attention/recheck';

/* Batches */

export const batchesPagePath = '/batches';
export const batchPagePath = (id: string) => `/batches/${encodeURIComponent(id)}`;
/** `GET` the list, `POST` a new batch. */
export const batchesApiPath = '/api/batches';
/** `POST`: the preview; nothing starts. */
export const batchPreviewApiPath = `${batchesApiPath}?dryRun=1`;
export const batchApiPath = (id: string) => `${batchesApiPath}/${encodeURIComponent(id)}`;
export const batchActionPath = (id: string, action: BatchAction) => `${batchApiPath(id)}/${action}`;
export const batchExportPath = (id: string, format: 'csv' | 'xlsx') => `${batchApiPath(id)}/export.${format}`;

/** A page of a batch's results (`cursor`: the last position of the page before). */
export function batchItemsPath(id: string, { limit, outcome, cursor }: { limit: number; outcome?: ItemOutcome; cursor?: number | null }): string {
  const query = new URLSearchParams({ limit: String(limit), ...(outcome ? { outcome } : {}), ...(cursor === null || cursor === undefined ? {} : { cursor: String(cursor) }) });
  return `${batchApiPath(id)}/items?${query}`;
}

/* The audit trail, API keys, users */

export const auditPagePath = (query?: URLSearchParams) => withQuery('/admin/audit', query);
export const auditCsvPath = (query?: URLSearchParams) => withQuery('/api/audit.csv', query);
export const apiKeysApiPath = '/api/account/api-keys';
export const apiKeyApiPath = (id: string) => `${apiKeysApiPath}/${encodeURIComponent(id)}`;
/** `POST` (a form): add a user, change a role, turn a sign-in off or on. */
export const usersApiPath = '/api/admin/users';
