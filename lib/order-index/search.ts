import 'server-only';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SearchAnswer, SearchMatch } from '@/lib/api/contract';
import { orderPageOf } from '@/lib/shops';
import { database } from '@/lib/db';
import { orderIndex, orderRef } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { idFits, normalisePastedId, type OrderKind } from '@/lib/orders/ids';
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
   * What WeChat said of the query just now, asked as each kind it fits (lib/lookups/each-kind.ts),
   * by `saidKey`: found ones come from the index, not-found ones are left out unless the index
   * has seen the order (then it is shown with that answer), one whose lookup failed is offered
   * with the problem, and a kind not asked (an earlier one found it) is not offered. Absent:
   * nothing was asked, and every kind the query fits is offered unseen.
   */
  checked?: ReadonlyMap<string, ShopSaid>;
  /** Staff said the query is a trade number (the kind switch): only shop orders match. */
  asTradeNumber?: boolean;
  /** The index knows the query as one of WeChat Pay's own ids: its orders are the matches, nothing is guessed. */
  decidedByIndex?: boolean;
}

/** What WeChat said of the query asked one way: found, not found, or the problem staff would see. */
export type ShopSaid = 'found' | 'not-found' | { en: string; zh: string };

/** The key of `SearchScope.checked`: the service provider, or one shop. */
export const saidKey = (kind: OrderKind, shop: string | null) => (kind === 'shop' ? `shop:${shop ?? ''}` : 'service-provider');

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

  // The index first (the order's own id, then the other ids it carries), then the service
  // provider, then each shop: every kind the query fits, unless the index knows it as a WeChat Pay id.
  const fits = idFits(query);
  const wanted = (row: Row) => inScope(row) && !(scope.asTradeNumber && row.kind !== 'shop');
  const checked = scope.checked;
  const said = (kind: OrderKind, shop: string | null) => checked?.get(saidKey(kind, shop));
  // An order seen before stays a match when WeChat now answers without it (10120002, errcode 0
  // without `order`: issue 20, item 1), its last good reading shown with that answer (notFoundAt);
  // one whose lookup failed just now is offered below with the problem instead.
  for (const row of rows.filter((r) => r.orderId === query && wanted(r))) {
    const kind = row.kind as OrderKind;
    const answer = checked ? said(kind, kind === 'shop' ? row.shop : null) : undefined;
    if (typeof answer !== 'object') add(matchOf(row, kind === 'shop' ? 'trade-no' : 'order-id'));
  }
  // Any other id (transaction, refund, sharing, combined trade number) only through the index.
  for (const row of rows) if (row.refKind && wanted(row)) add(matchOf(row, row.refKind as MatchedOn));
  if (scope.decidedByIndex) return { query, matches: [...matches.values()].slice(0, MAX_MATCHES) };
  const offer = (kind: OrderKind, shop: string | null) => {
    const answer = said(kind, shop);
    // A shop that just said "found" is a match even if its index row could not be written.
    if (checked ? answer === 'found' : true) add(unseen(kind, shop));
    else if (typeof answer === 'object') add(unseen(kind, shop, answer));
  };
  if (!scope.asTradeNumber && fits.serviceProvider) offer('service-provider', null);
  if (scope.asTradeNumber || fits.tradeNumber) for (const { id: shop } of scope.shops) offer('shop', shop);
  return { query, matches: [...matches.values()].slice(0, MAX_MATCHES) };
}

type Row = { kind: string; shop: string; orderId: string; state: string; stateLabel: { en: string; zh: string } | null; amountFen: bigint; lastSeenAt: Date; notFoundAt: Date | null; notFoundErrcode: number | null };

/** WeChat Pay's own ids: WeChat assigns them, so an order the index knows by one is that id's order. */
const PAY_ID_REFS = ['transaction-id', 'refund-id', 'sharing-id'];

/** An order the index knows by an id: as its own id, or as one of WeChat Pay's ids it carries. */
export interface IndexedByIdOrder {
  kind: OrderKind;
  /** '' for a service-provider order. */
  shop: string;
  orderId: string;
  matchedOn: MatchedOn;
}

/** The orders the index knows by this id (its own id first, then by a WeChat Pay id), newest first. */
export async function indexedOrdersCarrying(id: string): Promise<IndexedByIdOrder[]> {
  await indexWritten();
  const db = database();
  const own = db
    .select({ kind: orderIndex.kind, shop: orderIndex.shop, orderId: orderIndex.orderId })
    .from(orderIndex)
    .where(eq(orderIndex.orderId, id))
    .orderBy(sql`last_seen_at desc`)
    .limit(MAX_MATCHES);
  const byRef = db
    .select({ kind: orderRef.kind, shop: orderRef.shop, orderId: orderRef.orderId, refKind: orderRef.refKind })
    .from(orderRef)
    .innerJoin(orderIndex, and(eq(orderRef.kind, orderIndex.kind), eq(orderRef.shop, orderIndex.shop), eq(orderRef.orderId, orderIndex.orderId)))
    .where(and(eq(orderRef.refId, id), inArray(orderRef.refKind, PAY_ID_REFS)))
    .orderBy(sql`last_seen_at desc`)
    .limit(MAX_MATCHES);
  const [ownRows, refRows] = await Promise.all([own, byRef]);
  return [...ownRows.map((row) => ({ ...row, refKind: null })), ...refRows].map((row) => ({
    kind: row.kind as OrderKind,
    shop: row.shop,
    orderId: row.orderId,
    matchedOn: (row.refKind ?? (row.kind === 'shop' ? 'trade-no' : 'order-id')) as MatchedOn,
  }));
}

