'use client';

import { useTranslations } from 'next-intl';
import { lazy, Suspense, useState } from 'react';
import type { OrderKind } from '@/lib/orders/ids';

/** The list and its query load only once staff open History: the order's first load stays one round trip. */
const HistoryList = lazy(() => import('./history-list'));

/** What WeChat answered for this order over time (lib/history), loaded when opened. */
export function HistoryPanel({ kind, id, shop }: { kind: OrderKind; id: string; shop: string | null }) {
  const t = useTranslations('order.history');
  const [opened, setOpened] = useState(false);
  return (
    <details className="rounded-xl border border-border bg-surface p-4 shadow-sm" data-testid="history" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary className="cursor-pointer select-none font-semibold">{t('title')}</summary>
      {opened ? (
        <Suspense fallback={<p className="mt-3 text-sm text-muted">{t('loading')}</p>}>
          <HistoryList kind={kind} id={id} shop={shop} />
        </Suspense>
      ) : null}
    </details>
  );
}
