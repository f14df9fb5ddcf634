import 'server-only';
import { isForm } from '@/lib/api/input';
import type { SessionUser } from '@/lib/auth/principal';
import { attentionList } from '@/lib/order-index/listing';
import { serverEnv } from '@/lib/env/server';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import type { BatchView, RecheckAnswer } from '@/lib/api/contract';
import { attentionPagePath } from '@/lib/query/pages';
import { batchPagePath } from '@/lib/query/batches';
import { startOnce } from './index';

/** "Check these again": every order on the attention list, looked up afresh as a batch. */
export async function recheckAttention(user: SessionUser, request: RequestInfo, refundDays: number): Promise<{ batch: BatchView; created: boolean } | null> {
  const lines = await attentionList(refundDays);
  if (lines.length === 0) return null;
  const valid = lines.map(({ order }, i) => ({ kind: order.kind, id: order.orderId, row: i + 1, ...(order.shop ? { shop: order.shop } : {}) }));
  // One at a time: asking again while one runs answers the running one.
  return startOnce(user, request, { prepared: { valid, duplicates: 0, invalid: [] }, kind: 'auto', shop: null, source: 'needs attention', origin: 'recheck' });
}

/**
 * `POST /api/orders/attention/recheck`, "check these again" on /orders/attention: every order the
 * list holds, looked up afresh as a batch (the route asks for both the list and batches). A form
 * post is answered with a redirect to the batch, JSON with the batch.
 */
export async function recheckAnswer(request: Request, user: SessionUser): Promise<Response> {
  const recheck = await recheckAttention(user, requestInfo(request.headers), serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS);
  const batch = recheck?.batch ?? null;
  if (isForm(request)) return new Response(null, { status: 303, headers: { location: batch ? batchPagePath(batch.id) : attentionPagePath } });
  // 201 for a new batch; 200 with the one already running (or none, when nothing needs attention).
  return Response.json({ batch } satisfies RecheckAnswer, { status: recheck?.created ? 201 : 200 });
}
