import type { WeChatServiceProviderOrder } from './wechat-shapes';
import { invoiceStatusLabel, orderStatusLabel, type Label } from './labels';
import { percentOf, toBigInt, type Fen } from './money';
import { daysBetween, fromMillis, fromSeconds, type Instant } from './time';
import { buildTimeline, eventAt, type TimelineEvent } from './timeline';

export interface ServiceProviderOrder {
  kind: 'service-provider';
  orderId: string;
  status: Label;
  priceFen: Fen;
  createdAt: Instant | null;
  updatedAt: Instant | null;
  payment: { requestedAt: Instant | null; paidAt: Instant | null };
  product: {
    spuId: string | null;
    skuId: string | null;
    bizId: number | null;
    spuName: string | null;
    skuName: string | null;
    skuCount: number | null;
  };
  validity: {
    from: Instant | null;
    until: Instant | null;
    /** Relative to `asOf`: not started yet, running, or over; or not applicable to this order. */
    state: 'not-started' | 'active' | 'expired' | 'unknown' | 'not-applicable';
    /** Why the window does not apply: the order was never paid, or no longer stands. */
    notApplicable: ValidityNotApplicable | null;
    /** Whole days from `asOf` to `until`; negative once expired; null when not applicable. */
    daysRemaining: number | null;
  };
  invoice: { status: Label | null; requestedAt: Instant | null } | null;
  /** Absent until the order is paid. */
  usage: { used: string; all: string; remaining: string; percent: string | null } | null;
  timeline: TimelineEvent[];
  /** The instant relative times were computed against (the fetch time). */
  asOf: Instant;
}

export type ValidityNotApplicable = 'unpaid' | 'timed-out' | 'refunded' | 'cancelled' | 'unknown-status';

/**
 * A resource pack's validity counts only for an order that was paid and still stands: paid (2),
 * refunding (5: no refund has succeeded yet) or refund failed (7).
 */
const validityNotApplicable: Record<number, ValidityNotApplicable | null> = {
  1: 'unpaid',
  2: null,
  3: 'timed-out',
  5: null,
  6: 'refunded',
  7: null,
  9: 'cancelled',
};

function whyValidityDoesNotApply(status: number): ValidityNotApplicable | null {
  const known = validityNotApplicable[status];
  return known === undefined ? 'unknown-status' : known;
}

export function normaliseServiceProviderOrder(raw: WeChatServiceProviderOrder, asOf: Instant): ServiceProviderOrder {
  const product = raw.orderProductInfo ?? {};
  const createdAt = fromMillis(raw.createTime);
  const updatedAt = fromMillis(raw.updateTime);
  const requestedAt = fromSeconds(raw.payInfo?.applyPayTime);
  const paidAt = fromSeconds(raw.payInfo?.finishPayTime);
  const validFrom = fromSeconds(product.validityBeginTime);
  const validUntil = fromSeconds(product.validityEndTime);
  const invoiceAt = fromSeconds(raw.invoiceInfo?.invoiceApplyTime);

  return {
    kind: 'service-provider',
    orderId: raw.orderId,
    status: orderStatusLabel(raw.status),
    priceFen: toBigInt(raw.orderPrice).toString(),
    createdAt,
    updatedAt,
    payment: { requestedAt, paidAt },
    product: {
      spuId: product.spSpuId ?? null,
      skuId: product.spSkuId ?? null,
      bizId: product.spBizId ?? null,
      spuName: product.spuName ?? null,
      skuName: product.skuName ?? null,
      skuCount: product.skuCnt ?? null,
    },
    validity: validityOf(validFrom, validUntil, asOf, whyValidityDoesNotApply(raw.status)),
    invoice: raw.invoiceInfo
      ? {
          status: raw.invoiceInfo.invoiceStatus === undefined ? null : invoiceStatusLabel(raw.invoiceInfo.invoiceStatus),
          requestedAt: invoiceAt,
        }
      : null,
    usage: raw.usage ? usageOf(raw.usage.used, raw.usage.all) : null,
    timeline: buildTimeline([
      eventAt('created', createdAt),
      eventAt('payment-requested', requestedAt),
      eventAt('paid', paidAt),
      eventAt('invoice-requested', invoiceAt),
      eventAt('validity-start', validFrom),
      eventAt('validity-end', validUntil),
      eventAt('updated', updatedAt),
    ]),
    asOf,
  };
}

function validityOf(from: Instant | null, until: Instant | null, asOf: Instant, notApplicable: ValidityNotApplicable | null): ServiceProviderOrder['validity'] {
  if (notApplicable) return { from, until, state: 'not-applicable', notApplicable, daysRemaining: null };
  const now = Date.parse(asOf);
  let state: ServiceProviderOrder['validity']['state'] = 'unknown';
  if (until && Date.parse(until) <= now) state = 'expired';
  else if (from && Date.parse(from) > now) state = 'not-started';
  else if (from || until) state = 'active';
  return { from, until, state, notApplicable: null, daysRemaining: until ? daysBetween(asOf, until) : null };
}

function usageOf(used: string, all: string): NonNullable<ServiceProviderOrder['usage']> {
  const u = toBigInt(used);
  const a = toBigInt(all);
  return {
    used: u.toString(),
    all: a.toString(),
    remaining: (a - u).toString(),
    percent: percentOf(u, a),
  };
}
