import { evidenceAnswer } from '@/lib/history';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/orders/service-provider/[orderId]/evidence'>>('order.lookup', ({ request, user, params }) => evidenceAnswer(request, user, 'service-provider', params.orderId));
