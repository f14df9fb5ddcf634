/**
 * Paths of the pages rendered on the server (the orders seen, needs attention, the audit trail,
 * users) and of what their forms and links ask, built here only.
 */

/** A path with its query string, or without one when the query is empty. */
export function withQuery(path: string, query?: URLSearchParams): string {
  return query && query.size ? `${path}?${query}` : path;
}

/** `/orders` with its filters (and page). */
export const ordersPagePath = (query?: URLSearchParams) => withQuery('/orders', query);
/** `GET /api/orders.csv`: the orders the same filters list. */
export const ordersCsvPath = (query?: URLSearchParams) => withQuery('/api/orders.csv', query);
export const attentionPagePath = '/orders/attention';
export const attentionApiPath = '/api/orders/attention';
export const attentionRecheckPath = '/api/orders/attention/recheck';

export const auditPagePath = (query?: URLSearchParams) => withQuery('/admin/audit', query);
export const auditCsvPath = (query?: URLSearchParams) => withQuery('/api/audit.csv', query);

/** `POST` (a form): add a user, change a role, turn a sign-in off or on. */
export const usersApiPath = '/api/admin/users';
