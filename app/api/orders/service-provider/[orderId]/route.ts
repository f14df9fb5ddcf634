import type { NextRequest } from 'next/server';
import { lookUpOrder } from '@/lib/api/order-lookup';

export async function GET(_request: NextRequest, ctx: RouteContext<'/api/orders/service-provider/[orderId]'>) {
  const { orderId } = await ctx.params;
  return lookUpOrder('service-provider', orderId);
}
