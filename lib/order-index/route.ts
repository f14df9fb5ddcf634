import 'server-only';
import { jsonError, NO_STORE } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { recordAudit } from '@/lib/audit/record';
import { configFromEnv } from '@/lib/wechat/config';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { requestInfo } from '@/lib/request-info';
import { invalidQuery, searchOrders } from './search';

const MAX_QUERY = 256;

/**
 * `GET /api/search?q=…` for anyone who may look orders up. What a search shows is order data, so
 * every search is audited (`order.search`, with the query and how many orders it found) before
 * it is answered. `Server-Timing` gives the index query's time (`index`) and the whole answer's.
 */
export async function searchFor(request: Request): Promise<Response> {
  const started = performance.now();
  try {
    const user = await requireApiUser(request, 'order.lookup');
    const q = new URL(request.url).searchParams.get('q') ?? '';
    if (q.length > MAX_QUERY) throw invalidQuery();
    const searching = performance.now();
    const answer = await searchOrders(q, Object.keys(configFromEnv(serverEnv()).shops));
    const indexMs = performance.now() - searching;
    await recordAudit({
      action: 'order.search',
      actor: { id: user.id, email: user.email, role: user.role, apiKey: user.apiKey },
      request: requestInfo(request.headers),
      order: { kind: 'search', id: answer.query },
      status: 200,
      detail: { matches: answer.matches.length },
    });
    log.info({ user: user.email, matches: answer.matches.length, ms: Math.round(performance.now() - started) }, 'order search');
    return Response.json(answer, {
      headers: { ...NO_STORE, 'server-timing': `index;dur=${indexMs.toFixed(2)}, total;dur=${(performance.now() - started).toFixed(2)}` },
    });
  } catch (error) {
    return jsonError(error);
  }
}
