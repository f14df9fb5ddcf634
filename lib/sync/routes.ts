import 'server-only';
import { z } from 'zod';
import { readBody } from '@/lib/api/input';
import type { SessionUser } from '@/lib/auth/principal';
import { requestInfo } from '@/lib/request-info';
import { requestRun, syncOverview } from './index';

/** `GET /api/sync` (finance, admin): each source's state, its last run and its next. */
export async function syncAnswer(): Promise<Response> {
  return Response.json(await syncOverview());
}

/** A backfill reaches back at most this far: WeChat keeps no promise about older orders, and each day is a window of calls. */
const BACKFILL_MAX_DAYS = 366 * 3;
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const runSchema = z
  .object({
    source: z.string().min(1).max(64).optional(),
    from: z.iso
      .date()
      .refine((day) => day <= chinaToday(), 'must not be after today (China time)')
      .refine((day) => Date.parse(day) >= Date.now() - BACKFILL_MAX_DAYS * 86_400_000, `must be within ${BACKFILL_MAX_DAYS} days`)
      .optional(),
  })
  .strict();

/** `POST /api/sync/run` with optional `{"source", "from": "YYYY-MM-DD"}` (`from`: admin only): 202, queued. */
export async function syncRunAnswer({ request, user }: { request: Request; user: SessionUser }): Promise<Response> {
  const input = await readBody(request, runSchema, { whenEmpty: {} });
  const { sources } = await requestRun(user, requestInfo(request.headers), input);
  return Response.json({ queued: sources }, { status: 202 });
}
