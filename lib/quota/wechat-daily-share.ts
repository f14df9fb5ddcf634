import 'server-only';
import { sql } from 'drizzle-orm';
import { database, queryRows } from '@/lib/db';
import { backgroundDailyCalls, serverEnv } from '@/lib/env/server';
import type { Bilingual } from '@/lib/errors';

/**
 * The share of each WeChat app's daily calls that background work may take: batches now, a sync
 * later. ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT of ORDER_DESK_WECHAT_DAILY_CALLS is kept for
 * people's own lookups, which are never counted here and never refused by it; background work
 * stops at the rest, counted per app and WeChat day in `wechat_daily_calls`, shared by every
 * server on the database. Callers take calls a few at a time (`takeCalls`) and give back what
 * they did not use (`giveBackCalls`); a sync would take its calls the same way, so the two share
 * one allowance and never touch people's.
 *
 * WeChat's day: its daily quotas (45009) reset at midnight China time (UTC+8, no daylight saving
 * time). The documents only say "daily"; midnight Beijing time is our reading.
 */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface DailyShare {
  /** The WeChat app: `service-provider` or `shop:<id>`. */
  account: string;
  /** WeChat's day, YYYY-MM-DD in China time. */
  day: string;
  /** Calls background work may make today. */
  cap: number;
  /** When WeChat's next day starts. */
  resetsAt: Date;
}

export function dailyShare(account: string, now = Date.now()): DailyShare {
  const day = new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  const resetsAt = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 - CHINA_OFFSET_MS);
  return { account, day, cap: backgroundDailyCalls(serverEnv()), resetsAt };
}

const prepared = new Set<string>();

/** The day's counter exists (takes lock it): one statement per app, day and process. */
async function prepareShare(share: DailyShare): Promise<void> {
  const key = `${share.account}|${share.day}`;
  if (prepared.has(key)) return;
  await database().execute(sql`insert into wechat_daily_calls (account, day, calls) values (${share.account}, ${share.day}, 0) on conflict do nothing`);
  prepared.add(key);
}

/** Up to `wanted` calls of the share for today, all servers together never passing it: how many it got (0 once spent). */
export async function takeCalls(share: DailyShare, wanted: number): Promise<number> {
  await prepareShare(share);
  const [row] = await queryRows<{ granted: number }>(sql`
    with current as (select calls from wechat_daily_calls where account = ${share.account} and day = ${share.day} for update)
    update wechat_daily_calls w set calls = w.calls + least(${wanted}, greatest(${share.cap} - current.calls, 0))
    from current where w.account = ${share.account} and w.day = ${share.day}
    returning least(${wanted}, greatest(${share.cap} - current.calls, 0)) as granted`);
  return Number(row?.granted ?? 0);
}

/** Calls taken and not made (a lane that stopped with some in hand) go back to the share of their day. */
export async function giveBackCalls(share: DailyShare, calls: number): Promise<void> {
  if (calls <= 0) return;
  await database().execute(sql`update wechat_daily_calls set calls = greatest(0, calls - ${calls}) where account = ${share.account} and day = ${share.day}`);
}

export async function shareSpent(share: DailyShare): Promise<boolean> {
  const [row] = await queryRows<{ calls: number }>(sql`select calls from wechat_daily_calls where account = ${share.account} and day = ${share.day}`);
  return Number(row?.calls ?? 0) >= share.cap;
}

/**
 * Why background work stopped, in both languages, with the figures. Batches and sync spend one
 * share, so it names both: the one that stopped may not be the one that spent it.
 */
export function shareSpentReason(share: DailyShare, stopped: 'batch' | 'sync'): Bilingual {
  const env = serverEnv();
  const percent = env.ORDER_DESK_RESERVED_FOR_PEOPLE_PERCENT;
  const app = share.account === 'service-provider' ? { en: 'the service-provider app', zh: '服务商账号' } : { en: `shop ${share.account.replace(/^shop:/, '')}`, zh: `店铺 ${share.account.replace(/^shop:/, '')}` };
  const resumes = stopped === 'batch' ? { en: 'The batch carries on', zh: '批量查询将自动继续' } : { en: 'Sync carries on', zh: '同步将自动继续' };
  return {
    en: `Background work (batches and sync) has used its share of WeChat’s daily calls for ${app.en}: ${share.cap} of ${env.ORDER_DESK_WECHAT_DAILY_CALLS} a day; the other ${percent} % is kept for people’s own lookups. ${resumes.en} by itself when WeChat’s day starts again (00:00 China time).`,
    zh: `后台任务（批量查询与同步）已用完${app.zh}每日微信调用额度中可用的部分：每日 ${env.ORDER_DESK_WECHAT_DAILY_CALLS} 次中的 ${share.cap} 次；其余 ${percent}% 留给人工查询。微信新的一天开始时（北京时间 00:00）${resumes.zh}。`,
  };
}
