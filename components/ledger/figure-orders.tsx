'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { LedgerFigure, LedgerOrdersAnswer } from '@/lib/api/contract';
import { Figure } from '@/components/ui/figure';
import { RecordTable } from '@/components/ui/record-table';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import { errorText, type ApiError } from '@/lib/query/api-client';
import { fetchLedgerOrders, ledgerKeys } from '@/lib/query/ledger';
import { orderPagePath } from '@/lib/query/orders';

/** One figure of one day whose orders are listed: a shop's, or the service provider's purchases (shop null). */
export interface Selection {
  day: string;
  figure: LedgerFigure;
  shop: string | null;
}

export function useErrorText() {
  const zh = useLocale() === 'zh-CN';
  return (error: ApiError) => errorText(error, zh);
}

/** The orders behind one figure, 100 at a time (GET /api/ledger/orders, "More" follows the cursor). */
export function FigureOrders({ selection, zone, shopName, onClose }: { selection: Selection; zone: string; shopName: (shop: string | null) => string; onClose: () => void }) {
  const t = useTranslations('ledger');
  const errorText = useErrorText();
  const { day, figure, shop } = selection;
  const query = useInfiniteQuery<LedgerOrdersAnswer, ApiError, { pages: LedgerOrdersAnswer[] }, ReturnType<typeof ledgerKeys.orders>, string | null>({
    queryKey: ledgerKeys.orders({ day, figure, shop }),
    queryFn: ({ pageParam, signal }) => fetchLedgerOrders({ day, figure, shop, cursor: pageParam }, signal),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="ledger-orders" className="space-y-3 rounded-xl border border-accent bg-surface p-4" data-testid="ledger-orders">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="ledger-orders" ref={heading} tabIndex={-1} className="min-w-0 text-sm font-semibold wrap-break-word">
          {t('ordersTitle', { figure: t(`figure_${figure}`), day, shop: shopName(shop) })}
        </h2>
        <button type="button" onClick={onClose} className="rounded-md border border-border px-3 py-1 text-sm hover:bg-surface-2">
          {t('close')}
        </button>
      </div>
      {query.error && (
        <p role="alert" className="text-sm text-bad">
          {errorText(query.error)}
        </p>
      )}
      {query.isPending && (
        <p role="status" className="text-sm text-muted">
          {t('ordersLoading')}
        </p>
      )}
      {query.isSuccess && items.length === 0 && <p className="text-sm text-muted">{t('ordersEmpty')}</p>}
      {items.length > 0 && (
        <RecordTable
          rows={items}
          rowKey={(o) => `${o.kind}|${o.shop}|${o.orderId}|${o.movementId ?? ''}`}
          caption={t('ordersTitle', { figure: t(`figure_${figure}`), day, shop: shopName(shop) })}
          testId="ledger-order-list"
          columns={[
            {
              label: t('order'),
              cell: (o) => (
                <a href={orderPagePath(o.kind, o.orderId, o.kind === 'shop' ? o.shop : null)} className="break-all font-mono text-xs text-accent underline-offset-2 hover:underline" data-testid="ledger-order-link">
                  {o.orderId}
                </a>
              ),
            },
            { label: t('movement'), cell: (o) => <span className="break-all font-mono text-xs">{o.movementId ?? '—'}</span> },
            {
              label: t('amount'),
              numeric: true,
              cell: (o) => (
                <span className="tabular-nums wrap-break-word" data-testid="ledger-order-amount">
                  <Figure text={formatCny(o.amountFen)} />
                </span>
              ),
            },
            { label: t('at'), cell: (o) => <span className="whitespace-nowrap font-mono text-xs">{o.at ? formatInstant(o.at, zone) : '—'}</span> },
            { label: t('result'), cell: (o) => <span className="font-mono text-xs">{o.result ?? '—'}</span> },
          ]}
        />
      )}
      <div className="flex flex-wrap items-center gap-3">
        {items.length > 0 && <span className="text-xs text-muted" data-testid="ledger-orders-shown">{t('ordersShown', { count: items.length })}</span>}
        {query.hasNextPage && (
          <button
            type="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="rounded-md border border-border px-3 py-1 text-sm hover:bg-surface-2 disabled:opacity-60"
            data-testid="ledger-orders-more"
          >
            {t('more')}
          </button>
        )}
      </div>
    </section>
  );
}
