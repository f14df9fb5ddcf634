'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTimeZone, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { SyncAnswer, SyncProblem, SyncSourceView, SyncState } from '@/lib/api/sync-contract';
import { formatInstant } from '@/lib/orders/format';
import type { ApiError } from '@/lib/query/api-client';
import { fetchSync, postSyncRun, syncQueryKey } from '@/lib/query/sync-query';

const STATE_STYLE: Record<SyncState, string> = {
  idle: 'border-border text-muted',
  running: 'border-accent text-accent',
  paused: 'border-warn text-warn',
  failed: 'border-bad text-bad',
};

/** Each sync source: its state, progress while a run goes on (polled every 2 s), what failed and why, and the actions. */
export function SyncSources({ initial, canRun, canBackfill }: { initial: SyncAnswer; canRun: boolean; canBackfill: boolean }) {
  const t = useTranslations('sync');
  const query = useQuery<SyncAnswer, ApiError>({
    queryKey: syncQueryKey,
    queryFn: ({ signal }) => fetchSync(signal),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.sources.some((s) => s.state === 'running' || (s.lastRun !== null && s.lastRun.finishedAt === null)) ? 2_000 : 15_000),
  });
  const sources = query.data?.sources ?? [];
  return (
    <section className="space-y-4" aria-label={t('sources')}>
      {query.error && (
        <p role="alert" className="text-sm text-bad">
          {query.error.message}
        </p>
      )}
      {!sources.some((s) => s.enabled) && <p className="rounded-md border border-border bg-surface-2 p-3 text-sm text-muted">{t('off')}</p>}
      <ul className="space-y-4" data-testid="sync-sources">
        {sources.map((source) => (
          <li key={source.source}>
            <SourceCard source={source} canRun={canRun} canBackfill={canBackfill} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SourceCard({ source, canRun, canBackfill }: { source: SyncSourceView; canRun: boolean; canBackfill: boolean }) {
  const t = useTranslations('sync');
  const zone = useTimeZone() ?? 'Asia/Shanghai';
  const run = source.lastRun;
  const at = (instant: string | null) => (instant ? formatInstant(instant, zone) : '—');
  const open = run !== null && run.finishedAt === null;
  return (
    <article className="space-y-3 rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-5" data-testid="sync-source" data-source={source.source}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">{source.source === 'service-provider' ? t('serviceProvider') : t('shop', { name: source.name })}</h2>
        <span className="font-mono text-xs text-muted">{source.source}</span>
        <span className={`rounded-full border px-2 py-0.5 text-xs font-medium ${STATE_STYLE[source.state]}`} data-testid="sync-state">
          {source.enabled ? t(`state_${source.state}`) : t('disabled')}
        </span>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
        <Fact label={t('syncedThrough')} value={at(source.syncedThrough)} />
        <Fact label={t('nextRun')} value={at(source.nextRunAt)} />
        <Fact label={t('lastRun')} value={run ? `${at(run.startedAt)} · ${run.startedBy === 'schedule' ? t('bySchedule') : run.startedBy}` : t('never')} />
      </dl>
      {run && (
        <div className="space-y-1">
          <Progress done={run.windowsDone} total={run.windowsTotal} label={t('windows', { done: run.windowsDone, total: run.windowsTotal })} running={open} />
          <p className="text-xs text-muted" data-testid="sync-counts">
            {t('counts', { listed: run.ordersListed, lookedUp: run.ordersLookedUp, failed: run.failedWindows })}
            {run.finishedAt ? ` · ${t('finishedAt', { at: at(run.finishedAt) })}` : ` · ${t('inProgress')}`}
          </p>
        </div>
      )}
      {run?.problem && <ProblemNote problem={run.problem} />}
      {source.failures.length > 0 && (
        <div className="space-y-1">
          <h3 className="text-sm font-medium text-bad">{t('failures', { count: source.failures.length })}</h3>
          <ul className="space-y-1 text-sm" data-testid="sync-failures">
            {source.failures.map((f, i) => (
              <li key={i} className="rounded-md bg-surface-2 p-2">
                <span className="font-medium">{'spuId' in f.window ? t('spu', { id: f.window.spuId }) : `${at(f.window.from)} – ${at(f.window.to)}`}</span>
                {f.problem ? <ProblemNote problem={f.problem} inline /> : f.errcode !== null ? <span> · errcode {f.errcode}</span> : null}
              </li>
            ))}
          </ul>
          <p className="text-xs text-muted">{t('failuresRetried')}</p>
        </div>
      )}
      {source.enabled && (canRun || canBackfill) && <Actions source={source.source} canRun={canRun} canBackfill={canBackfill} />}
    </article>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="truncate">{value}</dd>
    </div>
  );
}

function Progress({ done, total, label, running }: { done: number; total: number; label: string; running: boolean }) {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return (
    <div role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={label} className="space-y-1">
      <div className="h-2.5 w-full overflow-hidden rounded-full bg-surface-2">
        <div className={`h-full rounded-full bg-accent transition-[width] duration-500 ${running ? 'animate-pulse' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-muted">
        {label} · {percent}%
      </p>
    </div>
  );
}

/** What went wrong, in the page's language, with WeChat's errcode and errmsg as sent beside our reading. */
function ProblemNote({ problem, inline = false }: { problem: SyncProblem; inline?: boolean }) {
  const t = useTranslations('sync');
  const locale = useLocale();
  const zh = locale.startsWith('zh');
  const zone = useTimeZone() ?? 'Asia/Shanghai';
  const text = zh ? problem.zh : problem.en;
  const action = problem.action ? (zh ? problem.action.zh : problem.action.en) : null;
  const body = (
    <>
      {problem.errcode !== undefined && <span className="font-mono text-xs">errcode {problem.errcode} · </span>}
      {text}
      {action && <> {action}</>}
      {problem.until && <> {t('until', { at: formatInstant(problem.until, zone) })}</>}
      {problem.errmsg && <span className="block font-mono text-xs text-muted">{t('wechatSaid', { errmsg: problem.errmsg })}</span>}
    </>
  );
  return inline ? (
    <span className="block text-muted" data-testid="sync-problem">
      {body}
    </span>
  ) : (
    <p role="status" className="rounded-md border border-warn bg-surface-2 p-2 text-sm" data-testid="sync-problem">
      {body}
    </p>
  );
}

function Actions({ source, canRun, canBackfill }: { source: string; canRun: boolean; canBackfill: boolean }) {
  const t = useTranslations('sync');
  const client = useQueryClient();
  const [from, setFrom] = useState('');
  const mutation = useMutation<{ queued: string[] }, ApiError, { from?: string }>({
    mutationFn: (input) => postSyncRun({ source, ...input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['sync'] }),
  });
  return (
    <div className="flex flex-col gap-2 border-t border-border pt-3 sm:flex-row sm:flex-wrap sm:items-end">
      {canRun && (
        <button type="button" onClick={() => mutation.mutate({})} disabled={mutation.isPending} className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-60" data-testid="sync-now">
          {t('syncNow')}
        </button>
      )}
      {canBackfill && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (from) mutation.mutate({ from });
          }}
        >
          <label className="flex flex-col text-xs text-muted">
            {t('backfillFrom')}
            <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} className="rounded-md border border-border bg-surface px-2 py-1 text-sm text-fg" data-testid="backfill-date" />
          </label>
          <button type="submit" disabled={mutation.isPending || !from} className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-2 disabled:opacity-60" data-testid="backfill">
            {t('backfill')}
          </button>
        </form>
      )}
      {mutation.isSuccess && <p className="text-sm text-ok" role="status">{t('queued')}</p>}
      {mutation.error && (
        <p role="alert" className="text-sm text-bad">
          {mutation.error.message}
        </p>
      )}
    </div>
  );
}
