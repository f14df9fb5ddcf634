import 'server-only';
import { jsonAnswer, toAppError } from '@/lib/api/responses';
import { lookUpEachKind, planKinds, type EachKindOptions } from '@/lib/lookups/each-kind';
import type { LookupAnswer } from '@/lib/lookups/lookup';
import type { SessionUser } from '@/lib/auth/access';
import { consumeLookup } from './quota';
import { recordAudit } from '@/lib/audit/record';
import { log } from '@/lib/log';
import { isValidOrderId } from '@/lib/orders/ids';
import { requestInfo, type RequestInfo } from '@/lib/request-info';
import { resolveShop, shopName, shops } from '@/lib/shops';
import { invalidQuery, saidKey, searchOrders, searchQuery, type ShopSaid } from '@/lib/order-index/search';
import { actorOf } from '@/lib/auth/principal';

const MAX_QUERY = 256;

/**
 * `GET /api/search?q=…[&shop=…][&kind=shop]` for anyone who may look orders up (the route checks). What a search
 * shows is order data, so every search counts against the user's lookup limit and is audited
 * (`order.search`, with the query and how many orders it found, or the status it was refused
 * with). A query that fits more than one kind (the service provider and a shop, or several shops
 * with none chosen; `kind=shop` reads it as a trade number only) is asked of WeChat as each, in
 * order (lib/lookups/each-kind.ts): each an audited lookup, their points taken together before
 * any is asked, in the search's place; what found it are the matches, and `tried` says what each said.
 * `Server-Timing` gives the index query's time (`index`) and the whole answer's.
 */
export async function searchAnswer(request: Request, user: SessionUser): Promise<Response> {
  const started = performance.now();
  const info = requestInfo(request.headers);
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
    // Every kind the query fits (lib/lookups/each-kind.ts): more than one is asked of WeChat
    // now, in order; one alone is offered, and its page looks it up.
    const kinds: EachKindOptions = { shops: inScope.map((shop) => shop.id), ...(asTradeNumber ? { kinds: ['shop'] as const, index: 'skip' as const } : { index: 'decide' as const }) };
    const plan = await planKinds(query, kinds);
    const ask = plan.groups.flat().length > 1;
    // A search shows order data as a lookup does, so it counts against the same per-user limit:
    // one point, or one per way it may be asked, all taken before WeChat is asked anything.
    await Promise.all(Array.from({ length: ask ? plan.groups.flat().length : 1 }, () => consumeLookup(user.id)));
    const tries = ask ? (await lookUpEachKind({ user, request: info, counted: true }, query, kinds, plan)).tries : undefined;
    const checked = tries ? new Map(tries.map((t): [string, ShopSaid] => [saidKey(t.target.kind, t.target.shop), saidOf(t.answer)])) : undefined;
    const searching = performance.now();
    const answer = await searchOrders(query, { shops: inScope, asTradeNumber, decidedByIndex: plan.decidedByIndex, ...(checked ? { checked } : {}) });
    const indexMs = performance.now() - searching;
    if (tries) {
      const askedShops = new Set(tries.flatMap((t) => (t.target.kind === 'shop' ? [t.target.shop] : [])));
      if (askedShops.size > 0) answer.lookedUpIn = inScope.filter((shop) => askedShops.has(shop.id));
      answer.tried = tries.map(({ target, answer: reply }) => {
        const said = saidOf(reply);
        return { kind: target.kind, shop: target.shop, shopName: target.shop === null ? null : shopName(target.shop), said: typeof said === 'string' ? said : 'problem' };
      });
    }
    await auditSearch(user, info, answer.query, chosen, 200, { matches: answer.matches.length });
    log.info({ user: user.email, matches: answer.matches.length, ms: Math.round(performance.now() - started) }, 'order search');
    return jsonAnswer(answer, { headers: { 'server-timing': `index;dur=${indexMs.toFixed(2)}, total;dur=${(performance.now() - started).toFixed(2)}` } });
  } catch (error) {
    // A refused search is audited too (as typed, cut to what the audit trail keeps); if even
    // that cannot be written, the answer says so.
    await auditSearch(user, info, q, chosen, toAppError(error).status, {});
    throw error;
  }
}

function auditSearch(user: SessionUser, request: RequestInfo, query: string, shop: string | null, status: number, detail: Record<string, unknown>): Promise<void> {
  return recordAudit({
    action: 'order.search',
    actor: actorOf(user),
    request,
    order: { kind: 'search', id: query, ...(shop ? { shop } : {}) },
    status,
    detail,
  });
}

/** What one answer says, as search shows it: found, not found, or the problem staff would see on its page. */
function saidOf(answer: LookupAnswer): ShopSaid {
  if (answer.ok) return 'found';
  if (answer.error.code === 'not_found') return 'not-found';
  const { messages, action } = answer.error;
  return { en: `${messages.en} ${action.en}`, zh: `${messages.zh}${action.zh}` };
}
