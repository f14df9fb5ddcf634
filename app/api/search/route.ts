import { searchAnswer } from '@/lib/lookups/search-route';
import { route } from '@/lib/server/route';

/** `GET /api/search?q=…`: the orders an id belongs to (lib/order-index/search.ts). */
export const GET = route('order.lookup', ({ request, user }) => searchAnswer(request, user));
