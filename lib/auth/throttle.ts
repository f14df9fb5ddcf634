import 'server-only';
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { database } from '@/lib/db';
import { rateLimit } from '@/lib/db/schema';
import { AppError, type AppErrorInit } from '@/lib/errors';
import { log } from '@/lib/log';
import { metrics } from '@/lib/ops/metrics';
import { oneAtATime } from '@/lib/one-at-a-time';
import { storedText } from '@/lib/text/safe-text';

/**
 * Limits built on rate-limiter-flexible: failed sign-ins per account and per IP, and single
 * sign-on starts per IP (order lookups per user per minute: lib/lookups/quota.ts, on the same
 * `limiter`). The counters live in the database (RateLimiterDrizzle), so every server sharing one
 * PostgreSQL enforces one limit and a restart forgets nothing. Should the database fail, the
 * server says so in its log and counts in its own memory meanwhile.
 */
export type Limiter = <T>(run: (limiter: RateLimiterAbstract) => Promise<T>) => Promise<T>;

export function limiter(keyPrefix: string, points: number, duration: number, options: { blockInMemory?: boolean } = {}): Limiter {
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

let limiters: { failedByAccount: Limiter; failedByIp: Limiter; ssoStarts: Limiter } | undefined;
function limits() {
  limiters ??= {
    failedByAccount: limiter('signin-account', FAILED_SIGN_INS_PER_ACCOUNT, 15 * 60),
    failedByIp: limiter('signin-ip', FAILED_SIGN_INS_PER_ADDRESS, 15 * 60),
    ssoStarts: limiter('sso-start-ip', SSO_STARTS_PER_ADDRESS, 15 * 60, { blockInMemory: true }),
  };
  return limiters;
}

export function tooManyInit(retryAfterSec: number, what: { en: string; zh: string }): AppErrorInit {
  const minutes = Math.max(1, Math.ceil(retryAfterSec / 60));
  return {
    code: 'rate_limited',
    message: what,
    action: { en: `Wait ${minutes} minute(s) and try again.`, zh: `请等待 ${minutes} 分钟后重试。` },
    retriable: true,
  };
}

export const msBefore = (r: unknown) => (r instanceof RateLimiterRes ? r.msBeforeNext : 60_000);

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
