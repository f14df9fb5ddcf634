import 'server-only';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@/lib/errors';
import { serverEnv } from '@/lib/env/server';

/**
 * Limits built on rate-limiter-flexible, kept in this server's memory: failed sign-ins per
 * account and per IP, and order lookups per user per minute.
 */
const failedByAccount = new RateLimiterMemory({ keyPrefix: 'signin-account', points: 5, duration: 15 * 60 });
const failedByIp = new RateLimiterMemory({ keyPrefix: 'signin-ip', points: 20, duration: 15 * 60 });
let lookups: RateLimiterMemory | undefined;

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
  const [account, address] = await Promise.all([failedByAccount.get(email.toLowerCase()), ip ? failedByIp.get(ip) : null]);
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
  await Promise.all([
    failedByAccount.penalty(email.toLowerCase(), 1),
    ip ? failedByIp.penalty(ip, 1) : Promise.resolve(),
  ]);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await failedByAccount.delete(email.toLowerCase());
}

/** Consumes one lookup for this user, or throws a 429 AppError. */
export async function consumeLookup(userId: string): Promise<void> {
  lookups ??= new RateLimiterMemory({ keyPrefix: 'lookup', points: serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE, duration: 60 });
  try {
    await lookups.consume(userId);
  } catch (rejection) {
    throw tooMany(msBefore(rejection) / 1000, {
      en: `You have made ${serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE} lookups in the last minute, the most allowed.`,
      zh: `您在一分钟内已查询 ${serverEnv().ORDER_DESK_LOOKUPS_PER_MINUTE} 次，已达上限。`,
    });
  }
}
