import 'server-only';
import { z } from 'zod';
import { invalidInput } from '@/lib/api/input';
import { jsonError, NO_STORE } from '@/lib/api/responses';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { batchFor, batchItems, batchView, type BatchView } from './index';
import type { BatchRow } from './store';

/** What the batch route handlers share: finance or admin only, one's own batch (or any, for admin), one error contract. */
export async function withBatch(
  request: Request,
  params: Promise<{ id: string }>,
  answer: (user: SessionUser, info: RequestInfo, batch: BatchRow) => Promise<Response>,
): Promise<Response> {
  try {
    const user = await requireApiUser(request, 'finance.batch');
    const batch = await batchFor(user, (await params).id);
    return await answer(user, requestInfo(request.headers), batch);
  } catch (error) {
    return jsonError(error);
  }
}

export function batchJson(batch: BatchView, status = 200): Response {
  return Response.json({ batch }, { status, headers: NO_STORE });
}

/** `POST /api/batches/{id}/cancel|retry|resume`. */
export function batchAction(act: (user: SessionUser, info: RequestInfo, batch: BatchRow) => Promise<BatchView>) {
  return (request: Request, ctx: { params: Promise<{ id: string }> }) =>
    withBatch(request, ctx.params, async (user, info, batch) => batchJson(await act(user, info, batch)));
}

export async function getBatch(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return withBatch(request, ctx.params, async (_user, _info, batch) => batchJson(await batchView(batch)));
}

const itemsQuery = z.object({
  outcome: z.enum(['pending', 'found', 'not-found', 'failed', 'invalid']).optional(),
  cursor: z.coerce.number().int().min(-1).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function getBatchItems(request: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  return withBatch(request, ctx.params, async (_user, _info, batch) => {
    const search = new URL(request.url).searchParams;
    const parsed = itemsQuery.safeParse(Object.fromEntries([...search.entries()].filter(([k, v]) => k in itemsQuery.shape && v !== '')));
    if (!parsed.success) throw invalidInput(parsed.error);
    return Response.json(await batchItems(batch, parsed.data), { headers: NO_STORE });
  });
}
