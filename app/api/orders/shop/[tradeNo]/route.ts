import type { NextRequest } from 'next/server';
import { lookUpOrder } from '@/lib/api/order-lookup';

export async function GET(request: NextRequest, ctx: RouteContext<'/api/orders/shop/[tradeNo]'>) {
  const { tradeNo } = await ctx.params;
  return lookUpOrder(request, 'shop', tradeNo);
}
