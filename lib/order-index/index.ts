import 'server-only';

/**
 * The order index: every order Order Desk has looked up, one row each, so staff find an order by
 * any id it carries and finance sees what needs a person. Written by every successful lookup
 * (lib/api/order-lookup.ts); only as fresh as each order's last lookup.
 */
export { markNotFound, pruneIndex, rememberOrder } from './store';
export { invalidQuery, searchOrders } from './search';
export type { MatchedOn } from './entry';
