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

const runSchema = z
  .object({
    source: z.string().min(1).max(64).optional(),
    from: z.iso.date().optional(),
  })
  .strict();

/** `POST /api/sync/run` with optional `{"source", "from": "YYYY-MM-DD"}` (`from`: admin only): 202, queued. */
export async function syncRunAnswer({ request, user }: { request: Request; user: SessionUser }): Promise<Response> {
  const text = request.headers.get('content-length') === '0' ? null : await request.clone().text();
  const input = text === null || text.trim() === '' ? {} : await readBody(request, runSchema);
  const { sources } = await requestRun(user, requestInfo(request.headers), input);
  return Response.json({ queued: sources }, { status: 202 });
}
