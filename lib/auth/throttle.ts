import 'server-only';
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { database } from '@/lib/db';
import { rateLimit } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env/server';
import { log } from '@/lib/log';

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

let limiters: { failedByAccount: Limiter; failedByIp: Limiter; lookups: Limiter } | undefined;
function limits() {
  limiters ??= {
    failedByAccount: limiter('signin-account', 5, 15 * 60),
    failedByIp: limiter('signin-ip', 20, 15 * 60),
    lookups: limiter('lookup', serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE, 60, { blockInMemory: true }),
  };
  return limiters;
}

function tooMany(retryAfterSec: number, what: { en: string; zh: string }): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSec / 60));
  return new AppError({
    code: 'rate_limited',
    message: what,
    action: { en: `Wait ${minutes} minute(s) and try again.`, zh: `请等待 ${minutes} 分钟后重试。` },
    retriable: true,
  });
}

const msBefore = (r: unknown) => (r instanceof RateLimiterRes ? r.msBeforeNext : 60_000);

/** Throws a 429 AppError when this account or IP has failed too often recently. */
export async function checkSignInAllowed(email: string, ip: string | null): Promise<void> {
  const { failedByAccount, failedByIp } = limits();
  const [account, address] = await Promise.all([failedByAccount((l) => l.get(email.toLowerCase())), ip ? failedByIp((l) => l.get(ip)) : null]);
  const blocked = [account, address].filter((r) => r && r.remainingPoints <= 0 && r.consumedPoints > 0);
  if (blocked.length > 0) {
    const wait = Math.max(...blocked.map((r) => r!.msBeforeNext)) / 1000;
    throw tooMany(wait, {
      en: 'Too many failed sign-ins for this account or address.',
      zh: '该账号或地址登录失败次数过多。',
    });
  }
}

export async function recordFailedSignIn(email: string, ip: string | null): Promise<void> {
  const { failedByAccount, failedByIp } = limits();
  await Promise.all([
    failedByAccount((l) => l.penalty(email.toLowerCase(), 1)),
    ip ? failedByIp((l) => l.penalty(ip, 1)) : Promise.resolve(),
  ]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await limits().failedByAccount((l) => l.delete(email.toLowerCase()));
}

/** Consumes one lookup for this user, or throws a 429 AppError. */
export async function consumeLookup(userId: string): Promise<void> {
  try {
    await limits().lookups((l) => l.consume(userId));
  } catch (rejection) {
    throw tooMany(msBefore(rejection) / 1000, {
      en: `You have made ${serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE} lookups in the last minute, the most allowed.`,
      zh: `您在一分钟内已查询 ${serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE} 次，已达上限。`,
    });
  }
}
