import { lookupAnswer, lookupRefused } from '@/lib/lookups/lookup';
import { route } from '@/lib/server/route';

export const GET = route<RouteContext<'/api/orders/shop/[tradeNo]'>>('order.lookup', ({ request, user, params }) => lookupAnswer(request, user, 'shop', params.tradeNo), { onError: lookupRefused('shop') });
