import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SearchAnswer, SearchMatch } from '@/lib/api/contract';
import { orderPageOf } from '@/lib/shops';
import { database } from '@/lib/db';
import { orderIndex, orderRef } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { normalisePastedId, recognise, type OrderKind } from '@/lib/orders/ids';
import type { MatchedOn } from './entry';
import { indexWritten } from './store';

const MAX_MATCHES = 20;
/** Any id an order carries: letters, digits and `_-|*`, at most 64 characters. */
const ANY_ID = /^[A-Za-z0-9_\-|*]{1,64}$/;

export function invalidQuery(): AppError {
  return new AppError({
    code: 'invalid_request',
    message: {
      en: 'That is not an order id, transaction id, refund number or profit-sharing number: ids are 1 to 64 letters, digits or _-|*.',
      zh: '这不是订单号、交易单号、退款单号或分账单号：单号为 1 至 64 位字母、数字或 _-|*。',
    },
    action: { en: 'Paste the id alone, without other text.', zh: '请只粘贴单号，不要带其他文字。' },
  });
}

/** What was pasted, normalised (lib/orders/ids.ts), or an invalidQuery if it is not an id. */
export function searchQuery(input: string): string {
  const query = normalisePastedId(input);
  if (!ANY_ID.test(query)) throw invalidQuery();
  return query;
}

/**
 * Finds the orders an id (as searchQuery gives it) belongs to. The order's own id (service-provider order id, trade number)
 * matches directly, seen before or not; every other id it carries (transaction id, refund and
 * sharing numbers, combined trade number) matches only through the index of orders looked up before.
 */
export interface SearchScope {
  /** The shops searched (one when staff chose one). */
  shops: readonly { id: string; name: string }[];
  /**
   * What each shop said of the query as a trade number when it was just looked up there (several
   * shops, none chosen): found ones come from the index, not-found ones are left out, and a shop
   * whose lookup failed is offered with the problem. Absent: trade numbers match in every shop unseen.
   */
  checked?: ReadonlyMap<string, ShopSaid>;
  /** Staff said the query is a trade number (the kind switch): only shop orders match. */
  asTradeNumber?: boolean;
}

/** What a shop said of a trade number just looked up there: found, not found, or the problem staff would see. */
export type ShopSaid = 'found' | 'not-found' | { en: string; zh: string };

export async function searchOrders(query: string, scope: SearchScope): Promise<SearchAnswer> {
  const inScope = (row: { kind: string; shop: string }) => row.kind !== 'shop' || scope.shops.some((s) => s.id === row.shop);
  const nameOf = (shop: string) => scope.shops.find((s) => s.id === shop)?.name ?? shop;

  // The order's own id, and every other id through order_ref: two B-tree probes, newest first.
  const columns = (refKind: SQL<string | null>) => ({
    kind: orderIndex.kind,
    shop: orderIndex.shop,
    orderId: orderIndex.orderId,
    refKind,
    state: orderIndex.state,
    stateLabel: sql<{ en: string; zh: string } | null>`coalesce(${orderIndex.summary}->'state', ${orderIndex.summary}->'status')`,
    amountFen: orderIndex.amountFen,
    lastSeenAt: orderIndex.lastSeenAt,
    notFoundAt: orderIndex.notFoundAt,
    notFoundErrcode: orderIndex.notFoundErrcode,
  });
  await indexWritten();
  const db = database();
  const rows = (
    await db
      .select(columns(sql<string | null>`null`))
      .from(orderIndex)
      .where(eq(orderIndex.orderId, query))
      .unionAll(
        db
          .select(columns(sql<string | null>`${orderRef.refKind}`))
          .from(orderRef)
          .innerJoin(orderIndex, and(eq(orderRef.kind, orderIndex.kind), eq(orderRef.shop, orderIndex.shop), eq(orderRef.orderId, orderIndex.orderId)))
          .where(eq(orderRef.refId, query)),
      )
      // The newest first; an id carried by more orders than a pick list shows keeps the newest.
      .orderBy(sql`last_seen_at desc`)
      .limit(MAX_MATCHES * 2)
  );

  const matches = new Map<string, SearchMatch>();
  const add = (match: SearchMatch) => {
    const key = `${match.kind}\u0000${match.shop ?? ''}\u0000${match.id}`;
    if (!matches.has(key)) matches.set(key, match);
  };
  const matchOf = (row: Row, matchedOn: MatchedOn): SearchMatch => {
    const kind = row.kind as OrderKind;
    const shop = kind === 'shop' ? row.shop : null;
    return {
      kind,
      shop,
      shopName: shop === null ? null : nameOf(shop),
      id: row.orderId,
      href: orderPageOf(kind, row.orderId, shop),
      state: row.state,
      stateLabel: row.stateLabel ? { en: String(row.stateLabel.en), zh: String(row.stateLabel.zh) } : null,
      amountFen: row.amountFen.toString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      notFoundAt: row.notFoundAt?.toISOString() ?? null,
      ...(row.notFoundAt && row.notFoundErrcode !== null ? { notFoundErrcode: row.notFoundErrcode } : {}),
      matchedOn,
    };
  };
  const unseen = (kind: OrderKind, shop: string | null, problem?: { en: string; zh: string }): SearchMatch => ({
    kind,
    shop,
    shopName: shop === null ? null : nameOf(shop),
    id: query,
    href: orderPageOf(kind, query, shop),
    state: null,
    stateLabel: null,
    amountFen: null,
    lastSeenAt: null,
    notFoundAt: null,
    matchedOn: kind === 'shop' ? 'trade-no' : 'order-id',
    ...(problem ? { problem } : {}),
  });

  // The order's own id first: what staff most likely meant, and looked up fresh on its page.
  const looksLike = scope.asTradeNumber ? 'shop' : recognise(query).kind;
  const wanted = (row: Row) => inScope(row) && !(scope.asTradeNumber && row.kind !== 'shop');
  const checked = scope.checked;
  for (const row of rows.filter((r) => r.orderId === query && wanted(r))) {
    const said = row.kind === 'shop' ? checked?.get(row.shop) : undefined;
    if (said === undefined || said === 'found') add(matchOf(row, row.kind === 'shop' ? 'trade-no' : 'order-id'));
  }
  if (looksLike === 'service-provider') add(unseen('service-provider', null));
  if (looksLike === 'shop') {
    for (const { id: shop } of scope.shops) {
      const said = checked?.get(shop);
      // A shop that just said "found" is a match even if its index row could not be written.
      if (said === undefined || said === 'found') add(unseen('shop', shop));
      else if (typeof said === 'object') add(unseen('shop', shop, said));
    }
  }
  // Any other id (transaction, refund, sharing, combined trade number) only through the index.
  for (const row of rows) if (row.refKind && wanted(row)) add(matchOf(row, row.refKind as MatchedOn));
  return { query, matches: [...matches.values()].slice(0, MAX_MATCHES) };
}

type Row = { kind: string; shop: string; orderId: string; state: string; stateLabel: { en: string; zh: string } | null; amountFen: bigint; lastSeenAt: Date; notFoundAt: Date | null; notFoundErrcode: number | null };
