import 'server-only';
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { database } from '@/lib/db';
import { coalesce } from '@/lib/db/coalesce';
import { rateLimit } from '@/lib/db/schema';
import { AppError, type AppErrorInit } from '@/lib/errors';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';
import { metrics } from '@/lib/ops/metrics';
import { oneAtATime } from '@/lib/one-at-a-time';
import { storedText } from '@/lib/text/safe-text';

/**
 * Limits built on rate-limiter-flexible: failed sign-ins per account and per IP, and order
 * lookups per user per minute. The counters live in the database (RateLimiterDrizzle), so
 * every server sharing one PostgreSQL enforces one limit and a restart forgets nothing. Should
 * the database fail, the server says so in its log and counts in its own memory meanwhile.
 */
type Limiter = <T>(run: (limiter: RateLimiterAbstract) => Promise<T>) => Promise<T>;

function limiter(keyPrefix: string, points: number, duration: number, options: { blockInMemory?: boolean } = {}): Limiter {
  const shared = new RateLimiterDrizzle({
    storeClient: database(),
    schema: rateLimit,
    keyPrefix,
    points,
    duration,
    // Once a key is over its limit, this server refuses it without asking the database again
    // until the window ends, so a flood of requests is not a flood of writes.
    ...(options.blockInMemory ? { inMemoryBlockOnConsumed: points + 1 } : {}),
  });
  const local = new RateLimiterMemory({ keyPrefix, points, duration });
  return async (run) => {
    try {
      return await run(shared);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw error; // over the limit: the answer, not a failure
      log.warn({ err: error, limiter: keyPrefix }, 'rate limit counters unavailable in the database; counting in this server only');
      return run(local);
    }
  };
}

let limiters: { failedByAccount: Limiter; failedByIp: Limiter; ssoStarts: Limiter; lookups: Limiter } | undefined;
function limits() {
  limiters ??= {
    failedByAccount: limiter('signin-account', FAILED_SIGN_INS_PER_ACCOUNT, 15 * 60),
    failedByIp: limiter('signin-ip', FAILED_SIGN_INS_PER_ADDRESS, 15 * 60),
    ssoStarts: limiter('sso-start-ip', SSO_STARTS_PER_ADDRESS, 15 * 60, { blockInMemory: true }),
    // Refused users are remembered by countLookup, which also counts a burst as one statement.
    lookups: limiter('lookup', serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE, 60),
  };
  return limiters;
}

function tooManyInit(retryAfterSec: number, what: { en: string; zh: string }): AppErrorInit {
  const minutes = Math.max(1, Math.ceil(retryAfterSec / 60));
  return {
    code: 'rate_limited',
    message: what,
    action: { en: `Wait ${minutes} minute(s) and try again.`, zh: `请等待 ${minutes} 分钟后重试。` },
    retriable: true,
  };
}

const msBefore = (r: unknown) => (r instanceof RateLimiterRes ? r.msBeforeNext : 60_000);

export const FAILED_SIGN_INS_PER_ACCOUNT = 5;
export const FAILED_SIGN_INS_PER_ADDRESS = 20;
export const SSO_STARTS_PER_ADDRESS = 30;

/** A refused sign-in; `first` is true for the first refusal of its window (the one worth auditing). */
export class SignInThrottled extends AppError {
  constructor(
    retryAfterSec: number,
    readonly first: boolean,
  ) {
    super(tooManyInit(retryAfterSec, { en: 'Too many failed sign-ins for this account or address.', zh: '该账号或地址登录失败次数过多。' }));
  }
}

function refusal(rejection: unknown, points: number, limit: 'signin-account' | 'signin-ip'): unknown {
  if (!(rejection instanceof RateLimiterRes)) return rejection;
  metrics().rateLimited.inc({ limit });
  return new SignInThrottled(rejection.msBeforeNext / 1000, rejection.consumedPoints === points + 1);
}

/** The account's key: bounded, so a 20,000-character email is not a 20,000-character row. */
const accountKey = (email: string) => storedText(email.trim().toLowerCase(), 254);

/** Each address's attempts, one after another in this server (see beginSignIn). */
const attemptsByAddress = new Map<string, Promise<unknown>>();

/**
 * Takes one attempt from the address's and the account's allowance before the password is
 * checked, so fifty attempts sent at once cannot all be checked: the counters are updated
 * atomically in the database, and whatever is over the limit is refused with a
 * SignInThrottled (429). The address is counted first, so an address already refused cannot
 * add rows for new accounts; an attempt the account refuses gives the address its point back.
 * A successful sign-in hands both back (signInSucceeded).
 *
 * One address's attempts are counted one at a time in each server: were they counted side by
 * side, attempts the account is about to refuse would still hold the address's points, and a
 * flood against one account would use up the address's allowance (and make several "first"
 * refusals) depending only on timing. Servers sharing a database can still overlap; by at most
 * one attempt in flight per server.
 */
export async function beginSignIn(email: string, ip: string | null): Promise<void> {
  return ip ? oneAtATime(attemptsByAddress, ip, () => countSignIn(email, ip)) : countSignIn(email, null);
}

async function countSignIn(email: string, ip: string | null): Promise<void> {
  const { failedByAccount, failedByIp } = limits();
  if (ip) {
    try {
      await failedByIp((l) => l.consume(ip));
    } catch (rejection) {
      throw refusal(rejection, FAILED_SIGN_INS_PER_ADDRESS, 'signin-ip');
    }
  }
  try {
    await failedByAccount((l) => l.consume(accountKey(email)));
  } catch (rejection) {
    if (ip) await failedByIp((l) => l.reward(ip, 1));
    throw refusal(rejection, FAILED_SIGN_INS_PER_ACCOUNT, 'signin-account');
  }
}

/** The account starts afresh and the address gets its point back. */
export async function signInSucceeded(email: string, ip: string | null): Promise<void> {
  const { failedByAccount, failedByIp } = limits();
  await Promise.all([failedByAccount((l) => l.delete(accountKey(email))), ip ? failedByIp((l) => l.reward(ip, 1)) : undefined]);
}

/** Counts a single sign-on start against this address (each stores a row before anyone signs in), or throws a 429. */
export async function consumeSsoStart(ip: string | null): Promise<void> {
  if (!ip) return;
  try {
    await limits().ssoStarts((l) => l.consume(ip));
  } catch (rejection) {
    metrics().rateLimited.inc({ limit: 'sso-start-ip' });
    throw new AppError(tooManyInit(msBefore(rejection) / 1000, { en: 'Too many single sign-on attempts from this address.', zh: '该地址的单点登录尝试次数过多。' }));
  }
}

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
    const counted = await limits().lookups((l) => l.consume(userId, needed + spare));
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
