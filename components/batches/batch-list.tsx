'use client';

import { useTimeZone, useTranslations } from 'next-intl';
import Link from 'next/link';
import { formatInstant } from '@/lib/orders/format';
import { batchExportPath, batchPagePath } from '@/lib/query/batches';
import { BatchTitle, Progress, StatusBadge } from './parts';
import { useBatches } from './use-batch';

/** The user's batches (an admin's: everyone's), newest first, with their files to download again. */
export function BatchList({ everyone }: { everyone: boolean }) {
  const t = useTranslations('batches');
  const zone = useTimeZone() ?? 'Asia/Shanghai';
  const query = useBatches();
  const batches = query.data?.batches ?? [];
  return (
    <section aria-labelledby="past-batches" className="space-y-3">
      <h2 id="past-batches" className="text-base font-semibold">
        {everyone ? t('pastAll') : t('past')}
      </h2>
      {query.isSuccess && batches.length === 0 && <p className="text-sm text-muted">{t('none')}</p>}
      {query.error && (
        <p role="alert" className="text-sm text-bad">
          {query.error.message}
        </p>
      )}
      <ul className="divide-y divide-border rounded-xl border border-border bg-surface" data-testid="batch-list">
        {batches.map((b) => (
          <li key={b.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:gap-4">
            <div className="min-w-0 flex-1 space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={batchPagePath(b.id)} className="font-medium text-accent hover:underline" data-testid="batch-link">
                  <BatchTitle batch={b} />
                </Link>
                <StatusBadge status={b.status} />
              </div>
              <p className="text-xs text-muted">
                {formatInstant(b.createdAt, zone)}
                {everyone ? ` · ${b.createdBy}` : ''} · {t('outcome_found')} {b.found} · {t('outcome_not-found')} {b.notFound} · {t('outcome_parameter-error')} {b.parameterError} · {t('outcome_failed')} {b.failed} · {t('outcome_invalid')} {b.invalid}
              </p>
            </div>
            <div className="w-full sm:w-48">
              <Progress done={b.done} total={b.total} label={t('doneOf', { done: b.done, total: b.total })} />
            </div>
            <div className="flex gap-2 text-sm">
              <a href={batchExportPath(b.id, 'csv')} className="rounded-md border border-border px-2 py-1 hover:bg-surface-2">
                {t('csv')}
              </a>
              <a href={batchExportPath(b.id, 'xlsx')} className="rounded-md border border-border px-2 py-1 hover:bg-surface-2">
                {t('xlsx')}
              </a>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
