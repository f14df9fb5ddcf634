'use client';

import { useLocale, useTimeZone, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { Badge, toneOf, type Tone } from '@/components/ui/badge';
import { Figure } from '@/components/ui/figure';
import type { BatchItemView, ItemOutcome } from '@/lib/api/contract';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import { remainingAfterRefunds } from '@/lib/orders/shop';
import { errorText } from '@/lib/query/api-client';
import { batchesPagePath, batchExportPath } from '@/lib/query/batches';
import { orderPagePath } from '@/lib/query/orders';
import { BatchTitle, Progress, StatusBadge } from './parts';
import { isActive, useBatch, useBatchItems } from './use-batch';

const OUTCOMES: Array<ItemOutcome | 'all'> = ['all', 'found', 'not-found', 'parameter-error', 'failed', 'invalid', 'pending'];
const outcomeTone: Record<ItemOutcome, Tone> = { found: 'ok', 'not-found': 'warn', 'parameter-error': 'warn', failed: 'bad', invalid: 'bad', pending: 'neutral' };

/** One batch: live progress (polled while it runs, so a reload or another browser sees the same), actions, totals, results. */
/** `defaultShop`: the shop whose orders' links need no `?shop=`. */
export function BatchDetail({ id, defaultShop }: { id: string; defaultShop: string }) {
  const t = useTranslations('batches');
  const locale = useLocale();
  const zh = locale === 'zh-CN';
  const zone = useTimeZone() ?? 'Asia/Shanghai';
  const { batch, act } = useBatch(id);

  if (batch.error) {
    return (
      <p role="alert" className="rounded-xl border border-bad/40 bg-bad-bg p-5" data-testid="batch-error">
        {errorText(batch.error, zh)}
      </p>
    );
  }
  const b = batch.data?.batch;
  if (!b || !b.totals) return <div className="h-40 animate-pulse rounded-xl bg-surface-2" aria-busy="true" />;
  const totals = b.totals;
  const active = isActive(b.status);
  const time = (seconds: number) => {
    const minutes = Math.floor(seconds / 60);
    const unit = (value: number, u: 'minute' | 'second') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
    return minutes > 0 ? `${unit(minutes, 'minute')} ${unit(seconds % 60, 'second')}` : unit(seconds, 'second');
  };

  // data-wide-page: the page takes the window's width (app/layout.tsx), so the results table has room for 64-bit figures.
  return (
    <div className="space-y-5" data-wide-page>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <Link href={batchesPagePath} className="text-sm text-accent hover:underline">
            ← {t('back')}
          </Link>
          <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
            <span className="break-all">
              <BatchTitle batch={b} />
            </span>
            <StatusBadge status={b.status} />
          </h1>
          <p className="text-xs text-muted">
            {formatInstant(b.createdAt, zone)} · {b.createdBy}
            {b.finishedAt ? ` · ${t('finishedAt', { time: formatInstant(b.finishedAt, zone) })}` : ''}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {b.status === 'paused' && (
            <button type="button" onClick={() => act.mutate('resume')} disabled={act.isPending} className="rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-fg" data-testid="batch-resume">
              {t('resume')}
            </button>
          )}
          {b.failed > 0 && !active && (
            <button type="button" onClick={() => act.mutate('retry')} disabled={act.isPending} className="rounded-lg border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2" data-testid="batch-retry">
              {t('retry')}
            </button>
          )}
          {active && (
            <button
              type="button"
              onClick={() => window.confirm(t('cancelConfirm')) && act.mutate('cancel')}
              disabled={act.isPending}
              className="rounded-lg border border-bad/50 px-3 py-1.5 text-sm font-medium text-bad hover:bg-bad-bg"
              data-testid="batch-cancel"
            >
              {t('cancel')}
            </button>
          )}
        </div>
      </div>

      {b.pausedReason && (
        <p role="status" className="rounded-lg border border-warn/40 bg-warn-bg p-3 text-sm" data-testid="batch-paused">
          {b.pausedReason.errcode === undefined
            ? t('stopped', { message: zh ? b.pausedReason.zh : b.pausedReason.en })
            : b.pausedUntil
              ? t('pausedFor', { errcode: b.pausedReason.errcode, message: zh ? b.pausedReason.zh : b.pausedReason.en, time: formatInstant(b.pausedUntil, zone) })
              : t('pausedUntilPerson', { errcode: b.pausedReason.errcode, message: zh ? b.pausedReason.zh : b.pausedReason.en, action: '' })}
        </p>
      )}
      {act.error && (
        <p role="alert" className="text-sm text-bad">
          {errorText(act.error, zh)}
        </p>
      )}

      <section aria-label={t('progress')} className="space-y-3 rounded-xl border border-border bg-surface p-4">
        <Progress done={b.done} total={b.total} label={t('doneOf', { done: b.done, total: b.total })} />
        <dl className="grid grid-cols-[repeat(auto-fit,minmax(min(100%,9rem),1fr))] gap-2 text-sm" data-testid="batch-counts">
          {(['found', 'not-found', 'parameter-error', 'failed', 'invalid', 'pending'] as const).map((o) => (
            <div key={o} className="rounded-lg bg-surface-2 px-3 py-2">
              <dt className="text-xs text-muted">{t(`outcome_${o}`)}</dt>
              <dd className="text-lg font-semibold tabular-nums wrap-break-word" data-testid={`count-${o}`}>
                {{ found: b.found, 'not-found': b.notFound, 'parameter-error': b.parameterError, failed: b.failed, invalid: b.invalid, pending: b.pending }[o]}
              </dd>
            </div>
          ))}
        </dl>
        {active && (
          <p className="text-xs text-muted" data-testid="batch-pace">
            {t('perSecond', { rate: b.perSecond })}
            {b.secondsLeft !== null ? ` · ${t('timeLeft', { time: time(b.secondsLeft) })}` : ''}
          </p>
        )}
      </section>

      <div className="grid gap-4 xl:grid-cols-[3fr_1fr]">
        <section aria-labelledby="batch-totals" className="rounded-xl border border-border bg-surface p-4">
          <h2 id="batch-totals" className="mb-2 text-sm font-semibold">
            {t('totals')}
          </h2>
          <dl className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,14rem),1fr))] gap-x-4 gap-y-2" data-testid="batch-totals">
            {(
              [
                ['amount', totals.amountFen],
                ['refunded', totals.refundedFen],
                ['refunding', totals.refundingFen],
                ['shared', totals.sharedFen],
                ['remaining', totals.remainingFen],
              ] as const
            ).map(([key, fen]) => (
              <div key={key} className="min-w-0">
                <dt className="text-xs text-muted">{t(key)}</dt>
                <dd className="font-mono text-sm font-semibold tabular-nums wrap-break-word" data-testid={`total-${key}`}>
                  <Figure text={formatCny(fen)} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section aria-labelledby="batch-downloads" className="rounded-xl border border-border bg-surface p-4">
          <h2 id="batch-downloads" className="mb-2 text-sm font-semibold">
            {t('downloads')}
          </h2>
          <div className="flex flex-wrap gap-2">
            <a href={batchExportPath(id, 'csv')} className="rounded-lg border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2" data-testid="download-csv" download>
              {t('csv')}
            </a>
            <a href={batchExportPath(id, 'xlsx')} className="rounded-lg border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2" data-testid="download-xlsx" download>
              {t('xlsx')}
            </a>
          </div>
        </section>
      </div>

      <Results id={id} version={b.done} defaultShop={defaultShop} />
    </div>
  );
}

function Results({ id, version, defaultShop }: { id: string; version: number; defaultShop: string }) {
  const t = useTranslations('batches');
  const tKind = useTranslations('kind');
  const zh = useLocale() === 'zh-CN';
  const [outcome, setOutcome] = useState<ItemOutcome | 'all'>('all');
  const items = useBatchItems(id, outcome, version);
  const rows = items.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="batch-results" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="batch-results" className="text-base font-semibold">
          {t('results')}
        </h2>
        <div role="tablist" aria-label={t('results')} className="flex flex-wrap gap-1">
          {OUTCOMES.map((o) => (
            <button
              key={o}
              type="button"
              role="tab"
              aria-selected={outcome === o}
              onClick={() => setOutcome(o)}
              className={`rounded-md px-2.5 py-1 text-xs font-medium ${outcome === o ? 'bg-accent text-accent-fg' : 'border border-border text-muted hover:bg-surface-2'}`}
              data-testid={`filter-${o}`}
            >
              {o === 'all' ? t('all') : t(`outcome_${o}`)}
            </button>
          ))}
        </div>
      </div>
      {items.isSuccess && rows.length === 0 && <p className="text-sm text-muted">{t('noItems')}</p>}
      {rows.length > 0 && (
        <div className="max-h-[40rem] overflow-auto rounded-lg border border-border" tabIndex={0} role="region" aria-label={t('results')} data-testid="batch-items">
          <table className="block w-full text-sm md:table">
            <thead className="hidden bg-surface-2 text-left text-muted md:sticky md:top-0 md:table-header-group">
              <tr>
                {[t('row'), t('id'), t('kindCol'), t('outcome'), t('state'), t('amount'), t('remaining'), t('problem')].map((label, i) => (
                  <th key={i} scope="col" className={`px-3 py-2 font-medium ${i === 5 || i === 6 ? 'text-right' : ''}`}>
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="block divide-y divide-border md:table-row-group">
              {rows.map((item) => (
                <ItemRow key={item.position} item={item} zh={zh} kindLabel={item.kind ? tKind(item.kind) : '—'} defaultShop={defaultShop} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items.hasNextPage && (
        <button type="button" onClick={() => void items.fetchNextPage()} disabled={items.isFetchingNextPage} className="rounded-lg border border-border px-3 py-1.5 text-sm hover:bg-surface-2" data-testid="items-more">
          {t('more')}
        </button>
      )}
    </section>
  );
}

function ItemRow({ item, zh, kindLabel, defaultShop }: { item: BatchItemView; zh: boolean; kindLabel: string; defaultShop: string }) {
  const t = useTranslations('batches');
  const order = item.order;
  const state = order ? (order.kind === 'shop' ? order.state : order.status) : null;
  const amount = order ? (order.kind === 'shop' ? order.amountFen : order.priceFen) : null;
  const remaining = order?.kind === 'shop' ? remainingAfterRefunds(order) : null;
  const cell = 'block px-3 py-1 md:table-cell md:py-2';
  const label = (text: string) => <span className="mr-2 text-xs text-muted md:hidden">{text}</span>;
  return (
    <tr className="block py-2 md:table-row md:py-0" data-testid="batch-item" data-outcome={item.outcome}>
      <td className={`${cell} font-mono text-xs text-muted`}>
        {label(t('row'))}
        {item.row}
      </td>
      <td className={`${cell} break-all font-mono md:break-normal md:whitespace-nowrap`}>
        {label(t('id'))}
        {item.kind && item.outcome !== 'invalid' ? (
          <Link href={orderPagePath(item.kind, item.input, item.shop !== defaultShop ? item.shop : null)} className="text-accent hover:underline">
            {item.input}
          </Link>
        ) : (
          item.input
        )}
      </td>
      <td className={`${cell} md:whitespace-nowrap`}>
        {label(t('kindCol'))}
        {kindLabel}
      </td>
      <td className={cell}>
        {label(t('outcome'))}
        <Badge tone={outcomeTone[item.outcome]}>{t(`outcome_${item.outcome}`)}</Badge>
      </td>
      <td className={`${cell} md:whitespace-nowrap`}>
        {label(t('state'))}
        {state ? <Badge tone={toneOf(state.key)}>{zh ? state.zh : state.en}</Badge> : '—'}
      </td>
      <td className={`${cell} font-mono tabular-nums wrap-break-word md:text-right`}>
        {label(t('amount'))}
        {amount ? <Figure text={formatCny(amount)} /> : '—'}
      </td>
      <td className={`${cell} font-mono tabular-nums wrap-break-word md:text-right`}>
        {label(t('remaining'))}
        {remaining ? <Figure text={formatCny(remaining)} /> : '—'}
      </td>
      <td className={`${cell} text-xs md:min-w-48`}>
        {label(t('problem'))}
        {item.problem ? (
          // At most 18rem wide: a long message wraps, and the figures beside it keep their room.
          <span className="md:inline-block md:max-w-72">
            {zh ? item.problem.message.zh : item.problem.message.en}
            {item.errcode !== null && <span className="ml-1 font-mono text-muted">({item.errcode})</span>}
          </span>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
