import 'server-only';
import { z } from 'zod';
import { invalidInput } from '@/lib/api/input';
import { jsonError, toAppError } from '@/lib/api/responses';
import type { SessionUser } from '@/lib/auth/principal';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { exportLocale } from '@/lib/text/sheets';
import { serverEnv } from '@/lib/env/server';
import type { BatchAnswer, BatchListAnswer, BatchPreview, BatchView } from '@/lib/api/contract';
import { batchesFor, batchFor, batchItems, batchView, createBatch, exportBatch } from './index';
import { auditPreview } from './preview';
import { isDryRun, isUploadRequest, readBatchRequest } from './request';
import { asUpload } from './upload';
import type { BatchRow } from './store';

/** What a route under /api/batches/{id} is handed by lib/server/route.ts (permission `finance.batch`), which also sends `no-store`. */
export interface BatchRouteArgs {
  request: Request;
  user: SessionUser;
  params: { id: string };
}

/** One's own batch (or any, for admin): someone else's is a 404. */
const batchOf = ({ user, params }: BatchRouteArgs) => batchFor(user, params.id);

export function batchJson(batch: BatchView, status = 200): Response {
  return Response.json({ batch } satisfies BatchAnswer, { status });
}

/** `GET /api/batches`: the user's batches (an admin's: everyone's), newest first. */
export async function batchesAnswer(user: SessionUser): Promise<Response> {
  return Response.json({ batches: await batchesFor(user) } satisfies BatchListAnswer);
}

/**
 * `POST /api/batches`: a new batch from pasted ids or a file; `?dryRun=1` answers the preview and
 * starts nothing (and is audited, whatever it answers: `previewRefused`). A file is read in a
 * worker thread, within the user's upload allowance (lib/batches/upload.ts).
 */
export async function newBatchAnswer({ request, user }: { request: Request; user: SessionUser }): Promise<Response> {
  const input = isUploadRequest(request) ? await asUpload(user, () => readBatchRequest(request)) : await readBatchRequest(request);
  if (isDryRun(request)) {
    await auditPreview(user, requestInfo(request.headers), input);
    const { valid, duplicates, invalid } = input.prepared;
    return Response.json({ ids: valid.length, duplicates, invalid, ...(input.sheet === undefined ? {} : { sheet: input.sheet }) } satisfies BatchPreview);
  }
  return batchJson(await createBatch(user, requestInfo(request.headers), input), 201);
}

/** A refused dry run is audited too (a refusal before sign-in is not: there is nobody to name). */
export async function previewRefused(error: unknown, { request, user }: { request: Request; user: SessionUser | null }): Promise<Response> {
  if (!user || !isDryRun(request)) return jsonError(error);
  const refusal = toAppError(error);
  try {
    await auditPreview(user, requestInfo(request.headers), refusal);
  } catch (auditError) {
    return jsonError(auditError);
  }
  return jsonError(refusal);
}

/** `POST /api/batches/{id}/cancel|retry|resume`. */
export async function batchActionAnswer(act: (user: SessionUser, info: RequestInfo, batch: BatchRow) => Promise<BatchView>, args: BatchRouteArgs): Promise<Response> {
  return batchJson(await act(args.user, requestInfo(args.request.headers), await batchOf(args)));
}

/** `GET /api/batches/{id}`. */
export async function batchAnswer(args: BatchRouteArgs): Promise<Response> {
  return batchJson(await batchView(await batchOf(args)));
}

const itemsQuery = z.object({
  outcome: z.enum(['pending', 'found', 'not-found', 'parameter-error', 'failed', 'invalid']).optional(),
  cursor: z.coerce.number().int().min(-1).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/batches/{id}/items?outcome=&cursor=&limit=`. */
export async function batchItemsAnswer(args: BatchRouteArgs): Promise<Response> {
  const batch = await batchOf(args);
  const search = new URL(args.request.url).searchParams;
  const parsed = itemsQuery.safeParse(Object.fromEntries([...search.entries()].filter(([k, v]) => k in itemsQuery.shape && v !== '')));
  if (!parsed.success) throw invalidInput(parsed.error);
  return Response.json(await batchItems(batch, parsed.data));
}

/** `GET /api/batches/{id}/export.csv|xlsx`: headings in the user's language (or `?lang=`), times in ORDER_DESK_TIMEZONE. */
export async function batchExportAnswer(format: 'csv' | 'xlsx', args: BatchRouteArgs): Promise<Response> {
  const batch = await batchOf(args);
  const locale = exportLocale(args.request);
  const stream = await exportBatch(args.user, requestInfo(args.request.headers), batch, format, { locale, timeZone: serverEnv().ORDER_DESK_TIMEZONE });
  const name = `order-desk-batch-${batch.createdAt.toISOString().slice(0, 10)}-${batch.id.slice(0, 8)}.${format}`;
  return new Response(stream, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name}"`,
    },
  });
}

