import 'server-only';
import { jsonAnswer, jsonError, toAppError } from '@/lib/api/responses';
import { lookUpFor } from '@/lib/api/order-lookup';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import { consumeLookup } from '@/lib/auth/throttle';
import { recordAudit } from '@/lib/audit/record';
import { log } from '@/lib/log';
import { isValidOrderId, recognise } from '@/lib/orders/ids';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { resolveShop, shops } from '@/lib/shops';
import { invalidQuery, searchOrders, searchQuery, type SearchScope, type ShopSaid } from './search';

const MAX_QUERY = 256;

/**
 * `GET /api/search?q=…[&shop=…][&kind=shop]` for anyone who may look orders up. What a search
 * shows is order data, so every search counts against the user's lookup limit and is audited
 * (`order.search`, with the query and how many orders it found, or the status it was refused
 * with). With several shops and none chosen, a trade number (`kind=shop`: the query read as one)
 * is looked up in every shop at once: each an audited lookup, their points taken together before
 * any is asked, in the search's place; the shops that have it are the matches.
 * `Server-Timing` gives the index query's time (`index`) and the whole answer's.
 */
export async function searchFor(request: Request): Promise<Response> {
  const started = performance.now();
  const info = requestInfo(request.headers);
  let user: SessionUser;
  try {
    user = await requireApiUser(request, 'order.lookup');
  } catch (error) {
    return jsonError(error);
  }
  const params = new URL(request.url).searchParams;
  const q = params.get('q') ?? '';
  const chosen = params.get('shop');
  try {
    if (q.length > MAX_QUERY) throw invalidQuery();
    const query = searchQuery(q);
    const kind = params.get('kind');
    if (kind !== null && kind !== 'shop') throw invalidQuery();
    const asTradeNumber = kind === 'shop';
    if (asTradeNumber && !isValidOrderId('shop', query)) throw invalidQuery();
    const all = shops();
    const only = chosen ? resolveShop(chosen) : null;
    const inScope = only ? all.filter((shop) => shop.id === only) : all;
    const askEveryShop = inScope.length > 1 && (asTradeNumber || recognise(query).kind === 'shop');
    // A search shows order data as a lookup does, so it counts against the same per-user limit:
    // one point, or one per shop asked, all taken before WeChat is asked anything.
    await Promise.all(Array.from({ length: askEveryShop ? inScope.length : 1 }, () => consumeLookup(user.id)));
    const checked = askEveryShop ? await lookUpInEveryShop(user, info, query, inScope.map((shop) => shop.id)) : undefined;
    const searching = performance.now();
    const answer = await searchOrders(query, { shops: inScope, asTradeNumber, ...(checked ? { checked } : {}) });
    const indexMs = performance.now() - searching;
    if (askEveryShop) answer.lookedUpIn = inScope;
    await auditSearch(user, info, answer.query, chosen, 200, { matches: answer.matches.length });
    log.info({ user: user.email, matches: answer.matches.length, ms: Math.round(performance.now() - started) }, 'order search');
    return jsonAnswer(answer, { headers: { 'server-timing': `index;dur=${indexMs.toFixed(2)}, total;dur=${(performance.now() - started).toFixed(2)}` } });
  } catch (error) {
    // A refused search is audited too (as typed, cut to what the audit trail keeps); if even
    // that cannot be written, the answer says so.
    try {
      await auditSearch(user, info, q, chosen, toAppError(error).status, {});
    } catch (auditError) {
      return jsonError(auditError);
    }
    return jsonError(error);
  }
}

function auditSearch(user: SessionUser, request: RequestInfo, query: string, shop: string | null, status: number, detail: Record<string, unknown>): Promise<void> {
  return recordAudit({
    action: 'order.search',
    actor: { id: user.id, email: user.email, role: user.role, apiKey: user.apiKey },
    request,
    order: { kind: 'search', id: query, ...(shop ? { shop } : {}) },
    status,
    detail,
  });
}

/** The trade number looked up in each shop at once (already counted): found, not found, or the problem staff would see on its page. */
async function lookUpInEveryShop(user: SessionUser, request: RequestInfo, tradeNo: string, shopIds: string[]): Promise<NonNullable<SearchScope['checked']>> {
  const answers = await Promise.all(shopIds.map((shop) => lookUpFor({ user, request, counted: true }, 'shop', tradeNo, shop)));
  return new Map(
    answers.map((answer, i): [string, ShopSaid] => {
      if (answer.ok) return [shopIds[i]!, 'found'];
      if (answer.error.code === 'not_found') return [shopIds[i]!, 'not-found'];
      const { messages, action } = answer.error;
      return [shopIds[i]!, { en: `${messages.en} ${action.en}`, zh: `${messages.zh}${action.zh}` }];
    }),
  );
}
