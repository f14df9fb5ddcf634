import { ordersCsvAnswer } from '@/lib/order-index/route';
import { route } from '@/lib/server/route';

export const GET = route('orders.list', ({ request, user }) => ordersCsvAnswer(request, user));
