import 'server-only';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { limiter, msBefore, tooManyInit, type Limiter } from '@/lib/auth/throttle';
import { coalesce } from '@/lib/db/coalesce';
import { serverEnv } from '@/lib/env/server';
import { AppError } from '@/lib/errors';
import { metrics } from '@/lib/ops/metrics';

/**
 * Each person's lookups per minute (ORDER_DESK_LOOKUPS_PER_MINUTE), a session and the user's API
 * keys counted together, on the database's counters shared by every server (lib/auth/throttle.ts's
 * `limiter`). WeChat's daily quota, shared with batches and kept in part for people, is
 * lib/quota/wechat-daily-share.ts.
 */

let lookups: Limiter | undefined;
// Refused users are remembered by countLookup, which also counts a burst as one statement.
const lookupLimiter = () => (lookups ??= limiter('lookup', serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE, 60));

/** Consumes one lookup for this user, or throws a 429 AppError. */
export async function consumeLookup(userId: string): Promise<void> {
  try {
    await countLookup(userId);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) metrics().rateLimited.inc({ limit: 'lookup' });
    throw new AppError(tooManyInit(msBefore(rejection) / 1000, {
      en: `You have made ${serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE} lookups in the last minute, the most allowed.`,
      zh: `您在一分钟内已查询 ${serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE} 次，已达上限。`,
    }));
  }
}

/**
 * A user's lookups are counted together: those that arrive while one of theirs is being counted
 * go to the database with the next, as that many points in one statement (lib/db/coalesce.ts).
 * The total it answers says which fit: the first `limit - (total - n)` pass, the rest are
 * refused. Once the user is refused, this server refuses them without asking until their minute
 * ends.
 *
 * Each statement also takes a few points ahead (`spareLookups`, 1/20 of the limit, at most 50),
 * which this server then hands out with no statement at all until the user's minute ends: a
 * person's lookups cost one statement per `spare + 1`, not one each. The points are taken from
 * the shared count before they are used, so no server ever lets a user past the limit; the cost
 * is the other way: points one server holds and its user does not use there are lost to the
 * others, so with S servers a user may be refused after `limit - (S - 1) × spare` lookups in the
 * worst case (limit 120, three servers: after 108). Below a limit of 20 nothing is taken ahead,
 * and the count is exact.
 */
export const spareLookups = (limit: number) => Math.min(50, Math.floor(limit / 20));

interface LookupCounts {
  counting: Map<string, { count: (lookup: null) => Promise<RateLimiterRes | null>; waiting: number }>;
  refusedUntil: Map<string, number>;
  /** Points this server took ahead for a user, and when their minute (and so the points) ends. */
  held: Map<string, { points: number; until: number }>;
}
// One per process: Next's bundles each hold a copy of this module (the lookup routes, the order
// page, the search), and one server must hold one set of points per user, not one per bundle.
const globalForLimits = globalThis as unknown as { orderDeskLookupCounts?: LookupCounts };
const { counting, refusedUntil, held } = (globalForLimits.orderDeskLookupCounts ??= { counting: new Map(), refusedUntil: new Map(), held: new Map() });

/** Up to `wanted` of the points held here for the user, while their minute lasts. */
function takeHeld(userId: string, wanted: number): number {
  const points = held.get(userId);
  if (!points) return 0;
  if (points.until <= Date.now()) {
    held.delete(userId);
    return 0;
  }
  const taken = Math.min(points.points, wanted);
  points.points -= taken;
  if (points.points === 0) held.delete(userId);
  return taken;
}

async function countLookup(userId: string): Promise<void> {
  const until = refusedUntil.get(userId) ?? 0;
  if (until > Date.now()) throw new RateLimiterRes(0, until - Date.now());
  refusedUntil.delete(userId);
  if (takeHeld(userId, 1) === 1) return;
  let user = counting.get(userId);
  if (!user) {
    user = { count: coalesce((lookups: null[]) => countLookups(userId, lookups.length)), waiting: 0 };
    counting.set(userId, user);
  }
  user.waiting += 1;
  try {
    const refusal = await user.count(null);
    if (refusal) throw refusal;
  } finally {
    user.waiting -= 1;
    if (user.waiting === 0) counting.delete(userId);
  }
}

/** Counts `n` lookups at once; answers null for each that fits, the refusal for each that does not. */
async function countLookups(userId: string, n: number): Promise<(RateLimiterRes | null)[]> {
  // Points held since these lookups began waiting (a statement that finished meanwhile) go first.
  const fromHeld = takeHeld(userId, n);
  const needed = n - fromHeld;
  if (needed === 0) return Array.from({ length: n }, () => null);
  const limit = serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE;
  const spare = spareLookups(limit);
  // Added to what is held for the same minute (a statement retried alone, or one that finished
  // beside another), so no point taken from the shared count is dropped.
  const hold = (points: number, msLeft: number) => {
    if (points <= 0) return;
    const until = Date.now() + msLeft;
    const current = held.get(userId);
    held.set(userId, current && current.until > Date.now() ? { points: current.points + points, until: Math.min(current.until, until) } : { points, until });
  };
  try {
    const counted = await lookupLimiter()((l) => l.consume(userId, needed + spare));
    hold(spare, counted.msBeforeNext);
    return Array.from({ length: n }, () => null);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    // What was left before this statement: first for these lookups, then held for the next.
    const left = Math.max(0, limit - (rejection.consumedPoints - needed - spare));
    const pass = fromHeld + Math.min(left, needed);
    if (left > needed) hold(left - needed, rejection.msBeforeNext);
    else refusedUntil.set(userId, Date.now() + rejection.msBeforeNext);
    return Array.from({ length: n }, (_, i) => (i < pass ? null : rejection));
  }
}
