import 'server-only';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { database, queryRows } from '@/lib/db';
import { batch, batchItem } from '@/lib/db/schema';
import type { Bilingual } from '@/lib/errors';
import { storedText, storedTextOrNull } from '@/lib/text/safe-text';
import type { OrderKind } from '@/lib/orders/ids';
import type { MoneyTotals } from '@/lib/api/contract';
import type { BatchKindChoice, BatchOrigin, BatchStatus, ItemOutcome, PreparedBatch } from './types';

/**
 * Batches and their items in the database: the only state the engine keeps, so any server
 * sharing the database can carry on a batch another one started.
 */
export type BatchRow = typeof batch.$inferSelect;

export interface Creator {
  id: string;
  email: string;
  role: string | null;
}

export interface NewBatch {
  id: string;
  prepared: PreparedBatch;
  kind: BatchKindChoice;
  shop: string | null;
  source: string;
  origin: BatchOrigin;
  createdBy: Creator;
}

const INSERT_ROWS = 1_000;

/** Writes the batch and every item (valid ones pending, refused ones invalid) in one transaction. */
export async function insertBatch(input: NewBatch): Promise<BatchRow> {
  const { id } = input;
  const items = [
    ...input.prepared.valid.map((v) => ({ row: v.row, input: v.id, kind: v.kind as string | null, shop: v.kind === 'shop' ? storedTextOrNull(v.shop ?? input.shop, 64) : null, outcome: 'pending', problem: null as unknown })),
    // What was given, made safe to store: a NUL or a megabyte of text is kept as an escaped, capped rendering.
    ...input.prepared.invalid.map((v) => ({ row: v.row, input: storedText(v.raw, 256), kind: null, shop: null, outcome: 'invalid', problem: { message: v.reason, action: EXCEL_OR_FIX } as unknown })),
  ]
    .sort((a, b) => a.row - b.row)
    .map((item, position) => ({ ...item, batchId: id, position }));
  return database().transaction(async (tx) => {
    const [row] = await tx
      .insert(batch)
      .values({
        id,
        status: items.some((i) => i.outcome === 'pending') ? 'queued' : 'done',
        kindChoice: input.kind,
        shop: input.shop,
        source: storedText(input.source, 200),
        origin: input.origin,
        duplicates: input.prepared.duplicates,
        createdById: input.createdBy.id,
        createdByEmail: input.createdBy.email,
        createdByRole: input.createdBy.role,
        finishedAt: items.some((i) => i.outcome === 'pending') ? null : new Date(),
      })
      .returning();
    for (let i = 0; i < items.length; i += INSERT_ROWS) await tx.insert(batchItem).values(items.slice(i, i + INSERT_ROWS));
    return row!;
  });
}

const EXCEL_OR_FIX: Bilingual = { en: 'Not sent to WeChat. Correct the id and run it again.', zh: '未发送给微信。请更正后重新提交。' };

export async function findBatch(id: string): Promise<BatchRow | undefined> {
  const [row] = await database().select().from(batch).where(eq(batch.id, id)).limit(1);
  return row;
}

/** Newest first: one user's batches, or everyone's. */
export async function listBatches(createdById: string | null, limit = 100): Promise<BatchRow[]> {
  return database()
    .select()
    .from(batch)
    .where(createdById ? eq(batch.createdById, createdById) : undefined)
    .orderBy(desc(batch.createdAt))
    .limit(limit);
}

export type OutcomeCounts = Record<ItemOutcome | 'looking', number>;

export async function countOutcomes(batchId: string): Promise<OutcomeCounts> {
  const rows = await database()
    .select({ outcome: batchItem.outcome, n: sql<number>`count(*)::int` })
    .from(batchItem)
    .where(eq(batchItem.batchId, batchId))
    .groupBy(batchItem.outcome);
  const counts: OutcomeCounts = { pending: 0, looking: 0, found: 0, 'not-found': 0, 'parameter-error': 0, failed: 0, invalid: 0 };
  for (const r of rows) counts[r.outcome as keyof OutcomeCounts] = Number(r.n);
  return counts;
}

/** Items answered in the last `seconds`: the batch's current pace. */
export async function recentlyDone(batchId: string, seconds: number): Promise<number> {
  const [row] = await database()
    .select({ n: sql<number>`count(*)::int` })
    .from(batchItem)
    .where(and(eq(batchItem.batchId, batchId), sql`${batchItem.lookedUpAt} > now() - make_interval(secs => ${seconds})`));
  return Number(row?.n ?? 0);
}

/** Exact sums over the found orders, in fen, as decimal strings. */
export async function moneyTotals(batchId: string): Promise<MoneyTotals> {
  const order = batchItem.order;
  const fen = (expr: ReturnType<typeof sql>) => sql<string>`coalesce(sum((${expr})::numeric), 0)::text`;
  const [row] = await database()
    .select({
      amountFen: fen(sql`coalesce(${order}->>'amountFen', ${order}->>'priceFen')`),
      refundedFen: fen(sql`${order}->'refundTotals'->>'succeededFen'`),
      refundingFen: fen(sql`${order}->'refundTotals'->>'inProgressFen'`),
      sharedFen: fen(sql`${order}->'profitSharingTotals'->>'succeededFen'`),
      // Only a paid shop order has money remaining; any other order adds nothing (never its price).
      remainingFen: fen(sql`case when ${order}->>'kind' = 'shop' and ${order}->'state'->>'key' in ('paid', 'partly-refunded', 'refunded') then ${order}->>'remainingFen' end`),
    })
    .from(batchItem)
    .where(and(eq(batchItem.batchId, batchId), eq(batchItem.outcome, 'found')));
  return row!;
}

export type ItemRow = typeof batchItem.$inferSelect;

/** One page of items in input order, after `cursor` (a position), optionally of one outcome. */
export async function itemsPage(batchId: string, options: { outcome?: ItemOutcome; outcomes?: ItemOutcome[]; cursor?: number; limit: number }): Promise<ItemRow[]> {
  return database()
    .select()
    .from(batchItem)
    .where(
      and(
        eq(batchItem.batchId, batchId),
        options.outcome === 'pending' ? inArray(batchItem.outcome, ['pending', 'looking']) : options.outcome ? eq(batchItem.outcome, options.outcome) : undefined,
        options.outcomes ? inArray(batchItem.outcome, options.outcomes) : undefined,
        options.cursor === undefined ? undefined : gt(batchItem.position, options.cursor),
      ),
    )
    .orderBy(asc(batchItem.position))
    .limit(options.limit);
}

/** Every item (or those of some outcomes), a page at a time: what the exports stream from (memory stays flat). */
export async function* allItems(batchId: string, outcomes?: ItemOutcome[], pageSize = 500): AsyncGenerator<ItemRow> {
  let cursor: number | undefined;
  for (;;) {
    const page = await itemsPage(batchId, { cursor, limit: pageSize, ...(outcomes ? { outcomes } : {}) });
    yield* page;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.position;
  }
}

/** Which positions of a batch still wait, as chunks of at most `size` consecutive positions. */
export async function pendingChunks(batchId: string, size: number): Promise<Array<{ from: number; to: number }>> {
  const rows = await database()
    .select({ chunk: sql<number>`(${batchItem.position} / ${size})::int` })
    .from(batchItem)
    .where(and(eq(batchItem.batchId, batchId), eq(batchItem.outcome, 'pending')))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({ from: Number(r.chunk) * size, to: (Number(r.chunk) + 1) * size }));
}

export interface Claimed {
  position: number;
  id: string;
  kind: OrderKind;
  shop: string | null;
  /** This claim's number: 1 the first time the item is asked. */
  attempts: number;
  busyRetries: number;
  /** Who asks (null: the batch's creator). */
  askedById: string | null;
}

/**
 * Takes the next pending item of a chunk for this server, only while its batch is running.
 * One statement with SKIP LOCKED: two servers never take the same item. With `answered`, the
 * same statement first keeps the answer of the item the lane has just looked up (its audit entry
 * already written), so a lane waits on one statement between lookups.
 */
export async function claimNext(batchId: string, from: number, to: number, { kind, shop }: ItemApp, answered?: AnsweredItem): Promise<Claimed | null> {
  const [row] = await queryRows<{ position: number; input: string; kind: string; shop: string | null; attempts: number; busy_retries: number; asked_by_id: string | null }>(sql`
    ${answered ? sql`with answered as (${keepAnswer(batchId, answered)}) ` : sql``}
    update batch_item set outcome = 'looking', claimed_at = now(), not_before = null, attempts = attempts + 1
    where batch_id = ${batchId} and position = (
      select i.position from batch_item i join batch b on b.id = i.batch_id
      where i.batch_id = ${batchId} and i.position >= ${from} and i.position < ${to}
        and i.outcome = 'pending' and ${due} and i.kind = ${kind} and i.shop is not distinct from ${shop} and b.status = 'running'
      order by i.position limit 1
      for update of i skip locked)
    returning position, input, kind, shop, attempts, busy_retries, asked_by_id`);
  return row
    ? { position: Number(row.position), id: row.input, kind: row.kind as OrderKind, shop: row.shop, attempts: Number(row.attempts), busyRetries: Number(row.busy_retries), askedById: row.asked_by_id }
    : null;
}

/** An item put back after a busy answer waits for its time (`not_before`); meanwhile its lane serves others. */
const due = sql`(i.not_before is null or i.not_before <= now())`;

/** Which WeChat app an item asks: its kind, and a shop order's shop (null: the default shop, or a service-provider order). */
export interface ItemApp {
  kind: OrderKind;
  shop: string | null;
}

/**
 * The app (kind and shop) of the next pending item of a chunk, and how many of the chunk's items
 * may be asked now (`due`), or null when none may or the batch no longer runs (cancelled or
 * paused): the chunk's lanes end, and its job with them.
 */
export async function nextPendingApp(batchId: string, from: number, to: number): Promise<(ItemApp & { due: number }) | null> {
  const [row] = await queryRows<{ kind: string; shop: string | null; due: string | number }>(sql`
    select i.kind, i.shop, count(*) over () as due from batch_item i join batch b on b.id = i.batch_id
    where i.batch_id = ${batchId} and i.position >= ${from} and i.position < ${to}
      and i.outcome = 'pending' and ${due} and b.status = 'running'
    order by i.position limit 1`);
  return row ? { kind: row.kind as OrderKind, shop: row.shop, due: Number(row.due) } : null;
}

/** When the first item of a chunk put back after a busy answer may be asked again; null when none waits (or the batch no longer runs). */
export async function nextWait(batchId: string, from: number, to: number): Promise<{ at: Date; inMs: number } | null> {
  // `inMs` by the database's own clock, the one the job queue compares `at` with: a timer set
  // from this server's clock could wake the workers before the job may be taken.
  const [row] = await queryRows<{ at: string | Date | null; in_ms: string | number | null }>(sql`
    select min(i.not_before) as at, greatest(0, ceil(extract(epoch from min(i.not_before) - now()) * 1000)) as in_ms
    from batch_item i join batch b on b.id = i.batch_id
    where i.batch_id = ${batchId} and i.position >= ${from} and i.position < ${to}
      and i.outcome = 'pending' and i.not_before is not null and b.status = 'running'`);
  return row?.at ? { at: new Date(row.at), inMs: Number(row.in_ms) } : null;
}

export type ItemAnswer =
  | {
      outcome: 'found' | 'not-found' | 'parameter-error' | 'failed';
      /** The kind and shop that answered, when the id was asked as each kind it fits (lib/lookups/each-kind.ts). */
      kind?: OrderKind;
      shop?: string | null;
      order?: unknown;
      errcode?: number | null;
      problem?: { message: Bilingual; action: Bilingual } | null;
    }
  /** WeChat was busy: the item waits again, and is not asked before `afterMs` from now. */
  | { outcome: 'again'; afterMs: number };

/** A claimed item's answer, to keep. */
export interface AnsweredItem {
  position: number;
  answer: ItemAnswer;
}

/** Keeps the answer of an item this server claimed (and no longer one swept as interrupted meanwhile). */
function keepAnswer(batchId: string, { position, answer }: AnsweredItem) {
  if (answer.outcome === 'again') {
    return sql`
    update batch_item set outcome = 'pending', claimed_at = null, busy_retries = busy_retries + 1,
      not_before = now() + make_interval(secs => ${answer.afterMs / 1000})
    where batch_id = ${batchId} and position = ${position} and outcome = 'looking'`;
  }
  return sql`
    update batch_item set outcome = ${answer.outcome}, "order" = ${sql.param(answer.order ?? null, batchItem.order)},
      errcode = ${answer.errcode ?? null}, problem = ${sql.param(answer.problem ?? null, batchItem.problem)}, looked_up_at = now()
      ${answer.kind ? sql`, kind = ${answer.kind}, shop = ${answer.shop ?? null}` : sql``}
    where batch_id = ${batchId} and position = ${position} and outcome = 'looking'`;
}

export async function recordAnswer(batchId: string, item: AnsweredItem): Promise<void> {
  await database().execute(keepAnswer(batchId, item));
}

/** Puts a claimed item back, unanswered (WeChat refused to serve it: quota). */
export async function releaseClaim(batchId: string, position: number): Promise<void> {
  await database()
    .update(batchItem)
    .set({ outcome: 'pending', claimedAt: null })
    .where(and(eq(batchItem.batchId, batchId), eq(batchItem.position, position), eq(batchItem.outcome, 'looking')));
}

const INTERRUPTED = {
  message: {
    en: 'Interrupted twice: a server stopped while WeChat was being asked, and again when it was asked once more, so the answer was lost.',
    zh: '两次中断：向微信查询时服务器停止，重新查询时再次停止，结果未能保存。',
  },
  action: { en: 'Use “Retry failed” to look it up again.', zh: '请点击“重试失败项”重新查询。' },
};

/** An item whose server died while asking WeChat for it. */
export interface AbandonedItem {
  batchId: string;
  position: number;
  input: string;
  kind: string;
  shop: string | null;
  askedById: string | null;
  /** pending: it goes back to the queue (the first time); failed: it was interrupted twice. */
  outcome: 'pending' | 'failed';
}

/**
 * Items a server claimed more than `olderThanSeconds` ago and never answered: that server died
 * mid-lookup. A lookup is a read, so each goes back to the queue and is asked again, once: an
 * item interrupted a second time fails as interrupted (and "retry failed" asks again).
 */
export async function requeueAbandonedClaims(olderThanSeconds: number): Promise<AbandonedItem[]> {
  const rows = await queryRows<{ batch_id: string; position: number; input: string; kind: string; shop: string | null; asked_by_id: string | null; outcome: string }>(sql`
    update batch_item set
      outcome = case when interrupted = 0 then 'pending' else 'failed' end,
      problem = case when interrupted = 0 then null else ${sql.param(INTERRUPTED, batchItem.problem)}::jsonb end,
      looked_up_at = case when interrupted = 0 then null else now() end,
      claimed_at = null, not_before = null, interrupted = interrupted + 1
    where outcome = 'looking' and claimed_at <= now() - make_interval(secs => ${olderThanSeconds})
    returning batch_id, position, input, kind, shop, asked_by_id, outcome`);
  return rows.map((r) => ({ batchId: r.batch_id, position: Number(r.position), input: r.input, kind: r.kind, shop: r.shop, askedById: r.asked_by_id, outcome: r.outcome as AbandonedItem['outcome'] }));
}

export async function batchesWithStatus(statuses: BatchStatus[]): Promise<BatchRow[]> {
  return database().select().from(batch).where(inArray(batch.status, statuses));
}

/** Sets a batch's status when it is in one of `from`; answers whether it changed. */
export async function moveBatch(id: string, from: BatchStatus[], to: BatchStatus, extra: Partial<typeof batch.$inferInsert> = {}): Promise<boolean> {
  const rows = await database()
    .update(batch)
    .set({ status: to, ...extra })
    .where(and(eq(batch.id, id), inArray(batch.status, from)))
    .returning({ id: batch.id });
  return rows.length > 0;
}

/** Marks a running batch done once nothing in it waits or is being looked up. */
export async function finishIfDone(id: string): Promise<boolean> {
  const rows = await queryRows(sql`
    update batch set status = 'done', finished_at = now()
    where id = ${id} and status = 'running'
      and not exists (select 1 from batch_item where batch_id = ${id} and outcome in ('pending', 'looking'))
    returning id`);
  return rows.length > 0;
}

/** "Retry failed only": failed items wait again, asked for by `askedById`. Answers how many. */
export async function resetFailed(batchId: string, askedById: string): Promise<number> {
  const rows = await database()
    .update(batchItem)
    .set({ outcome: 'pending', errcode: null, problem: null, claimedAt: null, lookedUpAt: null, notBefore: null, busyRetries: 0, interrupted: 0, askedById })
    .where(and(eq(batchItem.batchId, batchId), eq(batchItem.outcome, 'failed')))
    .returning({ position: batchItem.position });
  return rows.length;
}

/** A resumed batch: the ids still waiting are asked for by whoever resumed it. */
export async function askPendingFor(batchId: string, askedById: string): Promise<void> {
  await database()
    .update(batchItem)
    .set({ askedById })
    .where(and(eq(batchItem.batchId, batchId), eq(batchItem.outcome, 'pending')));
}

const WAITING: BatchStatus[] = ['queued', 'running', 'paused'];

/** How many of a user's batches are queued, running or paused (`except` aside). */
export async function countWaiting(createdById: string, except?: string): Promise<number> {
  const [row] = await database()
    .select({ n: sql<number>`count(*)::int` })
    .from(batch)
    .where(and(eq(batch.createdById, createdById), inArray(batch.status, WAITING), except ? sql`${batch.id} <> ${except}` : undefined));
  return Number(row?.n ?? 0);
}

/** The user's newest batch from `source` that is queued, running or paused. */
export async function waitingBatchFrom(createdById: string, source: string): Promise<BatchRow | undefined> {
  const [row] = await database()
    .select()
    .from(batch)
    .where(and(eq(batch.createdById, createdById), eq(batch.source, source), inArray(batch.status, WAITING)))
    .orderBy(desc(batch.createdAt))
    .limit(1);
  return row;
}
