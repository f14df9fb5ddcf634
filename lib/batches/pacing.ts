import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { database, queryRows } from '@/lib/db';
import { rateLimit } from '@/lib/db/schema';

/**
 * Pacing of batch lookups toward one WeChat app, shared by every server on the database:
 * at most `concurrency` in flight (slots: leases in `batch_slot` that lapse after `leaseSeconds`
 * should their server die) and at most `perSecond` started each second (rate-limiter-flexible,
 * in the same table as the lookup limit). People's own lookups take neither, so a running batch
 * never starves them.
 */
export interface PacingSettings {
  concurrency: number;
  perSecond: number;
  leaseSeconds: number;
}

export interface Pacer {
  /** Waits for a slot and a start in this second; answers the function that gives the slot back. */
  acquire(account: string, holder: string): Promise<() => Promise<void>>;
}

/**
 * Frees every slot. Only for PGlite at start: one process serves its database, so any slot held
 * is this process's from before a crash, and waiting for its lease to lapse would only stall.
 */
export async function freeAllSlots(): Promise<void> {
  await database().execute(sql`update batch_slot set holder = null, until = null where holder is not null`);
}

const POLL_MS = 20;

export function createPacer(settings: PacingSettings): Pacer {
  const rate = new RateLimiterDrizzle({ storeClient: database(), schema: rateLimit, keyPrefix: 'batch-rate', points: settings.perSecond, duration: 1 });
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

  async function startInThisSecond(account: string): Promise<void> {
    for (;;) {
      try {
        await rate.consume(account);
        return;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        await sleep(Math.max(5, error.msBeforeNext));
      }
    }
  }

  return {
    async acquire(account, holder) {
      await slotsOf(account);
      let slot = await takeSlot(account, holder);
      while (slot === null) {
        await sleep(POLL_MS);
        slot = await takeSlot(account, holder);
      }
      const taken = slot;
      const release = async () => {
        await database().execute(sql`update batch_slot set holder = null, until = null where account = ${account} and slot = ${taken} and holder = ${holder}`);
      };
      try {
        await startInThisSecond(account);
      } catch (error) {
        await release();
        throw error;
      }
      return release;
    },
  };
}
