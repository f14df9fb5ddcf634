import 'server-only';
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { createPacer, lookupLeaseSeconds, type Pacer } from '@/lib/batches/pacing';
import { databaseKind, sqlExecutor } from '@/lib/db';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { wechatListers } from './wechat-listers';
import { runSource, type RunContext, type Starter } from './run';
import { dueBySchedule } from './plan';
import { findSource, syncOn, syncSources } from './sources';
import * as store from './store';

/**
 * Sync on pg-boss. A schedule (`order-desk-sync-tick`, every minute, on whichever server pg-boss
 * hands it to) queues a run of each source whose time has come, or whose open run no server holds;
 * runs are singleton jobs (`order-desk-sync`, policy `short`: one queued per source), and the
 * source's lease (store.takeSource) keeps one run per source at a time across every server.
 */
const QUEUE = 'order-desk-sync';
const TICK = 'order-desk-sync-tick';

export interface RunJob {
  source: string;
  starter: Starter;
}

interface Engine {
  boss: PgBoss;
  workers: string[];
  /** ORDER_DESK_SYNC_TICK_SECONDS under 60 (tests): this server's own tick, beside the schedule's. */
  ticker?: NodeJS.Timeout;
  ctx: RunContext;
  stopping: boolean;
}

const globalForSync = globalThis as unknown as { orderDeskSyncEngine?: Engine; orderDeskSyncEngineStarting?: Promise<Engine | null> };

/** Starts sync's schedule and workers when ORDER_DESK_SYNC=on; null when it is off. Once per process. */
export function startSyncEngine(): Promise<Engine | null> {
  globalForSync.orderDeskSyncEngineStarting ??= (async () => {
    await store.ensureSources(syncSources().map((s) => s.source));
    if (!syncOn()) return null;
    const env = serverEnv();
    const boss = new PgBoss({ db: sqlExecutor() as PgBoss.Db, schema: 'pgboss', schedule: true, supervise: true } as PgBoss.ConstructorOptions);
    boss.on('error', (error) => log.error({ err: error }, 'sync job queue error'));
    await boss.start();
    if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE, { name: QUEUE, policy: 'short', retryLimit: 0, expireInSeconds: 3_600 });
    if (!(await boss.getQueue(TICK))) await boss.createQueue(TICK, { name: TICK, policy: 'short', retryLimit: 0, expireInSeconds: 60 });
    const pacer: Pacer = createPacer({ concurrency: env.ORDER_DESK_BATCH_CONCURRENCY, perSecond: env.ORDER_DESK_BATCH_RATE, leaseSeconds: lookupLeaseSeconds() });
    const engine: Engine = {
      boss,
      workers: [],
      stopping: false,
      ctx: { server: randomUUID(), pacer, lanes: env.ORDER_DESK_BATCH_CONCURRENCY, listers: wechatListers(), stopping: () => engine.stopping },
    };
    globalForSync.orderDeskSyncEngine = engine;
    // On PGlite this is the only process: a lease held is this process's from before it stopped.
    if (databaseKind() === 'pglite') await store.releaseAllSources();
    const sources = syncSources().filter((s) => s.enabled);
    for (let i = 0; i < Math.max(1, sources.length); i++) {
      engine.workers.push(await boss.work<RunJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, ([job]) => runJob(engine, job!.data)));
    }
    engine.workers.push(await boss.work(TICK, { batchSize: 1, pollingIntervalSeconds: 5 }, () => tick(engine)));
    await boss.schedule(TICK, '* * * * *');
    await tick(engine);
    // pg-boss's schedule is by the minute; a test asks more often, so a run a killed server left is taken on soon after its lease lapses.
    if (env.ORDER_DESK_SYNC_TICK_SECONDS < 60) {
      engine.ticker = setInterval(() => void tick(engine).catch((error: unknown) => log.warn({ err: error }, 'sync tick failed')), env.ORDER_DESK_SYNC_TICK_SECONDS * 1000);
      engine.ticker.unref();
    }
    log.info({ sources: sources.map((s) => s.source), intervalMinutes: env.ORDER_DESK_SYNC_INTERVAL_MINUTES }, 'sync started');
    return engine;
  })();
  return globalForSync.orderDeskSyncEngineStarting;
}

/** SIGTERM: runs stop taking work, finish the lookups in flight, and leave their runs open for the next server. */
export async function stopSyncEngine(timeoutMs: number): Promise<void> {
  const engine = globalForSync.orderDeskSyncEngine;
  if (!engine || engine.stopping) return;
  engine.stopping = true;
  clearInterval(engine.ticker);
  await engine.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
}

async function runJob(engine: Engine, job: RunJob): Promise<void> {
  const def = findSource(job.source);
  if (!def?.enabled || engine.stopping) return;
  const outcome = await runSource(engine.ctx, def, job.starter);
  if (outcome === 'busy') {
    // Another server holds it, or did until it died: the tick asks again once its lease lapses.
    log.debug({ source: def.source }, 'sync source held by another server');
  }
}

/** Queues a run of each source that is due, or whose open run no live server holds. */
async function tick(engine: Engine): Promise<void> {
  if (engine.stopping) return;
  const rows = new Map((await store.sourceRows()).map((r) => [r.source, r]));
  const now = Date.now();
  for (const def of syncSources().filter((s) => s.enabled)) {
    const row = rows.get(def.source);
    if (!row) continue;
    const held = row.holder !== null && row.leaseUntil !== null && row.leaseUntil.getTime() > now;
    if (held) continue;
    if (dueBySchedule(row, now)) await queueRun(engine, def.source, { email: 'schedule', id: null });
  }
}

async function queueRun(engine: Engine, source: string, starter: Starter): Promise<void> {
  await engine.boss.send(QUEUE, { source, starter } satisfies RunJob, { singletonKey: source });
  for (const id of engine.workers) engine.boss.notifyWorker(id);
}

/** A person's "Sync now" (or backfill): queued at once; an open or queued run of the source is not doubled. */
export async function queueRunNow(source: string, starter: Starter): Promise<void> {
  const engine = await startSyncEngine();
  if (!engine) throw new Error('sync is off');
  await queueRun(engine, source, starter);
}

