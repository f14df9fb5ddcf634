import { historyAnswer } from '@/lib/history';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/orders/shop/[tradeNo]/history'>>('order.lookup', ({ request, user, params }) => historyAnswer(request, user, 'shop', params.tradeNo));
