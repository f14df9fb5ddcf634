import { jsonError, NO_STORE } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { serverEnv } from '@/lib/env/server';
import { withRequestLog } from '@/lib/log';
import { attentionFor } from '@/lib/order-index';
import { requestInfo } from '@/lib/request-info';

/** `GET /api/orders/attention`: what /orders/attention lists, as JSON (finance and admin); audited. */
export const GET = (request: Request) =>
  withRequestLog(request, async () => {
    try {
      const user = await requireApiUser(request, 'orders.list');
      const lines = await attentionFor(user, requestInfo(request.headers), serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS);
      return Response.json(
        {
          orders: lines.map(({ order: o, reasons }) => ({
            kind: o.kind,
            shop: o.shop || null,
            id: o.orderId,
            state: o.state,
            amountFen: o.amountFen.toString(),
            reasons,
            lastSeenAt: o.lastSeenAt.toISOString(),
            // WeChat's latest answer carried no order (errcode null: errcode 0 without `order`); the line is as of lastSeenAt.
            problem: o.notFoundAt ? { at: o.notFoundAt.toISOString(), errcode: o.notFoundErrcode } : null,
          })),
        },
        { headers: NO_STORE },
      );
    } catch (error) {
      return jsonError(error);
    }
  });
