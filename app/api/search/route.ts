import { searchFor } from '@/lib/order-index/route';
import { withRequestLog } from '@/lib/log';

/** `GET /api/search?q=…`: the orders an id belongs to (lib/order-index/search.ts). */
export const GET = (request: Request) => withRequestLog(request, () => searchFor(request));
