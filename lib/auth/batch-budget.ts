import 'server-only';
import { TZDate } from '@date-fns/tz';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/lib/db';
import { serverEnv } from '@/lib/env/server';
import { AppError } from '@/lib/errors';
import { metrics } from '@/lib/ops/metrics';

/**
 * Each user's budget of ids a day for batches, their retries and rechecks
 * (ORDER_DESK_BATCH_IDS_PER_DAY), counted in the database so every server shares it; the day is
 * ORDER_DESK_TIMEZONE's. An id is counted when it is handed in, whether or not WeChat is asked
 * (a batch cancelled early has still spent it); ids asked again after a busy answer or a crash
 * are not counted again.
 */

function today(zone: string, now = new Date()): { day: string; resetsAt: Date } {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { day, resetsAt: new Date(new TZDate(y, m - 1, d + 1, zone).getTime()) };
}

/** Takes `ids` from the user's budget for today, all or none; a 429 (with `Retry-After`) when they do not fit. */
export async function spendBatchIds(userId: string, ids: number): Promise<void> {
  if (ids <= 0) return;
  const { ORDER_DESK_BATCH_IDS_PER_DAY: limit, ORDER_DESK_TIMEZONE: zone } = serverEnv();
  const { day, resetsAt } = today(zone);
  const rows =
    ids > limit
      ? []
      : await queryRows<{ ids: number }>(sql`
          insert into batch_budget (user_id, day, ids) values (${userId}, ${day}, ${ids})
          on conflict (user_id, day) do update set ids = batch_budget.ids + excluded.ids
          where batch_budget.ids + excluded.ids <= ${limit}
          returning ids`);
  if (rows.length > 0) return;
  const [spent] = await queryRows<{ ids: number }>(sql`select ids from batch_budget where user_id = ${userId} and day = ${day}`);
  metrics().rateLimited.inc({ limit: 'batch-ids' });
  throw budgetSpent(Number(spent?.ids ?? 0), ids, limit, resetsAt, zone);
}

/** Gives ids back (a batch that could not be stored after all). */
export async function refundBatchIds(userId: string, ids: number): Promise<void> {
  if (ids <= 0) return;
  const { day } = today(serverEnv().ORDER_DESK_TIMEZONE);
  await queryRows(sql`update batch_budget set ids = greatest(0, ids - ${ids}) where user_id = ${userId} and day = ${day} returning ids`);
}

function budgetSpent(spent: number, asked: number, limit: number, resetsAt: Date, zone: string): AppError {
  const seconds = Math.max(1, Math.ceil((resetsAt.getTime() - Date.now()) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.ceil((seconds % 3600) / 60);
  const at = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(resetsAt);
  const n = (v: number) => v.toLocaleString('en-US');
  return new AppError({
    code: 'rate_limited',
    message: {
      en: `Today you have handed ${n(spent)} of ${n(limit)} ids to batches, retries and rechecks, the most one person may a day; these ${n(asked)} do not fit.`,
      zh: `您今天已向批量查询、重试和重新检查提交 ${n(spent)} 个单号，每人每日上限 ${n(limit)} 个；这 ${n(asked)} 个超出上限。`,
    },
    action: {
      en: `Your allowance resets at ${at} (${zone}), in ${hours} h ${minutes} min. Send fewer ids, or ask an admin to raise ORDER_DESK_BATCH_IDS_PER_DAY.`,
      zh: `额度将于 ${at}（${zone}）重置，约 ${hours} 小时 ${minutes} 分钟后。请减少单号，或请管理员调高 ORDER_DESK_BATCH_IDS_PER_DAY。`,
    },
    retriable: true,
    retryAfterSec: seconds,
  });
}
