import type { NextRequest } from 'next/server';
import { lookUpOrder } from '@/lib/api/order-lookup';

export async function GET(request: NextRequest, ctx: RouteContext<'/api/orders/service-provider/[orderId]'>) {
  const { orderId } = await ctx.params;
  return lookUpOrder(request, 'service-provider', orderId);
}
