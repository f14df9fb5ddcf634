'use client';

import { useTranslations } from 'next-intl';
import { orderPrintPath } from '@/lib/query/orders';
import type { ReactNode } from 'react';
import { CopyButton } from '../ui/copy-button';
import { HistoryPanel } from './history-panel';
import type { AnswerProps } from './order-frame';
import { RawJsonPanel } from './raw-json-panel';
import type { Display } from './use-display';

/** Around every loaded order: the "as of" time, copy summary, refresh, and WeChat's raw answer. */
export function OrderAnswer<T>({ data, refetch, fetching, display, summary, children }: AnswerProps<T> & { display: Display; summary: string; children: ReactNode }) {
  const t = useTranslations('order');
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-muted">
        <span data-testid="as-of">{t('asOf', { time: display.time(data.fetchedAt) })}</span>
        <div className="flex flex-wrap gap-2">
          <a href={printPathOf(data)} className="rounded-md border border-border bg-surface px-3 py-1 text-sm text-fg hover:bg-surface-2" data-print-hidden data-testid="print-link">
            {t('printView')}
          </a>
          <CopyButton text={summary} label={t('copySummary')} className="px-3 py-1 text-sm" />
          <button
            type="button"
            onClick={refetch}
            disabled={fetching}
            className="rounded-md border border-border bg-surface px-3 py-1 text-sm text-fg hover:bg-surface-2 disabled:opacity-60"
          >
            {fetching ? t('refreshing') : t('refresh')}
          </button>
        </div>
      </div>
      {children}
      <RawJsonPanel raw={data.raw} />
      <HistoryPanel {...orderOf(data)} />
    </>
  );
}

/** Which order an answer is, for its history. */
function orderOf({ order, shop }: AnswerProps<unknown>['data']) {
  const o = order as { kind: 'shop'; tradeNo: string } | { kind: 'service-provider'; orderId: string };
  return o.kind === 'shop' ? { kind: o.kind, id: o.tradeNo, shop: shop?.id ?? null } : { kind: o.kind, id: o.orderId, shop: null };
}

function printPathOf(data: AnswerProps<unknown>['data']) {
  const { kind, id, shop } = orderOf(data);
  return orderPrintPath(kind, id, shop);
}
