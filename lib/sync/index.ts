import 'server-only';
import type { SessionUser } from '@/lib/auth/principal';
import { actorOf } from '@/lib/auth/principal';
import { can } from '@/lib/api/roles';
import type { SyncAnswer, SyncProblem, SyncSourceView, SyncState } from '@/lib/api/sync-contract';
import { recordAudit } from '@/lib/audit/record';
import { AppError } from '@/lib/errors';
import type { RequestInfo } from '@/lib/request-info';
import { queueRunNow } from './engine';
import { chinaDayStart, firstSyncFrom, windowsBetween } from './plan';
import { findSource, syncOn, syncSources } from './sources';
import * as store from './store';

/**
 * Sync: every order of each shop and of the service provider, listed through WeChat's list APIs
 * (lib/sync/run.ts) on pg-boss (lib/sync/engine.ts). The public face: start and stop with the
 * server, what GET /api/sync shows, and a person's "Sync now" or backfill.
 */
export { startSyncEngine, stopSyncEngine } from './engine';

const FAILURES_SHOWN = 20;

export async function syncOverview(): Promise<SyncAnswer> {
  const defs = syncSources();
  await store.ensureSources(defs.map((d) => d.source));
  const rows = new Map((await store.sourceRows()).map((r) => [r.source, r]));
  const runs = await store.lastRuns(defs.map((d) => d.source));
  const now = Date.now();
  const sources = await Promise.all(
    defs.map(async (def): Promise<SyncSourceView> => {
      const row = rows.get(def.source);
      const run = runs.get(def.source);
      const held = row?.holder && row.leaseUntil && row.leaseUntil.getTime() > now;
      const paused = row?.pausedUntil && row.pausedUntil.getTime() > now;
      // A lease held is a run going on; a pause counts until it ends; a run that ended failing shows until the next ends well.
      const state: SyncState = held ? 'running' : paused ? 'paused' : row?.state === 'failed' ? 'failed' : 'idle';
      const failures = await store.failedWindows(def.source, FAILURES_SHOWN);
      return {
        source: def.source,
        name: def.name,
        enabled: def.enabled,
        state,
        syncedThrough: row?.syncedThrough?.toISOString() ?? null,
        lastRun: run
          ? {
              startedAt: run.startedAt.toISOString(),
              finishedAt: run.finishedAt?.toISOString() ?? null,
              windowsDone: run.windowsDone,
              windowsTotal: run.windowsTotal,
              ordersListed: run.ordersListed,
              ordersLookedUp: run.ordersLookedUp,
              failedWindows: run.failedWindows,
              ...(run.problem ? { problem: run.problem as SyncProblem } : {}),
              startedBy: run.startedBy,
            }
          : null,
        nextRunAt: !def.enabled ? null : paused ? row!.pausedUntil!.toISOString() : (row?.nextRunAt?.toISOString() ?? null),
        failures: failures.map((w) => ({
          window: w.beginsAt && w.endsAt ? { from: w.beginsAt.toISOString(), to: w.endsAt.toISOString() } : { spuId: w.key.replace(/^spu:/, '') },
          errcode: w.errcode,
          problem: (w.problem as SyncProblem | null) ?? null,
        })),
      };
    }),
  );
  return { sources };
}

export interface RunRequest {
  source?: string | undefined;
  /** YYYY-MM-DD: list again every window from that day on (admin only). */
  from?: string | undefined;
}

/**
 * "Sync now" (finance, admin) or "Backfill from …" (admin): each source asked (or every enabled
 * one) is queued at once; audited. A run already going carries on and takes the new windows.
 */
export async function requestRun(user: SessionUser, request: RequestInfo, input: RunRequest): Promise<{ sources: string[] }> {
  if (input.from !== undefined && !can(user.role, 'sync.backfill')) {
    throw new AppError({
      code: 'forbidden',
      message: { en: `Your role (${user.role ?? 'none'}) may sync now, not backfill from a date.`, zh: `您的角色（${user.role ?? '无'}）可以立即同步，但不能从指定日期回补。` },
      action: { en: 'Leave out "from", or ask an administrator.', zh: '请去掉 “from”，或联系管理员。' },
    });
  }
  if (!syncOn()) throw syncOff();
  const defs = input.source === undefined ? syncSources().filter((s) => s.enabled) : [findSource(input.source) ?? unknownSource(input.source)];
  for (const def of defs) if (!def.enabled) throw notEnabled(def.source);
  await recordAudit({ action: 'sync.request', actor: actorOf(user), request, status: 202, detail: { sources: defs.map((d) => d.source), ...(input.from ? { from: input.from } : {}) } });
  for (const def of defs) {
    await store.ensureSources([def.source]);
    if (input.from && def.kind === 'shop') await backfillFrom(def.source, chinaDayStart(input.from));
    await queueRunNow(def.source, { email: user.email, id: user.id });
  }
  return { sources: defs.map((d) => d.source) };
}

/** Every window from `from` on is listed again, and the days before the first window are added. */
async function backfillFrom(source: string, from: Date): Promise<void> {
  await store.relistFrom(source, from);
  const start = (await store.windowsStart(source)) ?? firstSyncFrom(undefined, Date.now());
  if (from < start) await store.addWindows(source, windowsBetween(from, start));
}

function syncOff(): AppError {
  return new AppError({
    code: 'invalid_request',
    message: { en: 'Sync is off on this server (ORDER_DESK_SYNC=off).', zh: '此服务器未开启同步（ORDER_DESK_SYNC=off）。' },
    action: { en: 'An operator turns it on with ORDER_DESK_SYNC=on.', zh: '请运维人员设置 ORDER_DESK_SYNC=on 开启。' },
  });
}

function unknownSource(source: string): never {
  const list = syncSources()
    .map((s) => s.source)
    .join(', ');
  throw new AppError({
    code: 'invalid_request',
    message: { en: `There is no sync source “${source.slice(0, 40)}”. Sources: ${list}.`, zh: `没有同步来源“${source.slice(0, 40)}”。现有来源：${list}。` },
    action: { en: 'Choose one of the sources listed.', zh: '请选择列出的来源之一。' },
  });
}

function notEnabled(source: string): AppError {
  return new AppError({
    code: 'invalid_request',
    message: { en: `Sync of ${source} is not configured (the service provider needs WECHAT_SP_SPU_IDS).`, zh: `未配置 ${source} 的同步（服务商需要 WECHAT_SP_SPU_IDS）。` },
    action: { en: 'Ask an operator to configure it.', zh: '请联系运维人员配置。' },
  });
}
