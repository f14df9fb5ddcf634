import { recheckAnswer } from '@/lib/order-index/route';
import { route } from '@/lib/server/route';

/** Both the list and batches: the orders it rechecks come from the list, and it starts a batch. */
export const POST = route(['orders.list', 'finance.batch'], ({ request, user }) => recheckAnswer(request, user));
