import 'server-only';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordAudit } from '@/lib/audit/record';
import { lookupLeaseSeconds, SHARE_RETRY_MS, ShareSpent, type Pacer, type Slot } from '@/lib/batches/pacing';
import { serverEnv } from '@/lib/env/server';
import type { AppError, Bilingual } from '@/lib/errors';
import { log } from '@/lib/log';
import { lookUpFor, rememberListedServiceProviderOrder, type LookupRequester } from '@/lib/lookups/lookup';
import type { ShopOrder } from '@/lib/orders/shop';
import { dailyShare, shareSpent, shareSpentReason } from '@/lib/quota/wechat-daily-share';
import { toAppError } from '@/lib/api/responses';
import type { Listers } from './listing';
import { dueBySchedule, firstSyncFrom, LISTING_LAG_MS, nextLookAt, pauseAfterMinuteLimit, SERVICE_PROVIDER_PAGE_SIZE, SHOP_PAGE_SIZE, windowsBetween, windowSeconds } from './plan';
import { spuIds, type SyncSourceDef } from './sources';
import * as store from './store';

/**
 * One run of one source: take the source (one server at a time), list what is still to list a page
 * at a time, look each listed trade number up through the one lookup path, then the orders due
 * again; audited once when it ends. Every step is in the database before the next, so a server
 * that stops (SIGTERM) or dies (SIGKILL) leaves the run for the next to carry on.
 */
export interface RunContext {
  /** This server, as the holder of the sources it runs. */
  server: string;
  pacer: Pacer;
  lanes: number;
  listers: Listers;
  stopping(): boolean;
}

export interface Starter {
  /** 'schedule', or the person's email. */
  email: string;
  id: string | null;
}

/** A problem a run ended with, as GET /api/sync and the page show it. */
export interface Problem extends Bilingual {
  errcode?: number;
  errmsg?: string;
  action?: Bilingual;
  until?: string;
}

/** The lease on a source: renewed every third of it; a server that dies lets it lapse. */
const LEASE_SECONDS = 30;
/** A page that fails is asked again this many times in a run (after the client's own retries) before its window is recorded as failed. */
const PAGE_TRIES = 3;
const PAGE_RETRY_MS = 1_000;
/** A failed lookup is tried again in an hour, at most this many times in a row. */
const LOOKUP_FAILURES_KEPT = 3;
const LOOKUP_RETRY_MS = 3_600_000;
/** A lane with nothing due while listing goes on looks again this much later. */
const IDLE_POLL_MS = 25;

/** The run ends: WeChat's daily quota (paused until its next day), or the IP whitelist (failed). */
class StopRun extends Error {
  constructor(
    readonly state: 'paused' | 'failed',
    readonly problem: Problem,
    readonly until: Date | null,
  ) {
    super(problem.en);
  }
}

/** A slot is taken for one call: it takes one call of the day's share, not a block (lib/batches/pacing.ts). */
const ONE_CALL = { shareBlock: 1 };

/** WeChat's per-minute limit: wait for the next minute and carry on. */
class MinuteLimit extends Error {}

/** This server is stopping: the page not asked is left for the run's next server. */
class Halted extends Error {}

/** A start on the slot, or the share of WeChat's day that refused it. */
async function startOn(slot: Slot): Promise<ShareSpent | undefined> {
  try {
    await slot.start();
    return undefined;
  } catch (error) {
    if (error instanceof ShareSpent) return error;
    throw error;
  }
}

function problemOf(error: AppError, extra: Partial<Problem> = {}): Problem {
  return {
    ...error.messages,
    action: error.action,
    ...(error.errcode === undefined ? {} : { errcode: error.errcode }),
    ...(error.errmsg === undefined ? {} : { errmsg: error.errmsg }),
    ...extra,
  };
}

/** What an error answered by WeChat means for the run; null: it fails only the page or order it was for. */
function stopFor(error: AppError, account: string): StopRun | MinuteLimit | null {
  if (error.errcode === 45011) return new MinuteLimit();
  if (error.errcode === 45009) {
    const until = dailyShare(account).resetsAt;
    return new StopRun('paused', problemOf(error, { until: until.toISOString(), en: `${error.messages.en} Sync of this source stops until WeChat's next day (00:00 China time).`, zh: `${error.messages.zh}此来源的同步暂停至微信的下一天（北京时间 00:00）。` }), until);
  }
  if (error.errcode === 40164) return new StopRun('failed', problemOf(error), null);
  return null;
}

function shareStop(spent: ShareSpent): StopRun {
  const until = spent.share.resetsAt;
  return new StopRun('paused', { ...shareSpentReason(spent.share, 'sync'), until: until.toISOString() }, until);
}

/**
 * Runs (or carries on) the source's sync on this server. 'busy' when another server holds it.
 * Returns when the run ends, or when this server stops (the run is then left open to resume).
 */
export async function runSource(ctx: RunContext, def: SyncSourceDef, starter: Starter): Promise<'done' | 'busy' | 'left'> {
  const holder = ctx.server;
  const row = await store.takeSource(def.source, holder, LEASE_SECONDS);
  if (!row) return 'busy';
  // Two ticks can queue a run each (the second once the first's job has started): the second
  // finds the first's run done and nothing due, and starts no run of its own.
  if (starter.email === 'schedule' && !dueBySchedule(row, Date.now())) {
    await store.releaseSource(def.source, holder);
    return 'done';
  }
  let lost = false;
  const renew = setInterval(() => {
    store.renewSource(def.source, holder, LEASE_SECONDS).then(
      (kept) => {
        if (!kept) lost = true;
      },
      (error: unknown) => log.warn({ err: error, source: def.source }, 'sync lease not renewed'),
    );
  }, (LEASE_SECONDS * 1000) / 3);
  renew.unref();
  const halted = () => lost || ctx.stopping();
  try {
    const open = row.runId ? await store.findRun(row.runId) : undefined;
    const run = open && !open.finishedAt ? open : await startRun(def, starter);
    await store.updateSource(def.source, { state: 'running', runId: run.id, pausedUntil: null });
    const walk = new Walk(ctx, def, run, halted);
    let stop: StopRun | undefined;
    try {
      await walk.all();
    } catch (error) {
      if (!(error instanceof StopRun)) throw error;
      stop = error;
    }
    if (halted() && !stop) return 'left';
    await finish(def, run.id, stop);
    return 'done';
  } catch (error) {
    // Anything else (the database gone, a bug): the run stays open and the next job carries it on.
    log.error({ err: error, source: def.source }, 'sync run interrupted');
    await store.updateSource(def.source, { state: 'failed', problem: { en: 'The sync run was interrupted by an error on our side; it carries on at the next run.', zh: '同步因本系统的错误中断，将在下次运行时继续。' } }).catch(() => undefined);
    return 'left';
  } finally {
    clearInterval(renew);
    await store.releaseSource(def.source, holder).catch((error: unknown) => log.warn({ err: error, source: def.source }, 'sync lease not released'));
  }
}

/** A new run: the windows since the last (or the first backfill), and failed windows again. */
async function startRun(def: SyncSourceDef, starter: Starter) {
  const env = serverEnv();
  const now = Date.now();
  if (def.kind === 'shop') {
    const end = new Date(now - LISTING_LAG_MS);
    const from = (await store.windowsEnd(def.source)) ?? firstSyncFrom(env.ORDER_DESK_SYNC_FROM, now);
    if (from < end) await store.addWindows(def.source, windowsBetween(from, end));
  } else {
    // The service provider's list has no time filter: each run pages through every SPU whole.
    await store.restartKeys(def.source, spuIds().map((id) => `spu:${id}`));
  }
  const total = await store.retryFailedWindows(def.source);
  const run = await store.createRun(def.source, starter);
  await store.addToRun(run.id, { windowsTotal: total });
  await store.updateSource(def.source, { runId: run.id, problem: null, nextRunAt: new Date(now + env.ORDER_DESK_SYNC_INTERVAL_MINUTES * 60_000) });
  return run;
}

async function finish(def: SyncSourceDef, runId: string, stop: StopRun | undefined): Promise<void> {
  const run = await store.finishRun(runId, stop?.problem);
  const through = def.kind === 'shop' ? await store.syncedThrough(def.source) : stop || run.failedWindows > 0 ? undefined : run.startedAt;
  const state = stop ? stop.state : run.failedWindows > 0 ? 'failed' : 'idle';
  await store.updateSource(def.source, {
    state,
    runId: null,
    problem: stop?.problem ?? null,
    pausedUntil: stop?.until ?? null,
    ...(through === undefined ? {} : { syncedThrough: through }),
  });
  await recordAudit({
    action: 'sync.run',
    actor: { id: run.startedById, email: run.startedBy, role: null },
    request: { ip: null, userAgent: 'Order Desk sync', requestId: `sync:${run.id}` },
    ...(stop?.problem.errcode === undefined ? {} : { errcode: stop.problem.errcode }),
    detail: {
      source: def.source,
      run: run.id,
      startedBy: run.startedBy,
      windows: { total: run.windowsTotal, done: run.windowsDone, failed: run.failedWindows },
      ordersListed: run.ordersListed,
      ordersLookedUp: run.ordersLookedUp,
      errors: run.errors,
      ...(stop ? { stopped: stop.state } : {}),
    },
  });
  log.info({ source: def.source, run: run.id, state, windowsDone: run.windowsDone, listed: run.ordersListed, lookedUp: run.ordersLookedUp, errors: run.errors }, 'sync run finished');
}

/** Walking one run: its windows page by page, each page's orders looked up before the next page. */
class Walk {
  private minutePause: Promise<void> | undefined;
  /** The run stopped (45009, 40164): the lanes stop too. */
  private ended = false;
  private readonly requester: LookupRequester;

  constructor(
    private readonly ctx: RunContext,
    private readonly def: SyncSourceDef,
    private readonly run: store.RunRow,
    private readonly halted: () => boolean,
  ) {
    this.requester = {
      user: { id: run.startedById ?? 'schedule', email: run.startedBy, name: 'Order Desk sync', role: null },
      request: { ip: null, userAgent: 'Order Desk sync', requestId: `sync:${run.id}` },
      syncRun: run.id,
    };
  }

  /**
   * Lists every pending window while the lanes look up what is due (listed orders, orders a stopped
   * server left, orders due again) at the same time, so neither waits for the other; the lanes
   * stop once listing is over and nothing is due.
   */
  async all(): Promise<void> {
    // A stopped server's claims are stale: this server holds the source now.
    await store.releaseClaims(this.def.source);
    let listing = true;
    const looking = this.def.kind === 'shop' ? this.lookUpDue(() => listing) : Promise.resolve();
    looking.catch(() => undefined);
    let failure: unknown;
    try {
      for (;;) {
        if (this.halted() || this.ended) break;
        const window = await store.nextPendingWindow(this.def.source);
        if (!window) break;
        await this.listWindow(window);
      }
    } catch (error) {
      failure = error;
      this.ended = true;
    } finally {
      listing = false;
    }
    try {
      await looking;
    } catch (error) {
      failure ??= error;
    }
    if (failure) throw failure;
  }

  /** One WeChat call on the app's pacing and its share of the day (lib/batches/pacing.ts). */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    for (;;) {
      const slot = await this.ctx.pacer.acquire(this.def.account, `${this.ctx.server}:${randomUUID()}`, ONE_CALL);
      let refused: ShareSpent | undefined;
      try {
        refused = await startOn(slot);
        if (!refused) return await send();
      } finally {
        await slot.release();
      }
      await this.afterShareRefused(refused);
      if (this.halted()) throw new Halted();
    }
  }

  /**
   * The share refused a start: spent for today (the run stops until WeChat's next day), or only
   * held by other lanes, which give back what they do not use (then a second later, again).
   */
  private async afterShareRefused(refused: ShareSpent): Promise<void> {
    if (await shareSpent(refused.share)) throw shareStop(refused);
    await sleep(SHARE_RETRY_MS);
  }

  private async waitAMinute(): Promise<void> {
    this.minutePause ??= sleep(pauseAfterMinuteLimit(Date.now(), serverEnv().ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS)).finally(() => {
      this.minutePause = undefined;
    });
    log.warn({ source: this.def.source }, 'sync paused for WeChat\'s per-minute limit (45011)');
    await this.minutePause;
  }

  private async listWindow(window: store.WindowRow): Promise<void> {
    let tries = 0;
    let current = window;
    while (!this.halted() && !this.ended) {
      try {
        const page = await this.call(() => this.listPage(current));
        await store.recordPage(this.def.source, current, page, this.run.id);
        if (page.done) return;
        current = { ...current, cursor: page.cursor };
        tries = 0;
      } catch (error) {
        if (error instanceof StopRun) throw error;
        if (error instanceof Halted) return;
        const appError = toAppError(error);
        const stop = stopFor(appError, this.def.account);
        if (stop instanceof StopRun) throw stop;
        if (stop instanceof MinuteLimit) {
          await this.waitAMinute();
          continue;
        }
        tries += 1;
        log.warn({ err: error, source: this.def.source, window: window.key, tries }, 'sync list page failed');
        if (tries >= PAGE_TRIES) {
          await store.failWindow(this.def.source, window.key, this.run.id, appError.errcode ?? null, problemOf(appError));
          return;
        }
        await sleep(PAGE_RETRY_MS * tries);
      }
    }
  }

  private async listPage(window: store.WindowRow): Promise<{ due: string[]; listed: number; cursor: string | null; done: boolean }> {
    if (this.def.kind === 'shop') {
      const { begin, end } = windowSeconds({ beginsAt: window.beginsAt!, endsAt: window.endsAt! });
      const page = await this.ctx.listers.shopPage(this.def.shop!, { beginCreateTime: begin, endCreateTime: end, pageSize: SHOP_PAGE_SIZE, lastIndex: window.cursor ?? undefined });
      return { due: page.tradeNos, listed: page.tradeNos.length, cursor: page.lastIndex, done: !page.hasMore };
    }
    const spuId = window.key.replace(/^spu:/, '');
    const offset = Number(window.cursor ?? 0);
    const page = await this.ctx.listers.serviceProviderPage(spuId, offset, SERVICE_PROVIDER_PAGE_SIZE);
    const refreshDays = serverEnv().ORDER_DESK_SYNC_REFRESH_DAYS;
    const lookedAt = new Date();
    // Together: the page's versions are kept in one transaction (lib/history).
    await Promise.all(page.orders.map(({ order, raw, received }) => rememberListedServiceProviderOrder(order, raw, received, `sync:${this.run.id}`)));
    await store.recordListedLooks(
      this.def.source,
      this.run.id,
      page.orders.map(({ order }) => {
        const createdAt = typeof order.createTime === 'number' ? new Date(order.createTime) : null;
        return { orderId: order.orderId, createdAt, nextAt: nextLookAt({ createdAt, lookedAt, inProgress: order.status === 5 }, refreshDays) };
      }),
    );
    if (page.unreadable > 0) await store.addToRun(this.run.id, { errors: page.unreadable });
    const next = offset + page.count;
    return { due: [], listed: page.orders.length, cursor: String(next), done: page.count === 0 || next >= page.total };
  }

  /**
   * Looks up every order due (listed now, or due again), in `lanes` lanes on the app's pacing;
   * while `listing` says more may come, a lane with nothing to do waits for it.
   */
  private async lookUpDue(listing: () => boolean): Promise<void> {
    for (;;) {
      let stop: StopRun | undefined;
      let refused: ShareSpent | undefined;
      const halted = () => this.halted() || this.ended || stop !== undefined;
      const lane = async () => {
        while (!halted() && !refused) {
          if (this.minutePause) await this.minutePause;
          const slot = await this.ctx.pacer.acquire(this.def.account, `${this.ctx.server}:${randomUUID()}`, ONE_CALL);
          let idle = false;
          try {
            while (!halted() && !this.minutePause) {
              // Claimed first, so a lane with nothing to look up takes none of the day's share.
              const orderId = await store.claimDue(this.def.source, this.run.id, this.ctx.server, lookupLeaseSeconds());
              if (!orderId) {
                idle = true;
                break;
              }
              const spent = await startOn(slot);
              if (spent) {
                await store.releaseLook(this.def.source, orderId);
                refused ??= spent;
                break;
              }
              await this.lookUpOne(orderId);
            }
          } catch (error) {
            if (error instanceof StopRun) stop ??= error;
            else if (error instanceof MinuteLimit) void this.waitAMinute();
            else throw error;
          } finally {
            await slot.release();
          }
          if (idle) {
            // Nothing due: done once listing is over, else the next page's orders are on their way.
            if (!listing()) return;
            await sleep(IDLE_POLL_MS);
          }
        }
      };
      await Promise.all(Array.from({ length: this.ctx.lanes }, lane));
      if (stop) {
        this.ended = true;
        throw stop;
      }
      if (!refused || halted()) return;
      try {
        await this.afterShareRefused(refused);
      } catch (error) {
        this.ended = true;
        throw error;
      }
    }
  }

  private async lookUpOne(orderId: string): Promise<void> {
    let answer;
    try {
      answer = await lookUpFor(this.requester, 'shop', orderId, this.def.shop);
    } catch (error) {
      await store.releaseLook(this.def.source, orderId);
      throw error;
    }
    if (answer.ok) {
      const order = answer.lookup.order as ShopOrder;
      const createdAt = order.createdAt ? new Date(order.createdAt) : null;
      const inProgress = [...order.refunds, ...order.profitSharing].some((r) => r.outcome.key === 'in-progress');
      const nextAt = nextLookAt({ createdAt, lookedAt: new Date(), inProgress }, serverEnv().ORDER_DESK_SYNC_REFRESH_DAYS);
      await store.recordLook(this.def.source, orderId, this.run.id, { createdAt, nextAt, failed: false });
      return;
    }
    const stop = stopFor(answer.error, this.def.account);
    if (stop) {
      await store.releaseLook(this.def.source, orderId);
      throw stop;
    }
    // Not found, or failing after the client's retries: asked again later, a few times.
    const failures = await store.failuresOf(this.def.source, orderId);
    const nextAt = failures < LOOKUP_FAILURES_KEPT - 1 ? new Date(Date.now() + LOOKUP_RETRY_MS) : null;
    await store.recordLook(this.def.source, orderId, this.run.id, { createdAt: null, nextAt, failed: true });
  }
}
