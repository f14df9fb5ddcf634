import { evidenceAnswer } from '@/lib/history';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/orders/shop/[tradeNo]/evidence'>>('order.lookup', ({ request, user, params }) => evidenceAnswer(request, user, 'shop', params.tradeNo));
