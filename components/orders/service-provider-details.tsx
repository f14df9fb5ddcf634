'use client';

import { NextIntlClientProvider, useTranslations } from 'next-intl';
import type { Label } from '@/lib/orders/labels';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import { Badge, toneOf } from '../ui/badge';
import { CopyButton } from '../ui/copy-button';
import { Field, Fields, Section } from '../ui/section';
import { Timeline } from './timeline';
import { UsageBar } from './usage-bar';
import type { AnswerProps } from './order-frame';
import { OrderAnswer } from './order-answer';
import { serviceProviderSummary } from './summaries';
import { useDisplay, type Display } from './use-display';

/** Under a badge whose reading the document leaves open: why it is only our reading. */
function ReadingNote({ label, display, testId }: { label: Label; display: Display; testId?: string }) {
  const note = display.note(label);
  return note ? (
    <p className="mt-1 text-xs text-muted" data-testid={testId}>
      {note}
    </p>
  ) : null;
}

function Details({ order, display }: { order: ServiceProviderOrder; display: Display }) {
  const t = useTranslations('sp');
  const tOrder = useTranslations('order');
  const none = tOrder('none');
  const time = (instant: string | null) => (instant ? <span className="font-mono">{display.time(instant)}</span> : none);
  const { validity } = order;

  return (
    <div className="space-y-4">
      <header className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-5">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="break-all font-mono text-xl font-semibold" data-testid="order-id">
            {order.orderId}
          </h1>
          <CopyButton text={order.orderId} label={tOrder('copyId', { name: t('orderId').toLowerCase() })} />
          <Badge tone={toneOf(order.status.key)} testId="status-badge" title={display.note(order.status)}>
            {display.label(order.status)}
          </Badge>
        </div>
        <ReadingNote label={order.status} display={display} testId="status-note" />
        <p className="mt-3 text-3xl font-semibold tracking-tight" data-testid="price">
          {display.money(order.priceFen)}
        </p>
        <div className="mt-4">
          <Fields>
            <Field label={t('product')} testId="product-names">
              {order.product.spuName ?? none} · {order.product.skuName ?? none}
            </Field>
            <Field label={`${t('spu')} / ${t('sku')}`}>
              <span className="font-mono">
                {order.product.spuId ?? none} / {order.product.skuId ?? none}
              </span>
            </Field>
            <Field label={t('bizId')}>
              <span className="font-mono">{order.product.bizId ?? none}</span>
            </Field>
            <Field label={t('count')}>{order.product.skuCount ?? none}</Field>
          </Fields>
        </div>
      </header>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={t('usage')} id="usage-heading">
          {order.usage ? <UsageBar usage={order.usage} /> : <p className="text-muted">{t('usageAbsent')}</p>}
        </Section>

        <Section
          title={t('validity')}
          id="validity-heading"
          aside={
            <span className="text-sm" data-testid="validity-state">
              {validity.state === 'expired' && <Badge tone="bad">{t('expiredAgo', { days: Math.abs(validity.daysRemaining ?? 0) })}</Badge>}
              {validity.state === 'active' && validity.daysRemaining !== null && <Badge tone="ok">{t('daysRemaining', { days: validity.daysRemaining })}</Badge>}
              {validity.state === 'not-started' && <Badge tone="info">{t('notStarted')}</Badge>}
              {validity.notApplicable && <Badge tone="neutral">{t(`validityNotApplicable.${validity.notApplicable}`)}</Badge>}
            </span>
          }
        >
          {validity.from || validity.until ? (
            <Fields>
              <Field label={t('validFrom')}>{time(validity.from)}</Field>
              <Field label={t('validUntil')}>{time(validity.until)}</Field>
            </Fields>
          ) : (
            <p className="text-muted">{t('noValidity')}</p>
          )}
        </Section>

        <Section title={t('invoice')} id="invoice-heading">
          {order.invoice ? (
            <Fields>
              <Field label={t('invoiceStatus')} testId="invoice-status">
                {order.invoice.status ? (
                  <>
                    <Badge tone={toneOf(order.invoice.status.key)} title={display.note(order.invoice.status)}>
                      {display.label(order.invoice.status)}
                    </Badge>
                    <ReadingNote label={order.invoice.status} display={display} />
                  </>
                ) : (
                  none
                )}
              </Field>
              <Field label={t('invoiceRequested')}>{time(order.invoice.requestedAt)}</Field>
            </Fields>
          ) : (
            <p className="text-muted" data-testid="invoice-status">
              {t('noInvoice')}
            </p>
          )}
        </Section>

        <Section title={t('timeline')} id="timeline-heading">
          <Timeline events={order.timeline} display={display} />
        </Section>
      </div>
    </div>
  );
}

/** The loaded service-provider order: its sections inside the common answer frame. */
function ServiceProviderAnswer(props: AnswerProps<ServiceProviderOrder>) {
  const display = useDisplay();
  const t = { sp: useTranslations('sp'), timeline: useTranslations('timeline'), order: useTranslations('order') };
  return (
    <OrderAnswer {...props} display={display} summary={serviceProviderSummary(props.data.order, display, t)}>
      <Details order={props.data.order} display={display} />
    </OrderAnswer>
  );
}

export default function ServiceProviderAnswerWithIntl(props: AnswerProps<ServiceProviderOrder>) {
  return (
    <NextIntlClientProvider {...props.intl}>
      <ServiceProviderAnswer {...props} />
    </NextIntlClientProvider>
  );
}
