import 'server-only';
import { z } from 'zod';
import { invalidInput } from '@/lib/api/input';
import { jsonError, NO_STORE } from '@/lib/api/responses';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, type Locale } from '@/i18n/locales';
import { serverEnv } from '@/lib/env/server';
import { batchFor, batchItems, batchView, exportBatch, type BatchView } from './index';
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
  outcome: z.enum(['pending', 'found', 'not-found', 'parameter-error', 'failed', 'invalid']).optional(),
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

/** `GET /api/batches/{id}/export.csv|xlsx`: headings in the user's language (or `?lang=`), times in ORDER_DESK_TIMEZONE. */
export function exportRoute(format: 'csv' | 'xlsx') {
  return (request: Request, ctx: { params: Promise<{ id: string }> }) =>
    withBatch(request, ctx.params, async (user, info, batch) => {
      const locale = exportLocale(request);
      const stream = await exportBatch(user, info, batch, format, { locale, timeZone: serverEnv().ORDER_DESK_TIMEZONE });
      const name = `order-desk-batch-${batch.createdAt.toISOString().slice(0, 10)}-${batch.id.slice(0, 8)}.${format}`;
      return new Response(stream, {
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${name}"`,
          ...NO_STORE,
        },
      });
    });
}

function exportLocale(request: Request): Locale {
  const asked = new URL(request.url).searchParams.get('lang') ?? undefined;
  if (isLocale(asked)) return asked;
  const cookie = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(request.headers.get('cookie') ?? '')?.[1];
  return isLocale(cookie) ? cookie : localeFromAcceptLanguage(request.headers.get('accept-language'));
}
