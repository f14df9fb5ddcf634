import { invalidInput } from '@/lib/api/input';
import { jsonError } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { serverEnv } from '@/lib/env/server';
import { withRequestLog } from '@/lib/log';
import { orderFilterParams, orderFilterSchema, ordersCsv } from '@/lib/order-index';
import { requestInfo } from '@/lib/request-info';

const FILTER_HINT = { en: 'Use dates like 2026-01-31, amounts in yuan like 12.50, and a kind of service-provider or shop.', zh: '日期格式如 2026-01-31，金额以元为单位如 12.50，类型为 service-provider 或 shop。' };

/** The orders /orders lists, with the same filters, as CSV (finance and admin). */
export const GET = (request: Request) => withRequestLog(request, () => csv(request));

async function csv(request: Request) {
  try {
    const user = await requireApiUser(request, 'orders.list');
    const parsed = orderFilterSchema.safeParse(orderFilterParams(new URL(request.url).searchParams));
    if (!parsed.success) throw invalidInput(parsed.error, FILTER_HINT);
    const body = await ordersCsv(user, requestInfo(request.headers), parsed.data, serverEnv().ORDER_DESK_TIMEZONE);
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="order-desk-orders-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return jsonError(error);
  }
}
