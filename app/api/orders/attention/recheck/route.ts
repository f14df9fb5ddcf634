import { recheckAnswer } from '@/lib/batches/recheck';
import { route } from '@/lib/server/route';

/**
 * "Check these again" on /orders/attention: both the list and batches (the orders it rechecks come
 * from the list, and it starts a batch), one at a time per user: while theirs runs, asking again
 * answers it.
 */
export const POST = route(['orders.list', 'finance.batch'], ({ request, user }) => recheckAnswer(request, user));
