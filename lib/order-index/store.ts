import 'server-only';
import { lt, sql } from 'drizzle-orm';
import { database } from '@/lib/db';
import { log } from '@/lib/log';
import { orderIndex } from '@/lib/db/schema';
import { forgetOrders, writeLedger } from '@/lib/ledger/store';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import type { OrderLookup } from '@/lib/api/contract';
import { indexEntryOf, type IndexEntry } from './entry';

type IndexRow = typeof orderIndex.$inferInsert;

/** How the index learned an order: a person's lookup, a batch's, or sync (lib/sync). */
export type LearnedBy = 'lookup' | 'batch' | 'sync';

function rowOf(entry: IndexEntry, lookup: OrderLookup, via: LearnedBy): IndexRow {
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
    notFoundErrcode: null,
    learnedBy: via,
    syncedAt: via === 'sync' ? new Date(lookup.fetchedAt) : null,
  };
}

/** Which order a row is: its kind, its shop ('' for a service-provider order) and its id. */
type OrderKey = { kind: string; shop: string; orderId: string };

const keyOf = (r: OrderKey) => `${r.kind}\u0000${r.shop}\u0000${r.orderId}`;

/**
 * How long a lookup's index entry may wait to be written with others, and how many may wait. The
 * index is what WeChat said, kept to find orders by any id and to list them; the audit trail is
 * the record of who saw what, and is written before every answer. So the index is written behind
 * the answers: what lookups learn in FLUSH_AFTER_MS goes to the database as one statement, not one
 * each. Readers in this server (search, /orders, the attention list) first write what is waiting
 * (indexWritten); another server sees it FLUSH_AFTER_MS later, plus the time of the write. Once
 * FLUSH_AT entries wait, each further lookup waits for the write, so a slow database slows the
 * lookups down rather than letting the queue grow. From SIGTERM on, each entry is written before
 * its lookup is answered, and what waits is written before the process exits; a crash (or a
 * shutdown cut off by its grace period) loses what was waiting, normally FLUSH_AFTER_MS of
 * lookups, which the next lookup of those orders restores.
 */
const FLUSH_AFTER_MS = 100;
const FLUSH_AT = 200;

/**
 * What lookups learned about one order since the last write: the newest answer, and whether WeChat
 * since answered without the order (with the errcode it gave, null for errcode 0).
 */
interface Change {
  row?: IndexRow;
  notFoundAt?: Date;
  notFoundErrcode?: number | null;
}

interface Writer {
  waiting: Map<string, { key: OrderKey; change: Change }>;
  timer: NodeJS.Timeout | undefined;
  writing: Promise<void> | undefined;
  /** From SIGTERM on: every change is written at once, and its lookup waits for it. */
  immediate: boolean;
}

// One per process: Next's bundles each hold a copy of this module, and the search route must
// see what the lookup route left waiting.
const globalForIndex = globalThis as unknown as { orderDeskIndexWriter?: Writer };
const writer = (globalForIndex.orderDeskIndexWriter ??= { waiting: new Map(), timer: undefined, writing: undefined, immediate: false });

function note(key: OrderKey, change: Change): Promise<void> {
  const k = keyOf(key);
  const seen = writer.waiting.get(k);
  if (!seen) writer.waiting.set(k, { key, change });
  else if (change.row) {
    // The newest answer wins; a slower answer that arrives after a newer one does not replace it,
    // and a "not found" said after the answer was fetched still stands.
    if (!seen.change.row || seen.change.row.lastSeenAt! <= change.row.lastSeenAt!) {
      const stillNotFound =
        seen.change.notFoundAt && seen.change.notFoundAt > change.row.lastSeenAt! ? { notFoundAt: seen.change.notFoundAt, notFoundErrcode: seen.change.notFoundErrcode ?? null } : {};
      // The first way it was learned, and the last time sync read it, outlast a newer answer.
      const earlier = seen.change.row;
      const row = earlier ? { ...change.row, learnedBy: earlier.learnedBy, syncedAt: change.row.syncedAt ?? earlier.syncedAt ?? null } : change.row;
      seen.change = { row, ...stillNotFound };
    }
  } else Object.assign(seen.change, { notFoundAt: change.notFoundAt, notFoundErrcode: change.notFoundErrcode ?? null });
  if (writer.immediate || writer.waiting.size >= FLUSH_AT) return indexWritten();
  writer.timer ??= setTimeout(() => void indexWritten(), FLUSH_AFTER_MS).unref();
  return Promise.resolve();
}

/** Writes what lookups have left waiting, after any write already running; resolves once it is in the database (or its failure logged). */
export function indexWritten(): Promise<void> {
  if (writer.writing) return writer.writing.then(() => (writer.waiting.size > 0 ? indexWritten() : undefined));
  clearTimeout(writer.timer);
  writer.timer = undefined;
  if (writer.waiting.size === 0) return Promise.resolve();
  const changes = [...writer.waiting.values()];
  writer.waiting = new Map();
  writer.writing = writeChanges(changes).finally(() => {
    writer.writing = undefined;
    if (writer.waiting.size > 0) writer.timer ??= setTimeout(() => void indexWritten(), writer.immediate ? 0 : FLUSH_AFTER_MS).unref();
  });
  return writer.writing;
}

/** SIGTERM: what waits is written now, and from here on each lookup's entry before its answer. */
export function writeIndexAtOnce(): Promise<void> {
  writer.immediate = true;
  return indexWritten();
}

async function writeChanges(changes: Array<{ key: OrderKey; change: Change }>): Promise<void> {
  const rows = changes.flatMap(({ change }) => (change.row ? [{ ...change.row, notFoundAt: change.notFoundAt ?? null, notFoundErrcode: change.notFoundErrcode ?? null }] : []));
  const notFound = changes.flatMap(({ key, change }) => (!change.row && change.notFoundAt ? [{ ...key, at: change.notFoundAt, errcode: change.notFoundErrcode ?? null }] : []));
  try {
    await upsert(rows);
    await markedNotFound(notFound);
  } catch (error) {
    // One statement for all, refused: each alone, so what the database refuses costs only its own entry.
    log.warn({ err: error, rows: rows.length + notFound.length }, 'order index entries refused together; writing each alone');
    for (const row of rows) await upsert([row]).catch((e: unknown) => log.error({ err: e, order: row.orderId.slice(0, 64) }, 'order index could not be updated'));
    for (const mark of notFound) await markedNotFound([mark]).catch((e: unknown) => log.error({ err: e, order: mark.orderId.slice(0, 64) }, 'order index could not be updated'));
  }
}

async function upsert(all: IndexRow[]): Promise<void> {
  // Well within PostgreSQL's 65,535 parameters a statement.
  for (let i = 0; i < all.length; i += 500) await upsertRows(all.slice(i, i + 500));
}

/**
 * The rows, and the ledger's movements of the orders actually written (lib/ledger), in one
 * transaction. Rows go in key order, so two servers writing the same orders take them in the same
 * order and never deadlock.
 */
async function upsertRows(unsorted: IndexRow[]): Promise<void> {
  const rows = [...unsorted].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  await database().transaction(async (tx) => {
    const written = await upsertStatement(tx, rows);
    await writeLedger(
      tx,
      written.flatMap((w) => {
        const row = byKey.get(keyOf(w));
        return row ? [{ kind: w.kind, shop: w.shop, orderId: w.orderId, seenAt: row.lastSeenAt!, order: row.summary as ShopOrder | ServiceProviderOrder }] : [];
      }),
    );
  });
}

function upsertStatement(tx: Pick<ReturnType<typeof database>, 'insert'>, rows: IndexRow[]) {
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  return tx
    .insert(orderIndex)
    .values(rows)
    .onConflictDoUpdate({
      target: [orderIndex.kind, orderIndex.shop, orderIndex.orderId],
      set: {
        refs: excluded('refs'),
        amountFen: excluded('amount_fen'),
        state: excluded('state'),
        paidAt: excluded('paid_at'),
        summary: excluded('summary'),
        lastSeenAt: excluded('last_seen_at'),
        notFoundAt: excluded('not_found_at'),
        notFoundErrcode: excluded('not_found_errcode'),
        refundInProgress: excluded('refund_in_progress'),
        refundInProgressSince: excluded('refund_in_progress_since'),
        refundFailed: excluded('refund_failed'),
        sharingFailed: excluded('sharing_failed'),
        sharingPossibleSince: excluded('sharing_possible_since'),
        resultUnknown: excluded('result_unknown'),
        closedRefundPending: excluded('closed_refund_pending'),
        usageHigh: excluded('usage_high'),
        validUntil: excluded('valid_until'),
        learnedBy: sql`coalesce(${orderIndex.learnedBy}, ${excluded('learned_by')})`,
        syncedAt: sql`coalesce(${excluded('synced_at')}, ${orderIndex.syncedAt})`,
      },
      // A slower answer that arrives after a newer one (from another server) does not overwrite it.
      setWhere: sql`excluded.last_seen_at >= ${orderIndex.lastSeenAt}`,
    })
    // Only the rows written: one a newer answer already holds is left, and so are its movements.
    .returning({ kind: orderIndex.kind, shop: orderIndex.shop, orderId: orderIndex.orderId });
}

/**
 * One statement for every answer without an order waiting: the row keeps its last good reading and
 * records the answer beside it; a row some lookup saw after that time keeps its answer.
 */
async function markedNotFound(marks: Array<OrderKey & { at: Date; errcode: number | null }>): Promise<void> {
  if (marks.length === 0) return;
  const values = sql.join(
    marks.map((m) => sql`(${m.kind}, ${m.shop}, ${m.orderId}, ${m.at.toISOString()}::timestamptz, ${m.errcode}::integer)`),
    sql`, `,
  );
  await database().execute(sql`
    update ${orderIndex} set not_found_at = marks.at, not_found_errcode = marks.errcode
    from (values ${values}) as marks (kind, shop, order_id, at, errcode)
    where ${orderIndex.kind} = marks.kind and ${orderIndex.shop} = marks.shop and ${orderIndex.orderId} = marks.order_id
      and ${orderIndex.lastSeenAt} <= marks.at`);
}

/**
 * Remembers what a successful lookup saw (every lookup path: page, API, batch), written within
 * FLUSH_AFTER_MS with what other lookups saw meanwhile. Resolves at once, or once written from SIGTERM on.
 */
export function rememberOrder(lookup: OrderLookup, shop: string, via: LearnedBy = 'lookup'): Promise<void> {
  const row = rowOf(indexEntryOf(lookup.order, shop), lookup, via);
  return note(row, { row });
}

/**
 * WeChat answered without the order (errcode 10120002 "parameter error", or errcode 0 without
 * `order`): an indexed row keeps its last good reading and shows this answer as a problem.
 */
export function markNotFound(kind: string, shop: string, orderId: string, errcode: number | null): Promise<void> {
  return note({ kind, shop, orderId }, { notFoundAt: new Date(), notFoundErrcode: errcode });
}

/** Retention: rows not seen for `retentionDays` go, with the audit trail's retention. */
export async function pruneIndex(retentionDays: number): Promise<void> {
  // The ledger loses the pruned orders' movements in the same transaction.
  await database().transaction(async (tx) => {
    const gone = await tx
      .delete(orderIndex)
      .where(lt(orderIndex.lastSeenAt, new Date(Date.now() - retentionDays * 86_400_000)))
      .returning({ kind: orderIndex.kind, shop: orderIndex.shop, orderId: orderIndex.orderId });
    await forgetOrders(tx, gone);
  });
}
