'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LedgerAnswer, LedgerDayView, LedgerFigure, LedgerOrdersAnswer } from '@/lib/api/contract';
import { Figure } from '@/components/ui/figure';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import type { ApiError } from '@/lib/query/api-client';
import { fetchLedger, fetchLedgerOrders, ledgerKeys, type LedgerParams } from '@/lib/query/ledger';
import { ledgerChartData } from '@/lib/query/ledger-chart-data';
import { orderPagePath } from '@/lib/query/orders';

// The chart and uPlot are a chunk of their own, asked for once the figures are there.
const LedgerChart = lazy(() => import('./ledger-chart'));

/** One figure of one day whose orders are listed: a shop's, or the service provider's purchases (shop null). */
interface Selection {
  day: string;
  figure: LedgerFigure;
  shop: string | null;
}

function useErrorText() {
  const zh = useLocale().startsWith('zh');
  return (error: ApiError) => (error.body ? (zh ? error.body.zh.message : error.body.message) : error.message);
}

/** The ledger of a range: totals, the chart, a row per day and shop, purchases, what has no day; a click on a figure lists its orders. */
export function LedgerView({ params, shopNames }: { params: LedgerParams; shopNames: Record<string, string> }) {
  const t = useTranslations('ledger');
  const errorText = useErrorText();
  const query = useQuery<LedgerAnswer, ApiError>({
    queryKey: ledgerKeys.range(params),
    queryFn: ({ signal }) => fetchLedger(params, signal),
  });
  const [selected, setSelected] = useState<Selection | null>(null);
  const shopName = (shop: string | null) => (shop === null ? t('serviceProvider') : Object.hasOwn(shopNames, shop) ? shopNames[shop]! : shop);

  if (query.error) {
    return (
      <p role="alert" className="rounded-xl border border-bad bg-bad-bg p-4 text-sm text-bad" data-testid="ledger-error">
        {errorText(query.error)}
      </p>
    );
  }
  const answer = query.data;
  if (!answer) {
    return (
      <p role="status" className="rounded-xl border border-border bg-surface p-4 text-sm text-muted" data-testid="ledger-loading">
        {t('loading')}
      </p>
    );
  }
  const select = (selection: Selection) => setSelected(selection);
  // The orders of a figure show under the table the figure is in.
  const orders = selected && <FigureOrders key={`${selected.day}|${selected.figure}|${selected.shop}`} selection={selected} zone={answer.timezone} shopName={shopName} onClose={() => setSelected(null)} />;
  return (
    <div className="space-y-5" data-testid="ledger">
      <Totals answer={answer} />
      <Chart answer={answer} />
      <DaysTable answer={answer} shopName={shopName} onSelect={select} />
      {selected?.figure !== 'purchases' && orders}
      <Unplaced answer={answer} />
      <Purchases answer={answer} onSelect={select} />
      {selected?.figure === 'purchases' && orders}
    </div>
  );
}

function Totals({ answer }: { answer: LedgerAnswer }) {
  const t = useTranslations('ledger');
  const { totals } = answer;
  const figures: Array<{ key: string; label: string; fen: string; count?: string }> = [
    { key: 'paid', label: t('paid'), fen: totals.paidFen, count: t('countPaid', { count: totals.paidCount }) },
    { key: 'refunded', label: t('refunded'), fen: totals.refundedFen, count: t('countRefunded', { count: totals.refundedCount }) },
    { key: 'refund-in-progress', label: t('refundInProgressAt', { day: answer.to }), fen: totals.refundInProgressFen },
    { key: 'shared', label: t('shared'), fen: totals.sharedFen, count: t('countShared', { count: totals.sharedCount }) },
    { key: 'net', label: t('net'), fen: totals.netFen },
  ];
  return (
    <Panel id="ledger-totals-heading" title={<>{t('totals')} <span className="font-normal text-muted">{`${answer.from} – ${answer.to}`}</span></>}>
      <FigureList figures={figures} testId="ledger-totals" boxed />
    </Panel>
  );
}

/** A box of the page with its heading; `warn` for what needs a reader's attention. */
function Panel({ id, title, warn = false, testId, children }: { id: string; title: ReactNode; warn?: boolean; testId?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={`space-y-2 rounded-xl border p-4 ${warn ? 'border-warn bg-warn-bg' : 'border-border bg-surface'}`} data-testid={testId}>
      <h2 id={id} className={`text-sm font-semibold ${warn ? 'text-warn' : ''}`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Figures side by side, each with its label and count, wrapping inside its box. */
function FigureList({ figures, testId, boxed = false }: { figures: Array<{ key: string; label: string; fen: string; count?: string }>; testId: string; boxed?: boolean }) {
  return (
    <dl className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,13rem),1fr))] gap-2" data-testid={testId}>
      {figures.map((f) => (
        <div key={f.key} className={`min-w-0 ${boxed ? 'rounded-lg bg-surface-2 px-3 py-2' : ''}`}>
          <dt className={`text-xs ${boxed ? 'text-muted' : ''}`}>{f.label}</dt>
          <dd className="font-mono text-base font-semibold tabular-nums wrap-break-word" data-testid={`${testId}-${f.key}`}>
            <Figure text={formatCny(f.fen)} />
          </dd>
          {f.count && (
            <dd className={`text-xs ${boxed ? 'text-muted' : ''}`} data-testid={`${testId}-${f.key}-count`}>
              {f.count}
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}

function Chart({ answer }: { answer: LedgerAnswer }) {
  const t = useTranslations('ledger');
  const locale = useLocale();
  const data = ledgerChartData(answer.days);
  const label = `${t('chartLabel', { from: answer.from, to: answer.to })}${data.logScale ? ` ${t('chartLog')}` : ''}`;
  const empty = data.paidFen.every((fen) => fen === '0') && data.refundedFen.every((fen) => fen === '0');
  return (
    <Panel id="ledger-chart-heading" title={t('chart')}>
      {empty && <p className="text-xs text-muted">{t('chartEmpty')}</p>}
      {data.logScale && (
        <p className="text-xs text-muted" data-testid="ledger-chart-log">
          {t('chartLog')}
        </p>
      )}
      {/* The chart is a picture of the table below, which is its text alternative. */}
      <div role="img" aria-label={label} className="min-h-[220px] w-full min-w-0" data-testid="ledger-chart">
        <Suspense fallback={<p className="text-xs text-muted">{t('chartLoading')}</p>}>
          <LedgerChart data={data} labels={{ paid: t('paid'), refunded: t('refunded'), day: t('day') }} locale={locale} />
        </Suspense>
      </div>
    </Panel>
  );
}

/** A figure that lists its orders when clicked; a zero is only text. */
function FigureButton({ fen, count, label, testId, onClick, day, shop }: { fen: string; count?: string; label: string; testId: string; onClick: (() => void) | null; day: string; shop: string }) {
  const body = (
    <>
      <span className="block font-mono tabular-nums wrap-break-word">
        <Figure text={formatCny(fen)} />
      </span>
      {count && <span className="block text-xs text-muted">{count}</span>}
    </>
  );
  if (!onClick) return <span data-testid={testId}>{body}</span>;
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={label}
      title={label}
      className="max-w-full cursor-pointer rounded text-right text-accent underline decoration-dotted underline-offset-4 hover:decoration-solid"
      data-testid={testId}
      data-day={day}
      data-shop={shop}
    >
      {body}
    </button>
  );
}

function Completeness({ row, zone }: { row: LedgerDayView; zone: string }) {
  const t = useTranslations('ledger');
  const { completeness } = row;
  const text =
    completeness.state === 'synced' ? t('synced', { at: completeness.syncedAt ? formatInstant(completeness.syncedAt, zone) : '—' }) : completeness.state === 'partial' ? t('partial') : t('syncOff');
  const tone = completeness.state === 'synced' ? 'text-muted' : 'text-warn';
  return (
    <span className={`block text-xs ${tone}`} data-testid="completeness" data-state={completeness.state}>
      {text}
    </span>
  );
}

function DaysTable({ answer, shopName, onSelect }: { answer: LedgerAnswer; shopName: (shop: string | null) => string; onSelect: (selection: Selection) => void }) {
  const t = useTranslations('ledger');
  const figureCell = (row: LedgerDayView, figure: Exclude<LedgerFigure, 'purchases'>, fen: string, count: number | null, countText?: string): ReactNode => {
    const any = count === null ? fen !== '0' : count > 0;
    return (
      <FigureButton
        fen={fen}
        {...(countText ? { count: countText } : {})}
        label={t('showOrders', { figure: t(`figure_${figure}`), day: row.day, shop: shopName(row.shop) })}
        testId={`figure-${figure}`}
        day={row.day}
        shop={row.shop}
        onClick={any ? () => onSelect({ day: row.day, figure, shop: row.shop }) : null}
      />
    );
  };
  const columns: Column<LedgerDayView>[] = [
    {
      label: t('day'),
      cell: (row) => (
        <>
          <span className="whitespace-nowrap font-mono text-xs" data-testid="row-day">
            {row.day}
          </span>
          <span className="block text-xs text-muted" data-testid="row-shop">
            {shopName(row.shop)}
          </span>
        </>
      ),
    },
    { label: t('paid'), numeric: true, cell: (row) => figureCell(row, 'paid', row.paidFen, row.paidCount, t('countPaid', { count: row.paidCount })) },
    { label: t('refunded'), numeric: true, cell: (row) => figureCell(row, 'refunded', row.refundedFen, row.refundedCount, t('countRefunded', { count: row.refundedCount })) },
    { label: t('refundInProgress'), numeric: true, cell: (row) => figureCell(row, 'refund-in-progress', row.refundInProgressFen, null) },
    { label: t('shared'), numeric: true, cell: (row) => figureCell(row, 'shared', row.sharedFen, row.sharedCount, t('countShared', { count: row.sharedCount })) },
    {
      label: t('net'),
      numeric: true,
      cell: (row) => (
        <span className={`font-mono tabular-nums wrap-break-word ${row.netFen.startsWith('-') ? 'text-bad' : ''}`} data-testid="row-net">
          <Figure text={formatCny(row.netFen)} />
        </span>
      ),
    },
    { label: t('completeness'), cell: (row) => <Completeness row={row} zone={answer.timezone} /> },
  ];
  const refreshDays = answer.days[0]?.completeness.refreshDays;
  return (
    <section aria-labelledby="ledger-table" className="space-y-2">
      <h2 id="ledger-table" className="text-sm font-semibold">
        {t('table')}
      </h2>
      <RecordTable rows={answer.days} columns={columns} rowKey={(row) => `${row.day}|${row.shop}`} caption={t('table')} testId="ledger-days" />
      {refreshDays !== undefined && (
        <p className="text-xs text-muted" data-testid="ledger-refresh-caveat">
          {t('refreshCaveat', { days: refreshDays })}
        </p>
      )}
    </section>
  );
}

function Unplaced({ answer }: { answer: LedgerAnswer }) {
  const t = useTranslations('ledger');
  const u = answer.unplaced;
  if (u.paidCount === 0 && u.refundedCount === 0 && u.sharedCount === 0) return null;
  const figures = [
    { key: 'paid', label: t('paid'), fen: u.paidFen, count: t('countPaid', { count: u.paidCount }) },
    { key: 'refunded', label: t('refunded'), fen: u.refundedFen, count: t('countRefunded', { count: u.refundedCount }) },
    { key: 'shared', label: t('shared'), fen: u.sharedFen, count: t('countShared', { count: u.sharedCount }) },
  ];
  return (
    <Panel id="ledger-unplaced" title={t('unplaced')} warn testId="ledger-unplaced">
      <p className="text-xs">{t('unplacedIntro')}</p>
      <FigureList figures={figures} testId="unplaced" />
    </Panel>
  );
}

function Purchases({ answer, onSelect }: { answer: LedgerAnswer; onSelect: (selection: Selection) => void }) {
  const t = useTranslations('ledger');
  const { purchases } = answer;
  const days = purchases.days.filter((d) => d.count > 0);
  const incomplete = purchases.days.filter((d) => !d.complete).length;
  return (
    <Panel id="ledger-purchases-heading" title={t('purchases')} testId="ledger-purchases">
      <p className="text-xs text-muted">{t('purchasesIntro')}</p>
      <dl className="flex flex-wrap gap-x-6 gap-y-1">
        <div className="min-w-0">
          <dt className="text-xs text-muted">{t('purchasesTotal')}</dt>
          <dd className="font-mono text-base font-semibold tabular-nums wrap-break-word" data-testid="purchases-total">
            <Figure text={formatCny(purchases.fen)} />
          </dd>
          <dd className="text-xs text-muted" data-testid="purchases-count">
            {t('countPaid', { count: purchases.count })}
          </dd>
        </div>
      </dl>
      {incomplete > 0 && (
        <p className="text-xs text-warn" data-testid="purchases-incomplete">
          {t('purchasesIncompleteDays', { count: incomplete })}
        </p>
      )}
      {days.length === 0 ? (
        <p className="text-sm text-muted">{t('purchasesNone')}</p>
      ) : (
        <div className="max-w-2xl">
          <RecordTable
            rows={days}
            rowKey={(d) => d.day}
            caption={t('purchases')}
            testId="ledger-purchase-days"
            columns={[
              { label: t('day'), cell: (d) => <span className="font-mono text-xs">{d.day}</span> },
              {
                label: t('amount'),
                numeric: true,
                cell: (d) => (
                  <FigureButton
                    fen={d.fen}
                    count={t('countPaid', { count: d.count })}
                    label={t('showOrders', { figure: t('figure_purchases'), day: d.day, shop: t('serviceProvider') })}
                    testId="figure-purchases"
                    day={d.day}
                    shop=""
                    onClick={() => onSelect({ day: d.day, figure: 'purchases', shop: null })}
                  />
                ),
              },
              { label: t('completeness'), cell: (d) => <span className={`text-xs ${d.complete ? 'text-muted' : 'text-warn'}`}>{d.complete ? t('complete') : t('incomplete')}</span> },
            ]}
          />
        </div>
      )}
    </Panel>
  );
}

/** The orders behind one figure, 100 at a time (GET /api/ledger/orders, "More" follows the cursor). */
function FigureOrders({ selection, zone, shopName, onClose }: { selection: Selection; zone: string; shopName: (shop: string | null) => string; onClose: () => void }) {
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
