'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { OrderHistory, OrderVersionView } from '@/lib/api/contract';
import type { OrderKind } from '@/lib/orders/ids';
import { fetchJson } from '@/lib/query/api-client';
import { orderEvidencePath, orderHistoryKey, orderHistoryPath } from '@/lib/query/orders';
import { useDisplay, type Display } from './use-display';

/** An order's versions, newest first, each with what changed from the one before (`GET …/history`). */
export default function HistoryList({ kind, id, shop }: { kind: OrderKind; id: string; shop: string | null }) {
  const t = useTranslations('order.history');
  const display = useDisplay();
  const { data, error, isPending, refetch } = useQuery({
    queryKey: orderHistoryKey(kind, id, shop),
    queryFn: ({ signal }) => fetchJson<OrderHistory>(orderHistoryPath(kind, id, shop), { signal }),
    staleTime: 0,
  });
  if (isPending) return <p className="mt-3 text-sm text-muted">{t('loading')}</p>;
  if (error) {
    return (
      <p className="mt-3 text-sm text-bad" role="alert">
        {t('failed')}{' '}
        <button type="button" className="underline" onClick={() => void refetch()}>
          {t('retry')}
        </button>
      </p>
    );
  }
  if (data.versions.length === 0) return <p className="mt-3 text-sm text-muted">{t('none')}</p>;
  return (
    <div className="mt-3 space-y-3">
      <p className="text-sm text-muted">{t('about')}</p>
      <ol className="space-y-3" data-testid="history-versions">
        {data.versions.map((version, i) => (
          <Version key={version.id} version={version} oldest={i === data.versions.length - 1} display={display} evidence={orderEvidencePath(kind, id, shop, version.id)} />
        ))}
      </ol>
    </div>
  );
}

function Version({ version, oldest, display, evidence }: { version: OrderVersionView; oldest: boolean; display: Display; evidence: string }) {
  const t = useTranslations('order.history');
  const zh = display.locale === 'zh-CN';
  const changes = version.changes;
  return (
    <li className="rounded-lg border border-border p-3" data-testid="history-version">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{t('received', { first: display.time(version.firstSeenAt), last: display.time(version.lastSeenAt) })}</span>
        <span className="text-muted">{t('via', { via: t(`vias.${version.via}` as 'vias.api') })}</span>
      </div>
      {changes === null ? (
        <p className="mt-2 text-sm text-muted">{t('unreadable')}</p>
      ) : changes.length === 0 ? (
        <p className="mt-2 text-sm text-muted">{oldest ? t('firstKept') : t('noChange')}</p>
      ) : (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" data-testid="history-changes">
          {changes.map((change, i) => (
            <li key={i} className="break-words">
              {zh ? change.zh : change.en}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted">
        <span className="break-all font-mono">SHA-256 {version.sha256}</span>
        <span>{t('bytes', { bytes: version.bytes })}</span>
        <a className="text-accent underline" href={evidence} download data-testid="evidence-link">
          {t('evidence')}
        </a>
      </div>
      {changes && changes.some((c) => c.raw.length > 0) ? (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer select-none text-muted">{t('rawChange')}</summary>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-surface-2 p-2 font-mono">{JSON.stringify(changes.flatMap((c) => c.raw), null, 2)}</pre>
        </details>
      ) : null}
    </li>
  );
}
