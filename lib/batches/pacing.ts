import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { database, queryRows } from '@/lib/db';
import { WECHAT_BACKOFF_MS } from '@/lib/wechat/http';
import { leaseSecondsFor } from './lease';
import { rateLimit } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import { dailyShare, giveBackCalls, takeCalls, type DailyShare } from '@/lib/quota/wechat-daily-share';

/**
 * Pacing of batch lookups toward one WeChat app, shared by every server on the database:
 * at most `concurrency` in flight (slots: leases in `batch_slot` that lapse after `leaseSeconds`
 * should their server die) and at most `perSecond` started each second (rate-limiter-flexible,
 * in the same table as the lookup limit), and never more than their share of the app's daily calls
 * (lib/quota/wechat-daily-share.ts). People's own lookups take none of these, so a running batch
 * never starves them.
 *
 * A lane holds its slot while it looks up one item after another, renewing the lease as it goes,
 * and takes its starts a few at a time within the current second (dropping what it has not used
 * when the second ends): an item then costs no slot statements and a fraction of a rate
 * statement, and the limits hold exactly as before.
 */
export interface PacingSettings {
  concurrency: number;
  perSecond: number;
  leaseSeconds: number;
}

export interface Slot {
  /**
   * Waits for a start within this second's rate; renews the slot's lease when due. Takes a call
   * of the app's daily share for background work, or throws ShareSpent.
   */
  start(): Promise<void>;
  /** The start just taken was not used (nothing to claim): its call goes back to the share. */
  notUsed(): void;
  /** Gives the slot back, and the calls of the share it holds. */
  release(): Promise<void>;
}

/** The batches' share of the app's daily WeChat calls is spent (lib/quota/wechat-daily-share.ts). */
export class ShareSpent extends Error {
  constructor(readonly share: DailyShare) {
    super(`background share of WeChat's daily calls spent for ${share.account}`);
  }
}

export interface Pacer {
  /**
   * Waits for a free slot of the app's `concurrency`. `shareBlock`: the calls of the day's share a
   * start takes at once (the rest is given back on release): SHARE_BLOCK for a lane that keeps its
   * slot for many lookups; 1 for a slot taken for one call, so that what the share counts as taken
   * is what was made or is in flight, never blocks other lanes hold unused (sync).
   */
  acquire(account: string, holder: string, options?: { shareBlock?: number }): Promise<Slot>;
}

/** How long a claim on an item or a slot lasts before another server may take it (lease.ts says why). Batches and sync both. */
export function lookupLeaseSeconds(): number {
  const env = serverEnv();
  return leaseSecondsFor({ timeoutMs: env.WECHAT_TIMEOUT_MS, retries: env.WECHAT_RETRIES, backoffMs: WECHAT_BACKOFF_MS });
}

/** A start the share refused while other lanes held its last calls: asked again this much later (they give back what they do not use). */
export const SHARE_RETRY_MS = 1_000;

const POLL_MS = 20;
/**
 * Calls of the app's daily share a lane takes at once (one statement for this many lookups);
 * what it has not used goes back when it lets its slot go. Exact: the share is never passed.
 */
const SHARE_BLOCK = 20;
/** A lane renews its lease when this much of it has passed, well before any one lookup could outlast the rest. */
const RENEW_AFTER_MS = 10_000;

/**
 * Frees every slot. Only for PGlite at start: one process serves its database, so any slot held
 * is this process's from before a crash, and waiting for its lease to lapse would only stall.
 */
export async function freeAllSlots(): Promise<void> {
  await database().execute(sql`update batch_slot set holder = null, until = null where holder is not null`);
}

export function createPacer(settings: PacingSettings): Pacer {
  const rate = new RateLimiterDrizzle({ storeClient: database(), schema: rateLimit, keyPrefix: 'batch-rate', points: settings.perSecond, duration: 1 });
  // Starts taken per rate statement: a share of the second's budget, so the lanes of every server
  // together leave none of it idle.
  const block = Math.max(1, Math.floor(settings.perSecond / (settings.concurrency * 4)));
  const prepared = new Set<string>();

  async function slotsOf(account: string): Promise<void> {
    if (prepared.has(account)) return;
    await database().execute(sql`
      insert into batch_slot (account, slot) select ${account}, s from generate_series(0, ${settings.concurrency - 1}) s
      on conflict do nothing`);
    prepared.add(account);
  }

  async function takeSlot(account: string, holder: string): Promise<number | null> {
    const [row] = await queryRows<{ slot: number }>(sql`
      update batch_slot set holder = ${holder}, until = now() + make_interval(secs => ${settings.leaseSeconds})
      where account = ${account} and slot = (
        select slot from batch_slot
        where account = ${account} and slot < ${settings.concurrency} and (holder is null or until < now())
        order by slot limit 1 for update skip locked)
      returning slot`);
    return row ? Number(row.slot) : null;
  }

  /**
   * `block` starts in the current second, and when that second ends. A refused take still counts
   * toward the second (rate-limiter-flexible adds before it compares), so at most `block - 1`
   * starts of a second go unused: the limit is never passed.
   */
  async function takeStarts(account: string): Promise<{ starts: number; until: number }> {
    for (;;) {
      try {
        const taken = await rate.consume(account, block);
        return { starts: block, until: Date.now() + taken.msBeforeNext };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        await sleep(Math.max(5, error.msBeforeNext));
      }
    }
  }

  return {
    async acquire(account, holder, options = {}) {
      const shareBlock = options.shareBlock ?? SHARE_BLOCK;
      await slotsOf(account);
      let slot = await takeSlot(account, holder);
      while (slot === null) {
        await sleep(POLL_MS);
        slot = await takeSlot(account, holder);
      }
      const taken = slot;
      let renewedAt = Date.now();
      let starts = 0;
      let startsUntil = 0;
      let calls = 0;
      let share = dailyShare(account);
      return {
        async start() {
          const today = dailyShare(account);
          if (today.day !== share.day) {
            await giveBackCalls(share, calls);
            calls = 0;
          }
          share = today;
          if (calls === 0) calls = await takeCalls(share, shareBlock);
          if (calls === 0) throw new ShareSpent(share);
          calls -= 1;
          if (Date.now() - renewedAt >= RENEW_AFTER_MS) {
            await database().execute(sql`
              update batch_slot set until = now() + make_interval(secs => ${settings.leaseSeconds})
              where account = ${account} and slot = ${taken} and holder = ${holder}`);
            renewedAt = Date.now();
          }
          if (starts === 0 || Date.now() >= startsUntil) ({ starts, until: startsUntil } = await takeStarts(account));
          starts -= 1;
        },
        notUsed() {
          calls += 1;
        },
        async release() {
          await giveBackCalls(share, calls);
          calls = 0;
          await database().execute(sql`update batch_slot set holder = null, until = null where account = ${account} and slot = ${taken} and holder = ${holder}`);
        },
      };
    },
  };
}
