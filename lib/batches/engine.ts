import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pLimit, { type LimitFunction } from 'p-limit';
import PgBoss from 'pg-boss';
import { lookUpBatchItem } from '@/lib/api/each-kind-lookup';
import type { LookupAnswer } from '@/lib/api/order-lookup';
import type { SessionUser } from '@/lib/auth/access';
import { can } from '@/lib/auth/roles';
import { database, databaseKind, sqlExecutor } from '@/lib/db';
import { user } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { metrics, reportQueueDepth } from '@/lib/ops/metrics';
import { defaultShopId } from '@/lib/shops';
import { createPacer, freeAllSlots, type Pacer } from './pacing';
import {
  batchesWithStatus,
  claimNext,
  failAbandonedClaims,
  findBatch,
  finishIfDone,
  moveBatch,
  nextPendingApp,
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

function leaseSeconds(): number {
  const env = serverEnv();
  // Longer than any one lookup can take: every attempt timing out, plus backoff.
  return Math.ceil((env.WECHAT_TIMEOUT_MS * (env.WECHAT_RETRIES + 1)) / 1000) + 30;
}

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
      pacer: createPacer({ concurrency: env.ORDER_DESK_BATCH_CONCURRENCY, perSecond: env.ORDER_DESK_BATCH_RATE, leaseSeconds: leaseSeconds() }),
      local: pLimit(env.ORDER_DESK_BATCH_CONCURRENCY),
      server: randomUUID(),
      stopping: false,
      sweeper: setInterval(() => void sweep(engine, leaseSeconds()), SWEEP_MS),
    };
    engine.sweeper.unref();
    globalForEngine.orderDeskBatchEngine = engine;
    reportQueueDepth(() => boss.getQueueSize(QUEUE));
    if (env.ORDER_DESK_BATCH_WORKERS === '1') {
      // On PGlite this is the only process: whatever was being looked up when it last stopped is
      // lost, and the pacing slots it held then are free.
      if (databaseKind() === 'pglite') await freeAllSlots();
      await sweep(engine, databaseKind() === 'pglite' ? 0 : leaseSeconds());
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
  const creator = await creatorOf(batch);
  if (!creator) return;

  let stop = false;
  const halted = () => stop || engine.stopping;
  // Every lane starts with the app of the chunk's first waiting item: one query, not one a lane.
  const first = nextPendingApp(batch.id, job.from, job.to);
  // A lane takes a pacing slot for the app of the next waiting item first, then claims items for
  // that app one after another while it holds the slot: an item is claimed only when it can be
  // asked at once, so a claim never waits (and never outlives its lease) behind other servers'.
  // The statement that claims the next item also keeps the answer of the one just looked up.
  const lane = async () => {
    let app = await first;
    while (app && !halted()) {
      const current = app;
      await engine.local(async () => {
        const slot = await engine.pacer.acquire(accountOf(current), `${engine.server}:${randomUUID()}`);
        let answered: AnsweredItem | undefined;
        try {
          while (!halted()) {
            await slot.start();
            const item = await claimNext(batch.id, job.from, job.to, current, answered);
            if (answered) countItem(answered);
            answered = undefined;
            if (!item) break;
            const looked = await lookUpItem(engine, batch, creator, item);
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
  await Promise.all(Array.from({ length: serverEnv().ORDER_DESK_BATCH_CONCURRENCY }, lane));
  await finishIfDone(batch.id);
  // Take the next chunk at once rather than after the polling interval.
  for (const id of engine.workers) engine.boss.notifyWorker(id);
  if (engine.stopping && (await pendingChunks(batch.id, CHUNK)).some((c) => c.from === job.from)) {
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

/** The batch's creator as a lookup's requester, while they may still run batches. */
async function creatorOf(batch: BatchRow): Promise<SessionUser | null> {
  const [row] = await database().select().from(user).where(eq(user.id, batch.createdById)).limit(1);
  if (row && !row.banned && can(row.role, 'finance.batch')) return { id: row.id, email: row.email, name: row.name, role: row.role };
  await moveBatch(batch.id, ['queued', 'running', 'paused'], 'cancelled', {
    finishedAt: new Date(),
    pausedReason: {
      en: 'Stopped: the person who started this batch may no longer run batches.',
      zh: '已停止：创建此批量查询的用户已无权运行批量查询。',
    },
  });
  return null;
}

/** The WeChat app a lookup asks: pacing is per app. (Items of a file's shop column are checked against the shops configured.) */
function accountOf({ kind, shop }: ItemApp): string {
  return kind === 'service-provider' ? 'service-provider' : `shop:${shop ?? defaultShopId()}`;
}

/** Asks WeChat for one claimed item: its answer to keep, or 'paused' (the item is put back). */
async function lookUpItem(engine: Engine, batch: BatchRow, creator: SessionUser, item: Claimed): Promise<AnsweredItem | 'paused'> {
  let answer: LookupAnswer;
  let asked: ItemApp;
  try {
    ({ answer, asked } = await lookUpBatchItem(
      { user: creator, request: { ip: null, userAgent: 'Order Desk batch', requestId: `batch:${batch.id}` }, batchId: batch.id },
      item,
      { auto: batch.kindChoice === 'auto', shop: batch.shop ?? defaultShopId() },
    ));
  } catch (error) {
    // The audit entry could not be written, so the answer is not kept: the item waits again.
    log.error({ err: error, batch: batch.id, position: item.position }, 'batch lookup not audited; item left pending');
    await releaseClaim(batch.id, item.position);
    throw error;
  }
  if (!answer.ok && (answer.error.errcode === 45011 || answer.error.errcode === 45009)) {
    await releaseClaim(batch.id, item.position);
    await pause(engine, batch, answer);
    return 'paused';
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
function outcomeOfError(error: { code: string; errcode?: number | undefined }): AnsweredItem['answer']['outcome'] {
  if (error.code !== 'not_found') return 'failed';
  return error.errcode === undefined ? 'not-found' : 'parameter-error';
}

function countItem({ answer }: AnsweredItem): void {
  metrics().batchItems.inc({ outcome: answer.outcome });
}

/**
 * WeChat's per-minute limit (45011) pauses the batch for a minute, then it carries on by itself;
 * the daily quota (45009) pauses it until a person resumes it.
 */
async function pause(engine: Engine, batch: BatchRow, answer: Extract<LookupAnswer, { ok: false }>): Promise<void> {
  const byItself = answer.error.errcode === 45011;
  const until = byItself ? new Date(Date.now() + MINUTE_LIMIT_PAUSE_MS) : null;
  const moved = await moveBatch(batch.id, ['running'], 'paused', {
    pausedReason: { errcode: answer.error.errcode, ...answer.error.messages, action: answer.error.action },
    pausedUntil: until,
  });
  if (moved && until) await engine.boss.send(QUEUE, { batchId: batch.id, from: 0, to: 0 }, { startAfter: until });
  if (moved) log.warn({ batch: batch.id, errcode: answer.error.errcode, until }, 'batch paused by WeChat');
}

/** Items whose server died mid-lookup become failed (never asked twice unasked); their batches may now be done. */
async function sweep(engine: Engine, olderThanSeconds: number): Promise<void> {
  try {
    for (const id of await failAbandonedClaims(olderThanSeconds)) await finishIfDone(id);
  } catch (error) {
    if (!engine.stopping) log.warn({ err: error }, 'batch sweep failed');
  }
}
