import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import { database } from '@/lib/db';
import { coalesce } from '@/lib/db/coalesce';
import { orderIndex } from '@/lib/db/schema';
import type { OrderLookup } from '@/lib/api/contract';
import { indexEntryOf, type IndexEntry } from './entry';

type IndexRow = typeof orderIndex.$inferInsert;

function rowOf(entry: IndexEntry, lookup: OrderLookup): IndexRow {
  const at = (instant: string | null) => (instant ? new Date(instant) : null);
  return {
    ...entry,
    paidAt: at(entry.paidAt),
    refundInProgressSince: at(entry.refundInProgressSince),
    sharingPossibleSince: at(entry.sharingPossibleSince),
    validUntil: at(entry.validUntil),
    summary: lookup.order,
    lastSeenAt: new Date(lookup.fetchedAt),
    notFoundAt: null,
  };
}

const keyOf = (r: { kind: string; shop: string; orderId: string }) => `${r.kind}\u0000${r.shop}\u0000${r.orderId}`;

/**
 * One multi-row upsert for every lookup answered meanwhile (lib/db/coalesce.ts). Rows for the same
 * order are merged first (the newest wins): one statement may not update a row twice, and
 * concurrent lookups of one order must leave one row.
 */
const globalForIndex = globalThis as unknown as { orderDeskIndexWriter?: (row: IndexRow) => Promise<void> };
const writeIndex = (globalForIndex.orderDeskIndexWriter ??= coalesce(async (rows: IndexRow[]) => {
  const newest = new Map<string, IndexRow>();
  for (const row of rows) {
    const seen = newest.get(keyOf(row));
    if (!seen || seen.lastSeenAt! <= row.lastSeenAt!) newest.set(keyOf(row), row);
  }
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await database()
    .insert(orderIndex)
    .values([...newest.values()])
    .onConflictDoUpdate({
      target: [orderIndex.kind, orderIndex.shop, orderIndex.orderId],
      set: {
        refs: excluded('refs'),
        amountFen: excluded('amount_fen'),
        state: excluded('state'),
        paidAt: excluded('paid_at'),
        summary: excluded('summary'),
        lastSeenAt: excluded('last_seen_at'),
        notFoundAt: sql`null`,
        refundInProgressSince: excluded('refund_in_progress_since'),
        refundFailed: excluded('refund_failed'),
        sharingFailed: excluded('sharing_failed'),
        sharingPossibleSince: excluded('sharing_possible_since'),
        closedRefundPending: excluded('closed_refund_pending'),
        usageHigh: excluded('usage_high'),
        validUntil: excluded('valid_until'),
      },
      // A slower answer that arrives after a newer one does not overwrite it.
      setWhere: sql`excluded.last_seen_at >= ${orderIndex.lastSeenAt}`,
    });
  return rows.map(() => undefined);
}));

/** Remembers what a successful lookup saw (every lookup path: page, API, batch). */
export function rememberOrder(lookup: OrderLookup, shop: string): Promise<void> {
  return writeIndex(rowOf(indexEntryOf(lookup.order, shop), lookup));
}

/** WeChat answered "no such order" for an id: an indexed row says so, and is kept. */
export async function markNotFound(kind: string, shop: string, orderId: string): Promise<void> {
  await database()
    .update(orderIndex)
    .set({ notFoundAt: new Date() })
    .where(and(eq(orderIndex.kind, kind), eq(orderIndex.shop, shop), eq(orderIndex.orderId, orderId)));
}

/** Retention: rows not seen for `retentionDays` go, with the audit trail's retention. */
export async function pruneIndex(retentionDays: number): Promise<void> {
  await database()
    .delete(orderIndex)
    .where(lt(orderIndex.lastSeenAt, new Date(Date.now() - retentionDays * 86_400_000)));
}
