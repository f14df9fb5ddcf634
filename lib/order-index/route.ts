import 'server-only';
import { jsonError, NO_STORE } from '@/lib/api/responses';
import { lookUpFor } from '@/lib/api/order-lookup';
import { requireApiUser, type SessionUser } from '@/lib/auth/access';
import { consumeLookup } from '@/lib/auth/throttle';
import { recordAudit } from '@/lib/audit/record';
import { log } from '@/lib/log';
import { recognise } from '@/lib/orders/ids';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { defaultShopId, resolveShop, shops } from '@/lib/shops';
import { invalidQuery, searchOrders, searchQuery, type SearchScope, type ShopSaid } from './search';

const MAX_QUERY = 256;

/**
 * `GET /api/search?q=…[&shop=…]` for anyone who may look orders up. What a search shows is order
 * data, so every search counts against the user's lookup limit and is audited (`order.search`,
 * with the query and how many orders it found) before it is answered. With several shops and
 * none chosen, a trade number is looked up in every shop at once (each an audited lookup that
 * counts against the limit in the search's place), and the shops that have it are the matches.
 * `Server-Timing` gives the index query's time (`index`) and the whole answer's.
 */
export async function searchFor(request: Request): Promise<Response> {
  const started = performance.now();
  try {
    const user = await requireApiUser(request, 'order.lookup');
    const params = new URL(request.url).searchParams;
    const q = params.get('q') ?? '';
    if (q.length > MAX_QUERY) throw invalidQuery();
    const query = searchQuery(q);
    const chosen = params.get('shop');
    const all = shops();
    const inScope = chosen ? all.filter((shop) => shop.id === resolveShop(chosen)) : all;
    const info = requestInfo(request.headers);
    const askEveryShop = inScope.length > 1 && recognise(query).kind === 'shop';
    let checked: SearchScope['checked'];
    if (askEveryShop) checked = await lookUpInEveryShop(user, info, query, inScope.map((shop) => shop.id));
    // A search shows order data as a lookup does, so it counts against the same per-user limit.
    else await consumeLookup(user.id);
    const searching = performance.now();
    const answer = await searchOrders(query, { shops: inScope, defaultShop: defaultShopId(), ...(checked ? { checked } : {}) });
    const indexMs = performance.now() - searching;
    if (askEveryShop) answer.lookedUpIn = inScope;
    await recordAudit({
      action: 'order.search',
      actor: { id: user.id, email: user.email, role: user.role, apiKey: user.apiKey },
      request: info,
      order: { kind: 'search', id: answer.query, ...(chosen ? { shop: chosen } : {}) },
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

/** The trade number looked up in each shop at once: found, not found, or the problem staff would see on its page. */
async function lookUpInEveryShop(user: SessionUser, request: RequestInfo, tradeNo: string, shopIds: string[]): Promise<NonNullable<SearchScope['checked']>> {
  const answers = await Promise.all(shopIds.map((shop) => lookUpFor({ user, request }, 'shop', tradeNo, shop)));
  // A lookup our own limit refused (WeChat's limits carry an errcode) refuses the search, as a lookup's would.
  const limited = answers.find((a) => !a.ok && a.error.code === 'rate_limited' && a.error.errcode === undefined);
  if (limited && !limited.ok) throw limited.error;
  return new Map(
    answers.map((answer, i): [string, ShopSaid] => {
      if (answer.ok) return [shopIds[i]!, 'found'];
      if (answer.error.code === 'not_found') return [shopIds[i]!, 'not-found'];
      const { messages, action } = answer.error;
      return [shopIds[i]!, { en: `${messages.en} ${action.en}`, zh: `${messages.zh}${action.zh}` }];
    }),
  );
}
