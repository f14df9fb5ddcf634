import { isForm } from '@/lib/api/input';
import { jsonError, NO_STORE } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { serverEnv } from '@/lib/env/server';
import { withRequestLog } from '@/lib/log';
import { recheckAttention } from '@/lib/order-index';
import { requestInfo } from '@/lib/request-info';

/**
 * "Check these again" on /orders/attention: every order the list holds, looked up afresh as a
 * batch (finance and admin: it needs both the list and batches), one at a time per user: while
 * theirs runs, asking again answers it. A form post is answered with a redirect to the batch,
 * JSON with the batch.
 */
export const POST = (request: Request) => withRequestLog(request, () => recheck(request));

async function recheck(request: Request) {
  try {
    const user = await requireApiUser(request, 'orders.list');
    await requireApiUser(request, 'finance.batch');
    const recheck = await recheckAttention(user, requestInfo(request.headers), serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS);
    const batch = recheck?.batch ?? null;
    if (isForm(request)) return new Response(null, { status: 303, headers: { location: batch ? `/batches/${batch.id}` : '/orders/attention', 'cache-control': 'no-store' } });
    // 201 for a new batch; 200 with the one already running (or none, when nothing needs attention).
    return Response.json({ batch }, { status: recheck?.created ? 201 : 200, headers: NO_STORE });
  } catch (error) {
    return jsonError(error);
  }
}
