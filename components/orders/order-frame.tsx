'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { LookupResponse } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';
import { CopyButton } from '../ui/copy-button';
import { ErrorPanel } from './error-panel';
import { OrderSkeleton } from './order-skeleton';
import { RawJsonPanel } from './raw-json-panel';
import { useDisplay, type Display } from './use-display';
import { useOrder } from './use-order';

/**
 * Everything a lookup page has around the order itself: loading, errors with retry, the
 * "as of" time and refresh, copy summary, and WeChat's raw answer.
 */
export function OrderFrame<T>({
  kind,
  id,
  children,
  summary,
}: {
  kind: OrderKind;
  id: string;
  children: (order: T, display: Display) => ReactNode;
  summary: (order: T, display: Display) => string;
}) {
  const t = useTranslations('order');
  const display = useDisplay();
  const query = useOrder<T>(kind, id);
  const refetch = () => void query.refetch();

  let body: ReactNode;
  if (query.isPending) body = <OrderSkeleton label={t('loading')} />;
  else if (query.isError) body = <ErrorPanel error={query.error} kind={kind} id={id} onRetry={refetch} retrying={query.isFetching} />;
  else body = <Loaded data={query.data} display={display} refetch={refetch} fetching={query.isFetching} summary={summary} render={children} />;

  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-muted underline hover:text-fg">
        ← {t('back')}
      </Link>
      {body}
    </div>
  );
}

function Loaded<T>({
  data,
  display,
  refetch,
  fetching,
  summary,
  render,
}: {
  data: LookupResponse<T>;
  display: Display;
  refetch: () => void;
  fetching: boolean;
  summary: (order: T, display: Display) => string;
  render: (order: T, display: Display) => ReactNode;
}) {
  const t = useTranslations('order');
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-muted">
        <span data-testid="as-of">{t('asOf', { time: display.time(data.fetchedAt) })}</span>
        <div className="flex flex-wrap gap-2">
          <CopyButton text={summary(data.order, display)} label={t('copySummary')} className="px-3 py-1 text-sm" />
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
      {render(data.order, display)}
      <RawJsonPanel raw={data.raw} />
    </>
  );
}
