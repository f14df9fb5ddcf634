import 'server-only';
import { TZDate } from '@date-fns/tz';
import { and, asc, count, desc, eq, gte, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { database } from '@/lib/db';
import { orderIndex } from '@/lib/db/schema';
import { plainText } from '@/lib/text/safe-text';
import { attentionReasons, type AttentionLine, type AttentionReason, type IndexedOrderView } from '@/lib/api/contract';
import { indexWritten } from './store';
import { toIndexedOrderView, type IndexRow } from './view';

export { attentionReasons, type AttentionLine, type AttentionReason };

/** The filters, sort and page of /orders and /api/orders.csv, from query parameters. */
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const yuan = z.preprocess(emptyToUndefined, z.string().regex(/^\d{1,13}(\.\d{1,2})?$/, 'an amount in yuan such as 12.50').optional());
// A calendar day from 2000 to 2100: far beyond any order's payment time, and a range in which
// every day (and the day after it, for `paidTo`) is a time PostgreSQL reads back.
const day = z.preprocess(
  emptyToUndefined,
  z.iso
    .date()
    .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', 'a day from 2000-01-01 to 2100-12-31')
    .optional(),
);
const flag = z.preprocess(emptyToUndefined, z.literal('1').optional());

export const orderFilterSchema = z.object({
  kind: z.preprocess(emptyToUndefined, z.enum(['service-provider', 'shop']).optional()),
  shop: z.preprocess(emptyToUndefined, plainText(64).optional()),
  state: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z-]{1,32}$/).optional()),
  paidFrom: day,
  paidTo: day,
  amountMin: yuan,
  amountMax: yuan,
  refundsInProgress: flag,
  sharingFailed: flag,
  sort: z.preprocess(emptyToUndefined, z.enum(['lastSeen', 'paid', 'amount']).default('lastSeen')),
  dir: z.preprocess(emptyToUndefined, z.enum(['asc', 'desc']).default('desc')),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
});

export type OrderFilter = z.infer<typeof orderFilterSchema>;

/** The query parameters the filters know, first value of each. */
export function orderFilterParams(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const entries: Array<[string, string | undefined]> =
    params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  return Object.fromEntries(entries.filter(([k]) => k in orderFilterSchema.shape));
}

/** `12.5` yuan → 1250n fen, exactly. */
function fenOf(yuanText: string): bigint {
  const [whole, cents = ''] = yuanText.split('.');
  return BigInt(whole!) * 100n + BigInt(cents.padEnd(2, '0'));
}

/** The instant a calendar day ('YYYY-MM-DD') begins in `zone`, or `plusDays` later (days may overflow into the next month). */
export function dayStart(date: string, zone: string, plusDays = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + plusDays, zone).getTime());
}

function conditions(filter: OrderFilter, zone: string): SQL | undefined {
  return and(
    filter.kind ? eq(orderIndex.kind, filter.kind) : undefined,
    filter.shop ? eq(orderIndex.shop, filter.shop) : undefined,
    filter.state ? eq(orderIndex.state, filter.state) : undefined,
    filter.paidFrom ? gte(orderIndex.paidAt, dayStart(filter.paidFrom, zone)) : undefined,
    filter.paidTo ? lt(orderIndex.paidAt, dayStart(filter.paidTo, zone, 1)) : undefined,
    filter.amountMin ? gte(orderIndex.amountFen, fenOf(filter.amountMin)) : undefined,
    filter.amountMax ? lte(orderIndex.amountFen, fenOf(filter.amountMax)) : undefined,
    filter.refundsInProgress ? or(eq(orderIndex.refundInProgress, true), isNotNull(orderIndex.refundInProgressSince)) : undefined,
    filter.sharingFailed ? eq(orderIndex.sharingFailed, true) : undefined,
  );
}

const SORT = { lastSeen: orderIndex.lastSeenAt, paid: orderIndex.paidAt, amount: orderIndex.amountFen } as const;

/** One page of indexed orders, and how many match in all. */
export async function listOrders(filter: OrderFilter, zone: string, pageSize: number): Promise<{ orders: IndexedOrderView[]; total: number }> {
  await indexWritten();
  const where = conditions(filter, zone);
  const column = SORT[filter.sort];
  const order = filter.dir === 'asc' ? sql`${column} asc nulls last` : sql`${column} desc nulls last`;
  const [rows, [counted]] = await Promise.all([
    database()
      .select()
      .from(orderIndex)
      .where(where)
      .orderBy(order, asc(orderIndex.kind), asc(orderIndex.shop), asc(orderIndex.orderId))
      .limit(pageSize)
      .offset((filter.page - 1) * pageSize),
    database().select({ n: count() }).from(orderIndex).where(where),
  ]);
  return { orders: rows.map(toIndexedOrderView), total: counted?.n ?? 0 };
}

/** Every matching order for the CSV, newest first, a page at a time so memory stays flat. */
export async function* allOrders(filter: OrderFilter, zone: string, max: number): AsyncGenerator<IndexRow> {
  const pageSize = 1000;
  await indexWritten();
  for (let offset = 0; offset < max; offset += pageSize) {
    const rows = await database()
      .select()
      .from(orderIndex)
      .where(conditions(filter, zone))
      .orderBy(desc(orderIndex.lastSeenAt), asc(orderIndex.kind), asc(orderIndex.shop), asc(orderIndex.orderId))
      .limit(Math.min(pageSize, max - offset))
      .offset(offset);
    yield* rows;
    if (rows.length < pageSize) return;
  }
}

/* Needs attention: the rules, each a condition on the index row as of its last lookup. */

export const SHARING_OVERDUE_DAYS = 7;
export const PACK_EXPIRING_DAYS = 30;

function attentionRules(refundDays: number): Record<AttentionReason, SQL> {
  const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;
  return {
    // In progress for longer than refundDays, or since a time WeChat did not give (unknown: listed, never guessed).
    'refund-stuck': sql`(${orderIndex.refundInProgressSince} < ${daysAgo(refundDays)} or (${orderIndex.refundInProgress} and ${orderIndex.refundInProgressSince} is null))`,
    'refund-failed': sql`${orderIndex.refundFailed}`,
    'sharing-failed': sql`${orderIndex.sharingFailed}`,
    'sharing-overdue': sql`${orderIndex.sharingPossibleSince} < ${daysAgo(SHARING_OVERDUE_DAYS)}`,
    'closed-refund-pending': sql`${orderIndex.closedRefundPending}`,
    'pack-usage': sql`${orderIndex.usageHigh}`,
    'pack-expiring': sql`${orderIndex.validUntil} >= now() and ${orderIndex.validUntil} < now() + make_interval(days => ${PACK_EXPIRING_DAYS})`,
    'result-unknown': sql`${orderIndex.resultUnknown}`,
  };
}

/** The most lines the attention list (and "check these again") holds: the newest, by last reading. */
export const ATTENTION_MAX = 1000;

/** Which part of the attention list to read: lines from `offset`, at most `limit`; `orderId` keeps one order's line(s) only. */
export interface AttentionSlice {
  offset?: number;
  limit?: number;
  orderId?: string;
}

/**
 * The seen orders a person should act on, as of their last good reading, newest first. An order
 * WeChat since answered without (10120002, or errcode 0 without `order`) stays listed: that answer
 * is shown beside it as a problem (`notFoundAt`, `notFoundErrcode`), not taken as proof it is gone.
 */
export async function attentionList(refundDays: number, slice: AttentionSlice = {}): Promise<AttentionLine[]> {
  const offset = slice.offset ?? 0;
  const limit = Math.min(slice.limit ?? ATTENTION_MAX, ATTENTION_MAX - offset);
  if (limit <= 0) return [];
  const rules = attentionRules(refundDays);
  const flags = Object.fromEntries(attentionReasons.map((r) => [r, sql<boolean>`coalesce(${rules[r]}, false)`])) as Record<AttentionReason, SQL<boolean>>;
  await indexWritten();
  const rows = await database()
    .select({ order: orderIndex, ...flags })
    .from(orderIndex)
    .where(and(or(...attentionReasons.map((r) => rules[r])), slice.orderId === undefined ? undefined : eq(orderIndex.orderId, slice.orderId)))
    .orderBy(desc(orderIndex.lastSeenAt), asc(orderIndex.orderId))
    .limit(limit)
    .offset(offset);
  return rows.map((row) => ({ order: toIndexedOrderView(row.order), reasons: attentionReasons.filter((r) => row[r]) }));
}

/** How many seen orders each rule lists (an order may count under several). */
export async function attentionCounts(refundDays: number): Promise<Record<AttentionReason, number> & { orders: number }> {
  const rules = attentionRules(refundDays);
  await indexWritten();
  const [row] = await database()
    .select({
      orders: sql<number>`count(*) filter (where ${or(...attentionReasons.map((r) => rules[r]))})::int`,
      ...Object.fromEntries(attentionReasons.map((r) => [r, sql<number>`count(*) filter (where ${rules[r]})::int`])),
    })
    .from(orderIndex);
  return row as Record<AttentionReason, number> & { orders: number };
}
