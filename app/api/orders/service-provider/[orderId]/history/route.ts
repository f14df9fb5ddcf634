import { historyAnswer } from '@/lib/history';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/orders/service-provider/[orderId]/history'>>('order.lookup', ({ request, user, params }) => historyAnswer(request, user, 'service-provider', params.orderId));
