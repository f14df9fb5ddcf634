import 'server-only';
import { randomUUID } from 'node:crypto';
import type { SessionUser } from '@/lib/auth/access';
import { refundBatchIds, spendBatchIds } from '@/lib/auth/batch-budget';
import { can } from '@/lib/api/roles';
import { recordAudit, type AuditAction } from '@/lib/audit/record';
import { withSharedLock } from '@/lib/db';
import { serverEnv } from '@/lib/env/server';
import { AppError } from '@/lib/errors';
import { metrics } from '@/lib/ops/metrics';
import { oneAtATime } from '@/lib/one-at-a-time';
import type { RequestInfo } from '@/lib/request-info';
import { enqueue } from './engine';
import { batchCsv, batchXlsx, type ExportOptions, type ExportSheet } from './export';
import {
  allItems,
  askPendingFor,
  countOutcomes,
  countWaiting,
  findBatch,
  insertBatch,
  itemsPage,
  listBatches,
  moneyTotals,
  moveBatch,
  recentlyDone,
  resetFailed,
  waitingBatchFrom,
  type BatchRow,
} from './store';
import { isBatchId, type BatchKindChoice, type BatchOrigin, type BatchStatus, type ItemOutcome, type PreparedBatch } from './types';
import { toBatchView, toItemResult, toItemView } from './view';
import type { BatchItemsPage, BatchView } from '@/lib/api/contract';
import { actorOf } from '@/lib/auth/principal';

/**
 * Batch lookups: the public face the routes and pages use. Who may see a batch, its view, and
 * the actions on it, each audited.
 */
export { startBatchEngine, stopBatchEngine, batchEngineStarted } from './engine';
export type { BatchItemResult, BatchKindChoice, BatchOrigin, BatchStatus, ItemOutcome, PreparedBatch } from './types';
export type { BatchView } from '@/lib/api/contract';

const PACE_WINDOW_SECONDS = 10;

/** A batch as the API answers it; `brief` (the list) leaves out the money totals, which read every found order. */
export async function batchView(row: BatchRow, options: { brief?: boolean } = {}): Promise<BatchView> {
  const [counts, recent, totals] = await Promise.all([countOutcomes(row.id), recentlyDone(row.id, PACE_WINDOW_SECONDS), options.brief ? null : moneyTotals(row.id)]);
  return toBatchView(row, { counts, recent, paceWindowSeconds: PACE_WINDOW_SECONDS, totals });
}

/** An admin sees everyone's batches; anyone else only their own. Others' are "not found", not "forbidden". */
export async function batchFor(user: SessionUser, id: string): Promise<BatchRow> {
  const row = isBatchId(id) ? await findBatch(id) : undefined;
  if (!row || (row.createdById !== user.id && !can(user.role, 'batch.all'))) throw batchNotFound();
  return row;
}

export function batchNotFound(): AppError {
  return new AppError({
    code: 'not_found',
    message: { en: 'There is no such batch, or it is not yours.', zh: '没有这个批量查询，或它不属于您。' },
    action: { en: 'Open it from the list of batches.', zh: '请从批量查询列表中打开。' },
  });
}

const LISTED = 50;

export async function batchesFor(user: SessionUser): Promise<BatchView[]> {
  const rows = await listBatches(can(user.role, 'batch.all') ? null : user.id, LISTED);
  return Promise.all(rows.map((row) => batchView(row, { brief: true })));
}

export interface BatchRequest {
  prepared: PreparedBatch;
  kind: BatchKindChoice;
  shop: string | null;
  source: string;
  origin: BatchOrigin;
}

/** Audits the batch, then records it and its items, and queues its lookups (within the user's quota). */
export async function createBatch(user: SessionUser, request: RequestInfo, input: BatchRequest): Promise<BatchView> {
  return admit(user.id, async () => (await insertWithinQuota(user, request, input)).batch);
}

/**
 * A batch of which one user runs one at a time ("check these again"): while one from the same
 * source is queued, running or paused, asking again answers it (`created: false`) and spends
 * nothing.
 */
export async function startOnce(user: SessionUser, request: RequestInfo, input: BatchRequest): Promise<{ batch: BatchView; created: boolean }> {
  return admit(user.id, async () => {
    const running = await waitingBatchFrom(user.id, input.source);
    if (running) return { batch: await batchView(running), created: false };
    return insertWithinQuota(user, request, input);
  });
}

/** The user's quota: batches waiting at once, then ids a day; the ids go back should the batch not be stored. */
async function insertWithinQuota(user: SessionUser, request: RequestInfo, input: BatchRequest): Promise<{ batch: BatchView; created: true }> {
  await checkWaiting(user.id);
  const ids = input.prepared.valid.length;
  await spendBatchIds(user.id, ids);
  const id = randomUUID();
  let row: BatchRow;
  try {
    await audit('batch.create', user, request, id, {
      source: input.source,
      kind: input.kind,
      ids,
      invalid: input.prepared.invalid.length,
      duplicates: input.prepared.duplicates,
    });
    row = await insertBatch({ ...input, id, createdBy: { id: user.id, email: user.email, role: user.role } });
  } catch (error) {
    await refundBatchIds(user.id, ids);
    throw error;
  }
  await enqueue(row.id);
  return { batch: await batchView(row), created: true };
}

/** A 429 when the user already has ORDER_DESK_BATCHES_WAITING_PER_USER batches queued, running or paused (`except` aside). */
async function checkWaiting(userId: string, except?: string): Promise<void> {
  const limit = serverEnv().ORDER_DESK_BATCHES_WAITING_PER_USER;
  const waiting = await countWaiting(userId, except);
  if (waiting < limit) return;
  metrics().rateLimited.inc({ limit: 'batches-waiting' });
  throw new AppError({
    code: 'rate_limited',
    message: {
      en: `There are already ${waiting} batches of yours queued, running or paused, the most one person may have at once (${limit}).`,
      zh: `您已有 ${waiting} 个批量查询在排队、运行或暂停，已达每人同时可有的上限（${limit} 个）。`,
    },
    action: { en: 'Wait for one to finish, or cancel one, then try again.', zh: '请等待其中一个完成或取消一个后重试。' },
    retriable: true,
  });
}

/**
 * One user's batch admissions one at a time: in this process (one queue for every route bundle)
 * and, on PostgreSQL, between servers under a shared lock; so requests sent together cannot all
 * pass the checks before any is stored.
 */
const globalForAdmit = globalThis as unknown as { orderDeskBatchAdmissions?: Map<string, Promise<unknown>> };
const admissions = (globalForAdmit.orderDeskBatchAdmissions ??= new Map<string, Promise<unknown>>());

function admit<T>(userId: string, work: () => Promise<T>): Promise<T> {
  return oneAtATime(admissions, userId, () => withSharedLock(`batch-admit:${userId}`, work));
}

export async function cancelBatch(user: SessionUser, request: RequestInfo, row: BatchRow): Promise<BatchView> {
  if (!['queued', 'running', 'paused'].includes(row.status)) throw cannot('cancel', row);
  await audit('batch.cancel', user, request, row.id);
  if (!(await moveBatch(row.id, ['queued', 'running', 'paused'], 'cancelled', { finishedAt: new Date() }))) throw cannot('cancel', row);
  return batchView((await findBatch(row.id))!);
}

/** "Retry failed only": the failed items are looked up again. A cancelled batch stays cancelled. */
export async function retryFailed(user: SessionUser, request: RequestInfo, row: BatchRow): Promise<BatchView> {
  const from: BatchStatus[] = ['done', 'running', 'queued'];
  if (!from.includes(row.status as BatchStatus)) throw cannot('retry', row);
  // The batch waits again among its creator's; its failed ids are the budget of whoever retries.
  return admit(row.createdById, async () => {
    const failed = (await countOutcomes(row.id)).failed;
    if (failed === 0) throw nothingFailed();
    await checkWaiting(row.createdById, row.id);
    await spendBatchIds(user.id, failed);
    await audit('batch.retry', user, request, row.id);
    // Whoever retries asks for these lookups: their audit entries name them, not the creator.
    await resetFailed(row.id, user.id);
    await moveBatch(row.id, from, 'running', { finishedAt: null });
    await enqueue(row.id);
    return batchView((await findBatch(row.id))!);
  });
}

function nothingFailed(): AppError {
  return new AppError({
    code: 'invalid_request',
    message: { en: 'No id of this batch has failed; there is nothing to retry.', zh: '此批量查询没有失败的单号，无需重试。' },
    action: { en: 'Reload the page to see its current state.', zh: '请刷新页面查看其当前状态。' },
  });
}

/** A person resumes a batch WeChat's daily quota paused (or one paused for a minute, early). */
export async function resumeBatch(user: SessionUser, request: RequestInfo, row: BatchRow): Promise<BatchView> {
  if (row.status !== 'paused') throw cannot('resume', row);
  await audit('batch.resume', user, request, row.id);
  await askPendingFor(row.id, user.id);
  if (!(await moveBatch(row.id, ['paused'], 'running', { pausedReason: null, pausedUntil: null }))) throw cannot('resume', row);
  await enqueue(row.id);
  return batchView((await findBatch(row.id))!);
}

function cannot(what: 'cancel' | 'retry' | 'resume', row: BatchRow): AppError {
  const verbs = { cancel: ['cancelled', '取消'], retry: ['retried', '重试'], resume: ['resumed', '继续'] }[what];
  return new AppError({
    code: 'invalid_request',
    message: { en: `A batch that is ${row.status} cannot be ${verbs[0]}.`, zh: `状态为 ${row.status} 的批量查询无法${verbs[1]}。` },
    action: { en: 'Reload the page to see its current state.', zh: '请刷新页面查看其当前状态。' },
  });
}

export async function batchItems(row: BatchRow, options: { outcome?: ItemOutcome; cursor?: number; limit: number }): Promise<BatchItemsPage> {
  const rows = await itemsPage(row.id, { ...options, limit: options.limit + 1 });
  const page = rows.slice(0, options.limit);
  return {
    items: page.map(toItemView),
    nextCursor: rows.length > options.limit ? page[page.length - 1]!.position : null,
  };
}

const SHEET_OUTCOMES: Record<ExportSheet, ItemOutcome[] | undefined> = {
  orders: undefined,
  refunds: ['found'],
  'profit-sharing': ['found'],
  problems: ['invalid', 'not-found', 'parameter-error', 'failed'],
};

/** A batch's results as a CSV or XLSX download, streamed from the database a page at a time; audited. */
export async function exportBatch(user: SessionUser, request: RequestInfo, row: BatchRow, format: 'csv' | 'xlsx', options: ExportOptions): Promise<ReadableStream<Uint8Array>> {
  await audit('batch.export', user, request, row.id, { format, locale: options.locale });
  async function* items(sheet: ExportSheet) {
    for await (const item of allItems(row.id, SHEET_OUTCOMES[sheet])) yield toItemResult(item);
  }
  return format === 'csv' ? batchCsv(items, options) : batchXlsx(items, options);
}

async function audit(action: AuditAction, user: SessionUser, request: RequestInfo, batchId: string, extra: Record<string, unknown> = {}): Promise<void> {
  await recordAudit({ action, actor: actorOf(user), request, status: 200, detail: { batch: batchId, ...extra } });
}
