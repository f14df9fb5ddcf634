import { lookupAnswer, lookupRefused } from '@/lib/lookups/lookup';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/orders/service-provider/[orderId]'>>('order.lookup', ({ request, user, params }) => lookupAnswer(request, user, 'service-provider', params.orderId), {
  onError: lookupRefused('service-provider'),
});
