'use client';

import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import type { LedgerAnswer, LedgerDayView, LedgerFigure } from '@/lib/api/contract';
import { Figure } from '@/components/ui/figure';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import type { ApiError } from '@/lib/query/api-client';
import { fetchLedger, ledgerKeys, type LedgerParams } from '@/lib/query/ledger';
import { ledgerChartData } from '@/lib/query/ledger-chart-data';
import { FigureOrders, useErrorText, type Selection } from './figure-orders';

// The chart and uPlot are a chunk of their own, asked for once the figures are there.
const LedgerChart = lazy(() => import('./ledger-chart'));


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
  // Kept while the answer is the same: the chart draws itself again whenever these change, and a
  // click on a figure re-renders this view.
  const data = useMemo(() => ledgerChartData(answer.days), [answer.days]);
  const labels = useMemo(() => ({ paid: t('paid'), refunded: t('refunded'), day: t('day') }), [t]);
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
          <LedgerChart data={data} labels={labels} locale={locale} />
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
