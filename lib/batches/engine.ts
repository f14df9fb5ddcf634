import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pLimit, { type LimitFunction } from 'p-limit';
import PgBoss from 'pg-boss';
import { lookUpBatchItem } from '@/lib/lookups/each-kind';
import type { LookupAnswer, LookupRequester } from '@/lib/lookups/lookup';
import { principalOf, type SessionUser } from '@/lib/auth/principal';
import { can } from '@/lib/api/roles';
import { recordAudit } from '@/lib/audit/record';
import { database, databaseKind, sqlExecutor } from '@/lib/db';
import { user } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import type { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { metrics, reportQueueDepth } from '@/lib/ops/metrics';
import { shareSpent, shareSpentReason, type DailyShare } from '@/lib/quota/wechat-daily-share';
import { defaultShopId } from '@/lib/shops';
import { BUSY_ERRCODE } from '@/lib/wechat/errcodes';
import { createPacer, freeAllSlots, lookupLeaseSeconds, SHARE_RETRY_MS, ShareSpent, type Pacer } from './pacing';
import {
  batchesWithStatus,
  claimNext,
  findBatch,
  finishIfDone,
  moveBatch,
  nextPendingApp,
  nextWait,
  requeueAbandonedClaims,
  type AbandonedItem,
  type AnsweredItem,
  type ItemApp,
  pendingChunks,
  recordAnswer,
  releaseClaim,
  type BatchRow,
  type Claimed,
} from './store';

/**
 * The batch engine: pg-boss jobs, each a chunk of consecutive items of one batch, taken by
 * whichever server sharing the database is free. A job's items are claimed one at a time with
 * SKIP LOCKED, so servers share a batch without looking an id up twice; a server that stops
 * leaves its unclaimed items pending for the next one (or for itself after a restart).
 */
const QUEUE = 'batch-lookups';
const CHUNK = 50;
/** Independent job loops per server; the lookups of all of them share one local limit. */
const LOOPS = 4;
const MINUTE_LIMIT_PAUSE_MS = 60_000;
const SWEEP_MS = 30_000;
/** A busy id waits 200 ms, doubling, at most 1.6 s (as the WeChat client's own retries), with up to half again of jitter. */
const BUSY_BACKOFF_MS = 200;
/** A chunk scheduled again for an item put back after a busy answer is taken before chunks not yet started. */
const AGAIN_PRIORITY = 1;

interface ChunkJob {
  batchId: string;
  from: number;
  to: number;
}

interface Engine {
  boss: PgBoss;
  workers: string[];
  pacer: Pacer;
  /** This server's share of the concurrency: lanes wait here, not by polling the database. */
  local: LimitFunction;
  server: string;
  stopping: boolean;
  sweeper: NodeJS.Timeout;
}

const globalForEngine = globalThis as unknown as { orderDeskBatchEngine?: Engine; orderDeskBatchEngineStarting?: Promise<Engine> };


/** Starts the job queue and (unless ORDER_DESK_BATCH_WORKERS=0) this server's workers. Once per process. */
export function startBatchEngine(): Promise<Engine> {
  globalForEngine.orderDeskBatchEngineStarting ??= (async () => {
    const env = serverEnv();
    const boss = new PgBoss({ db: sqlExecutor() as PgBoss.Db, schema: 'pgboss', schedule: false, supervise: true } as PgBoss.ConstructorOptions);
    boss.on('error', (error) => log.error({ err: error }, 'batch job queue error'));
    await boss.start();
    if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 10_000, retryDelay: 1, expireInSeconds: 300 });
    const engine: Engine = {
      boss,
      workers: [],
      pacer: createPacer({ concurrency: env.ORDER_DESK_BATCH_CONCURRENCY, perSecond: env.ORDER_DESK_BATCH_RATE, leaseSeconds: lookupLeaseSeconds() }),
      local: pLimit(env.ORDER_DESK_BATCH_CONCURRENCY),
      server: randomUUID(),
      stopping: false,
      sweeper: setInterval(() => void sweep(engine, lookupLeaseSeconds()), SWEEP_MS),
    };
    engine.sweeper.unref();
    globalForEngine.orderDeskBatchEngine = engine;
    reportQueueDepth(() => boss.getQueueSize(QUEUE));
    if (env.ORDER_DESK_BATCH_WORKERS === '1') {
      // On PGlite this is the only process: whatever was being looked up when it last stopped is
      // lost, and the pacing slots it held then are free.
      if (databaseKind() === 'pglite') await freeAllSlots();
      await sweep(engine, databaseKind() === 'pglite' ? 0 : lookupLeaseSeconds());
      for (let i = 0; i < LOOPS; i++) {
        engine.workers.push(await boss.work<ChunkJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, ([job]) => runChunk(engine, job!.data)));
      }
      for (const b of await batchesWithStatus(['queued', 'running'])) await enqueueWith(engine, b.id);
    }
    log.info({ workers: engine.workers.length, concurrency: env.ORDER_DESK_BATCH_CONCURRENCY, perSecond: env.ORDER_DESK_BATCH_RATE }, 'batch engine started');
    return engine;
  })();
  return globalForEngine.orderDeskBatchEngineStarting;
}

export function batchEngineStarted(): boolean {
  return globalForEngine.orderDeskBatchEngine !== undefined;
}

/**
 * SIGTERM: take no more items, let the lookups in flight finish and be recorded, and give the
 * chunks back to the queue so another server (or this one, restarted) carries on.
 */
export async function stopBatchEngine(timeoutMs: number): Promise<void> {
  const engine = globalForEngine.orderDeskBatchEngine;
  if (!engine || engine.stopping) return;
  engine.stopping = true;
  clearInterval(engine.sweeper);
  const started = performance.now();
  await engine.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  log.info({ ms: Math.round(performance.now() - started) }, 'batch workers stopped');
}

/** Queues every pending item of a batch as chunk jobs, now or after `startAfter`. */
export async function enqueue(batchId: string, startAfter?: Date): Promise<void> {
  await enqueueWith(await startBatchEngine(), batchId, startAfter);
}

async function enqueueWith(engine: Engine, batchId: string, startAfter?: Date): Promise<void> {
  const chunks = await pendingChunks(batchId, CHUNK);
  if (chunks.length === 0) return;
  await engine.boss.insert(chunks.map((c) => ({ name: QUEUE, data: { batchId, ...c }, ...(startAfter ? { startAfter } : {}) })));
  if (!startAfter) for (const id of engine.workers) engine.boss.notifyWorker(id);
}

async function runChunk(engine: Engine, job: ChunkJob): Promise<void> {
  const batch = await findBatch(job.batchId);
  if (!batch || !(await readyToRun(engine, batch))) return;
  if (!(await requesterOf(batch, batch.createdById))) return;
  // Who asks for each item: the creator, or the person who retried or resumed it.
  const askers = new Map<string, Promise<SessionUser | null>>();
  const askerOf = (item: Claimed) => {
    const id = item.askedById ?? batch.createdById;
    if (!askers.has(id)) askers.set(id, requesterOf(batch, id));
    return askers.get(id)!;
  };

  let stop = false;
  /** The batches' share of an app's calls for today ran out. */
  let shareOut: DailyShare | undefined;
  const halted = () => stop || engine.stopping;
  // Every lane starts with the app of the chunk's first waiting item: one query, not one a lane.
  const first = await nextPendingApp(batch.id, job.from, job.to);
  // A lane takes a pacing slot for the app of the next waiting item first, then claims items for
  // that app one after another while it holds the slot: an item is claimed only when it can be
  // asked at once, so a claim never waits (and never outlives its lease) behind other servers'.
  // The statement that claims the next item also keeps the answer of the one just looked up.
  const lane = async () => {
    let app: ItemApp | null = first;
    while (app && !halted()) {
      const current = app;
      await engine.local(async () => {
        const slot = await engine.pacer.acquire(accountOf(current), `${engine.server}:${randomUUID()}`);
        let answered: AnsweredItem | undefined;
        try {
          while (!halted()) {
            try {
              await slot.start();
            } catch (error) {
              if (!(error instanceof ShareSpent)) throw error;
              shareOut = error.share;
              stop = true;
              break;
            }
            const item = await claimNext(batch.id, job.from, job.to, current, answered);
            if (answered) countItem(answered);
            answered = undefined;
            if (!item) {
              slot.notUsed();
              break;
            }
            const asker = await askerOf(item);
            if (!asker) {
              await releaseClaim(batch.id, item.position);
              stop = true;
              break;
            }
            const looked = await lookUpItem(engine, batch, asker, item);
            if (looked === 'paused') stop = true;
            else answered = looked;
          }
        } finally {
          try {
            // Stopping, or the claim failed: the last answer is kept on its own.
            if (answered) {
              await recordAnswer(batch.id, answered);
              countItem(answered);
            }
          } finally {
            await slot.release();
          }
        }
      });
      app = await nextPendingApp(batch.id, job.from, job.to);
    }
  };
  // As many lanes as the chunk has items to ask now: a chunk queued again for one busy id takes one.
  await Promise.all(Array.from({ length: Math.min(serverEnv().ORDER_DESK_BATCH_CONCURRENCY, first?.due ?? 0) }, lane));
  await finishIfDone(batch.id);
  if (shareOut && !engine.stopping) {
    // Spent: the batch waits for WeChat's next day. Otherwise calls other lanes held came back.
    if (await shareSpent(shareOut)) await pause(engine, batch, { ...shareSpentReason(shareOut, 'batch') }, shareOut.resetsAt);
    else await again(engine, job, new Date(Date.now() + SHARE_RETRY_MS));
    return;
  }
  // Items put back after a busy answer and not yet due: the chunk is queued again for the first,
  // and gives its job loop to the next chunk meanwhile. (Waiting for them in the job held the loop:
  // with every loop's chunk waiting so, no lane was asking WeChat.)
  const wait = engine.stopping ? null : await nextWait(batch.id, job.from, job.to);
  if (wait) await again(engine, job, wait.at, wait.inMs);
  // Take the next chunk at once rather than after the polling interval.
  for (const id of engine.workers) engine.boss.notifyWorker(id);
  // Stopping: a chunk not queued again above is handed back by failing its job (pg-boss retries it).
  if (engine.stopping && !wait && (await pendingChunks(batch.id, CHUNK)).some((c) => c.from === job.from)) {
    throw new Error('server stopping: chunk handed back to the queue');
  }
}

/** Whether a chunk of this batch may run now; starts a queued batch, ends a finished pause. */
async function readyToRun(engine: Engine, batch: BatchRow): Promise<boolean> {
  if (batch.status === 'queued') await moveBatch(batch.id, ['queued'], 'running', { startedAt: new Date() });
  if (batch.status === 'paused') {
    if (!batch.pausedUntil) return false; // a person resumes it, which queues it again
    if (batch.pausedUntil.getTime() > Date.now()) return false; // the job queued with the pause resumes it
    await moveBatch(batch.id, ['paused'], 'running', { pausedReason: null, pausedUntil: null });
    await enqueueWith(engine, batch.id);
    return false;
  }
  return batch.status === 'queued' || batch.status === 'running';
}

/** The job queue takes a job only once its time has passed (`<`, not `<=`): the workers are woken this much after it. */
const WAKE_MARGIN_MS = 5;

/**
 * Queues a chunk again for `at`, ahead of chunks not yet started, and wakes this server's workers
 * `inMs` (+ a margin) from now: the time until `at` by the database's clock, when the caller has it.
 */
async function again(engine: Engine, job: ChunkJob, at: Date, inMs = at.getTime() - Date.now()): Promise<void> {
  await engine.boss.insert([{ name: QUEUE, data: job, startAfter: at, priority: AGAIN_PRIORITY }]);
  setTimeout(() => {
    if (!engine.stopping) for (const id of engine.workers) engine.boss.notifyWorker(id);
  }, Math.max(0, inMs) + WAKE_MARGIN_MS).unref();
}

/**
 * A user as a lookup's requester (the batch's creator, or who retried or resumed it), while they
 * may still run batches; otherwise the batch stops.
 */
async function requesterOf(batch: BatchRow, userId: string): Promise<SessionUser | null> {
  const [row] = await database().select().from(user).where(eq(user.id, userId)).limit(1);
  if (row && !row.banned && can(row.role, 'finance.batch')) return principalOf(row);
  const creator = userId === batch.createdById;
  await moveBatch(batch.id, ['queued', 'running', 'paused'], 'cancelled', {
    finishedAt: new Date(),
    pausedReason: creator
      ? { en: 'Stopped: the person who started this batch may no longer run batches.', zh: '已停止：创建此批量查询的用户已无权运行批量查询。' }
      : { en: 'Stopped: the person who retried or resumed this batch may no longer run batches.', zh: '已停止：重试或继续此批量查询的用户已无权运行批量查询。' },
  });
  return null;
}

/** The WeChat app a lookup asks: pacing is per app. (Items of a file's shop column are checked against the shops configured.) */
function accountOf({ kind, shop }: ItemApp): string {
  return kind === 'service-provider' ? 'service-provider' : `shop:${shop ?? defaultShopId()}`;
}

/**
 * Asks WeChat for one claimed item: its answer to keep, 'again' after a busy answer (the item
 * waits, its lane goes on), or 'paused' (the item is put back).
 */
async function lookUpItem(engine: Engine, batch: BatchRow, asker: SessionUser, item: Claimed): Promise<AnsweredItem | 'paused'> {
  let answer: LookupAnswer;
  let asked: ItemApp;
  try {
    ({ answer, asked } = await lookUpBatchItem(requesterFor(batch, asker, item), item, { auto: batch.kindChoice === 'auto', shop: batch.shop ?? defaultShopId() }));
  } catch (error) {
    // The audit entry could not be written, so the answer is not kept: the item waits again.
    log.error({ err: error, batch: batch.id, position: item.position }, 'batch lookup not audited; item left pending');
    await releaseClaim(batch.id, item.position);
    throw error;
  }
  if (!answer.ok && (answer.error.errcode === 45011 || answer.error.errcode === 45009)) {
    await releaseClaim(batch.id, item.position);
    // The per-minute limit ends by itself; the daily quota waits for a person.
    const { errcode, messages, action } = answer.error;
    await pause(engine, batch, { errcode, ...messages, action }, errcode === 45011 ? new Date(Date.now() + MINUTE_LIMIT_PAUSE_MS) : null);
    return 'paused';
  }
  if (!answer.ok && isBusy(answer.error) && item.busyRetries < serverEnv().WECHAT_RETRIES) {
    return { position: item.position, answer: { outcome: 'again', afterMs: busyBackoffMs(item.busyRetries) } };
  }
  if (answer.ok) return { position: item.position, answer: { outcome: 'found', order: answer.lookup.order, ...asked } };
  const error = answer.error;
  return {
    position: item.position,
    answer: {
      ...asked,
      outcome: outcomeOfError(error),
      errcode: error.errcode ?? null,
      problem: { message: error.messages, action: error.action },
    },
  };
}

/** An errcode answered for an id (10120002) is counted as what WeChat said, not as a proven "not found". */
function outcomeOfError(error: { code: string; errcode?: number | undefined }): 'not-found' | 'parameter-error' | 'failed' {
  if (error.code !== 'not_found') return 'failed';
  return error.errcode === undefined ? 'not-found' : 'parameter-error';
}

/**
 * Who asks for an item's lookup, for the audit entry and the log. One attempt per claim: a busy
 * answer puts the item back with a time (its lane serves other items meanwhile), not a retry
 * that holds the lane through its backoff pauses.
 */
function requesterFor(batch: BatchRow, asker: SessionUser, item: Claimed): LookupRequester {
  return {
    user: asker,
    request: { ip: null, userAgent: 'Order Desk batch', requestId: `batch:${batch.id}` },
    batchId: batch.id,
    retries: 0,
    ...(item.attempts > 1 ? { attempt: item.attempts } : {}),
  };
}

/** What the WeChat client itself retries: WeChat's -1 (busy), HTTP 5xx and network errors. */
function isBusy(error: AppError): boolean {
  return error.errcode === BUSY_ERRCODE || error.code === 'upstream_unreachable';
}

function busyBackoffMs(retries: number): number {
  return Math.round(Math.min(BUSY_BACKOFF_MS * 2 ** retries, BUSY_BACKOFF_MS * 8) * (1 + Math.random() / 2));
}

function countItem({ answer }: AnsweredItem): void {
  if (answer.outcome !== 'again') metrics().batchItems.inc({ outcome: answer.outcome });
}

/**
 * Pauses a running batch: until `until`, when it carries on by itself (WeChat's per-minute limit,
 * the batches' share of the day's calls spent), or until a person resumes it (`null`: the daily
 * quota).
 */
async function pause(engine: Engine, batch: BatchRow, reason: Record<string, unknown>, until: Date | null): Promise<void> {
  const moved = await moveBatch(batch.id, ['running'], 'paused', { pausedReason: reason, pausedUntil: until });
  if (moved && until) await engine.boss.send(QUEUE, { batchId: batch.id, from: 0, to: 0 }, { startAfter: until });
  if (moved) log.warn({ batch: batch.id, errcode: reason.errcode, until }, 'batch paused');
}

/**
 * Items whose server died mid-lookup go back to the queue, once (each with an audit entry, so the
 * trail shows both attempts); an item interrupted twice fails. Their batches are queued again, or
 * may now be done.
 */
async function sweep(engine: Engine, olderThanSeconds: number): Promise<void> {
  try {
    for (const id of await requeueInterrupted(olderThanSeconds)) {
      if (!engine.stopping) await enqueueWith(engine, id);
    }
  } catch (error) {
    if (!engine.stopping) log.warn({ err: error }, 'batch sweep failed');
  }
}

/**
 * The sweep's database part, without the job queue (tests/integration/batch-interrupted.test.ts
 * runs it as a server's start would): requeues or fails the abandoned items, audits each, and
 * answers the batches that still have ids to ask (the others are marked done).
 */
export async function requeueInterrupted(olderThanSeconds: number): Promise<string[]> {
  const abandoned = await requeueAbandonedClaims(olderThanSeconds);
  for (const item of abandoned) await auditInterrupted(item);
  const again: string[] = [];
  for (const id of new Set(abandoned.map((i) => i.batchId))) {
    if (!(await finishIfDone(id))) again.push(id);
  }
  if (abandoned.length > 0) log.warn({ items: abandoned.length, requeued: abandoned.filter((i) => i.outcome === 'pending').length }, 'batch lookups interrupted by a server that stopped');
  return again;
}

async function auditInterrupted(item: AbandonedItem): Promise<void> {
  const batch = await findBatch(item.batchId);
  const asker = item.askedById ?? batch?.createdById ?? null;
  const [row] = asker ? await database().select().from(user).where(eq(user.id, asker)).limit(1) : [];
  await recordAudit({
    action: 'batch.interrupted',
    actor: { id: asker, email: row?.email ?? batch?.createdByEmail ?? null, role: row?.role ?? null },
    request: { ip: null, userAgent: 'Order Desk batch', requestId: `batch:${item.batchId}` },
    order: { kind: item.kind, id: item.input, ...(item.shop ? { shop: item.shop } : {}) },
    detail: { batch: item.batchId, then: item.outcome === 'pending' ? 'asked again' : 'failed' },
  });
}
