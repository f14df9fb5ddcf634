'use client';

import { NextIntlClientProvider, useTranslations } from 'next-intl';
import type { ProfitSharing, Refund, ShopOrder } from '@/lib/orders/shop';
import { Badge, toneOf } from '../ui/badge';
import { CopyButton } from '../ui/copy-button';
import { Field, Fields, Section } from '../ui/section';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { Timeline } from './timeline';
import type { AnswerProps } from './order-frame';
import { OrderAnswer } from './order-answer';
import { shopLabel, shopSummary } from './summaries';
import { useDisplay, type Display } from './use-display';

function IdWithCopy({ value, name }: { value: string | null; name: string }) {
  const t = useTranslations('order');
  if (!value) return <>{t('none')}</>;
  return (
    <span className="inline-flex max-w-full flex-wrap items-center justify-end gap-2 md:justify-start">
      <span className="break-all font-mono">{value}</span>
      <CopyButton text={value} label={t('copyId', { name: name.toLowerCase() })} />
    </span>
  );
}

function Details({ order, shop, display }: { order: ShopOrder; shop: string | null; display: Display }) {
  const t = useTranslations('shop');
  const tOrder = useTranslations('order');
  const none = tOrder('none');
  const time = (instant: string | null) => (instant ? <span className="font-mono">{display.time(instant)}</span> : none);
  // Every result but SUCCESS is shown raw beside its reading; an unknown one without a result says so.
  const outcome = (r: Refund | ProfitSharing) => (
    <Badge tone={toneOf(r.outcome.key)}>
      {display.label(r.outcome)}
      {r.result && r.result !== 'SUCCESS' ? ` · ${r.result}` : ''}
      {!r.result && r.outcome.key === 'unknown' ? ` · ${t('noResult')}` : ''}
    </Badge>
  );
  // Unrecognised results are totalled apart, and shown only when there are any; "remaining" only for a paid order.
  const totals = (
    [
      ['amount', t('amount'), order.amountFen],
      ['refunded', t('refunded'), order.refundTotals.succeededFen],
      ['refunds-in-progress', t('refundsInProgress'), order.refundTotals.inProgressFen],
      ['refunds-failed', t('refundsFailed'), order.refundTotals.failedFen],
      ['refunds-unknown', t('refundsUnknown'), order.refundTotals.unknownFen],
      ['remaining', t('remaining'), order.remainingFen],
      ['shared', t('shared'), order.profitSharingTotals.succeededFen],
      ['sharing-unknown', t('sharingUnknown'), order.profitSharingTotals.unknownFen],
    ] as const
  ).flatMap(([key, label, fen]) => (fen !== null && (!key.endsWith('-unknown') || fen !== '0') ? [[key, label, fen] as const] : []));

  const refundColumns: Column<Refund>[] = [
    { label: t('refundNo'), cell: (r) => <IdWithCopy value={r.refundNo} name={t('refundNo')} /> },
    { label: t('refundId'), cell: (r) => <IdWithCopy value={r.refundId} name={t('refundId')} /> },
    { label: t('amount'), cell: (r) => display.money(r.amountFen), numeric: true },
    { label: t('requested'), cell: (r) => time(r.requestedAt) },
    { label: t('finished'), cell: (r) => time(r.finishedAt) },
    { label: t('result'), cell: outcome },
    { label: t('failReason'), cell: (r) => r.failReason ?? none },
  ];
  const sharingColumns: Column<ProfitSharing>[] = [
    { label: t('sharingNo'), cell: (s) => <IdWithCopy value={s.profitSharingNo} name={t('sharingNo')} /> },
    { label: t('sharingId'), cell: (s) => <IdWithCopy value={s.profitSharingId} name={t('sharingId')} /> },
    // The document calls it only "Merchant Number" and its example gives the order's own merchant: not the receiver.
    { label: t('mchId'), cell: (s) => <span className="font-mono">{s.mchId ?? none}</span> },
    { label: t('amount'), cell: (s) => display.money(s.amountFen), numeric: true },
    { label: t('requested'), cell: (s) => time(s.requestedAt) },
    { label: t('finished'), cell: (s) => time(s.finishedAt) },
    { label: t('result'), cell: outcome },
    { label: t('failReason'), cell: (s) => s.failReason ?? none },
  ];

  return (
    <div className="space-y-4">
      <header className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-5">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="break-all font-mono text-xl font-semibold" data-testid="order-id">
            {order.tradeNo}
          </h1>
          <CopyButton text={order.tradeNo} label={tOrder('copyId', { name: t('tradeNo').toLowerCase() })} />
          <Badge tone={toneOf(order.state.key)} testId="status-badge">
            {display.label(order.state)}
          </Badge>
        </div>
        <p className="mt-1 break-words text-muted" data-testid="description">
          {order.description ?? none}
        </p>
        <p className="mt-3 text-3xl font-semibold tracking-tight" data-testid="amount">
          {display.money(order.amountFen)}
        </p>
        <div className="mt-4">
          <Fields>
            {shop && (
              <Field label={t('shop')} testId="shop-name">
                {shop}
              </Field>
            )}
            <Field label={t('transactionId')}>
              <IdWithCopy value={order.transactionId} name={t('transactionId')} />
            </Field>
            <Field label={t('mchId')}>
              <span className="font-mono">{order.mchId ?? none}</span>
            </Field>
            <Field label={t('combineTradeNo')}>
              <span className="break-all font-mono">{order.combineTradeNo ?? none}</span>
            </Field>
            <Field label={t('closeStatus')} testId="close-status">
              {order.closeStatus ? display.label(order.closeStatus) : none}
            </Field>
            {order.paymentDeadline.at && (
              <Field label={t('paymentDeadline')} testId="payment-deadline">
                {time(order.paymentDeadline.at)}
                <span className="text-sm text-muted">
                  {' '}
                  · {order.paymentDeadline.applies ? display.relative(order.paymentDeadline.at) : order.paidAt ? t('deadlinePaid') : t('deadlineClosed')}
                </span>
              </Field>
            )}
          </Fields>
        </div>
      </header>

      <Section title={t('summary')} id="summary-heading">
        <dl className={`grid grid-cols-2 gap-3 sm:grid-cols-3 ${totals.length > 6 ? 'lg:grid-cols-4' : 'lg:grid-cols-6'}`} data-testid="reconciliation">
          {totals.map(([key, label, fen]) => (
            <div key={key} className="rounded-lg bg-surface-2 p-3" data-total={key}>
              <dt className="text-xs text-muted">{label}</dt>
              <dd className="mt-1 font-mono font-semibold">{display.money(fen)}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section title={t('timeline')} id="timeline-heading">
        <Timeline events={order.timeline} display={display} />
      </Section>

      <Section title={t('refunds')} id="refunds-heading" aside={<span className="text-sm text-muted">{t('refundsCount', { count: order.refunds.length })}</span>}>
        {order.refunds.length > 0 && <RecordTable rows={order.refunds} columns={refundColumns} rowKey={(r) => r.refundNo + r.refundId} caption={t('refunds')} testId="refund-table" />}
      </Section>

      <Section
        title={t('profitSharing')}
        id="sharing-heading"
        aside={
          order.profitSharingFrozen === null ? undefined : (
            <Badge tone={toneOf(order.profitSharingFrozen.key)} testId="frozen-badge">
              {/* An unknown value needs its field's name to make sense beside the heading. */}
              {order.profitSharingFrozen.key === 'unknown' ? t('frozenFlag', { value: display.label(order.profitSharingFrozen) }) : display.label(order.profitSharingFrozen)}
            </Badge>
          )
        }
      >
        <div className="mb-3">
          <Fields>
            <Field label={t('sharingFrom')} testId="sharing-from">
              {order.profitSharingFrom ? time(order.profitSharingFrom) : order.paidAt ? none : t('notPaid')}
              {order.profitSharingDelayDays !== null && <span className="text-sm text-muted"> ({t('sharingDelay', { days: order.profitSharingDelayDays })})</span>}
            </Field>
            <Field label={t('shared')}>
              <span className="font-mono">{display.money(order.profitSharingTotals.succeededFen)}</span>
              {order.profitSharingTotals.inProgressFen !== '0' && (
                <span className="text-sm text-muted">
                  {' '}
                  · {t('sharingInProgress')} {display.money(order.profitSharingTotals.inProgressFen)}
                </span>
              )}
              {order.profitSharingTotals.unknownFen !== '0' && (
                <span className="text-sm text-muted">
                  {' '}
                  · {t('sharingUnknown')} {display.money(order.profitSharingTotals.unknownFen)}
                </span>
              )}
            </Field>
          </Fields>
        </div>
        <p className="mb-2 text-sm text-muted">{t('sharingCount', { count: order.profitSharing.length })}</p>
        {order.profitSharing.length > 0 && (
          <RecordTable rows={order.profitSharing} columns={sharingColumns} rowKey={(s) => s.profitSharingNo + s.profitSharingId} caption={t('profitSharing')} testId="sharing-table" />
        )}
      </Section>
    </div>
  );
}

/** The loaded shop order: its sections inside the common answer frame. */
function ShopAnswer(props: AnswerProps<ShopOrder>) {
  const display = useDisplay();
  const t = { shop: useTranslations('shop'), timeline: useTranslations('timeline'), order: useTranslations('order') };
  return (
    <OrderAnswer {...props} display={display} summary={shopSummary(props.data.order, shopLabel(props.data.shop), display, t)}>
      <Details order={props.data.order} shop={shopLabel(props.data.shop)} display={display} />
    </OrderAnswer>
  );
}

export default function ShopAnswerWithIntl(props: AnswerProps<ShopOrder>) {
  return (
    <NextIntlClientProvider {...props.intl}>
      <ShopAnswer {...props} />
    </NextIntlClientProvider>
  );
}
