import 'server-only';
import { invalidInput } from '@/lib/api/input';
import type { SessionUser } from '@/lib/auth/principal';
import { serverEnv } from '@/lib/env/server';
import { requestInfo } from '@/lib/request-info';
import type { AttentionAnswer } from '@/lib/api/contract';
import { attentionFor, orderFilterParams, orderFilterSchema, ordersCsv } from './index';
import { attentionAnswerLine } from './view';

const FILTER_HINT = { en: 'Use dates like 2026-01-31, amounts in yuan like 12.50, and a kind of service-provider or shop.', zh: '日期格式如 2026-01-31，金额以元为单位如 12.50，类型为 service-provider 或 shop。' };

/** `GET /api/orders.csv`: the orders /orders lists, with the same filters, as CSV (finance and admin). */
export async function ordersCsvAnswer(request: Request, user: SessionUser): Promise<Response> {
  const parsed = orderFilterSchema.safeParse(orderFilterParams(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, FILTER_HINT);
  const body = await ordersCsv(user, requestInfo(request.headers), parsed.data, serverEnv().ORDER_DESK_TIMEZONE);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="order-desk-orders-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}

/** `GET /api/orders/attention`: what /orders/attention lists, as JSON (finance and admin); audited. */
export async function attentionAnswer(request: Request, user: SessionUser): Promise<Response> {
  const lines = await attentionFor(user, requestInfo(request.headers), serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS);
  return Response.json({ orders: lines.map(attentionAnswerLine) } satisfies AttentionAnswer);
}
