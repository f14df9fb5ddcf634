import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import { groupDigits } from '@/lib/orders/money';
import type { Display } from './use-display';

type Translate = (key: string, values?: Record<string, string | number>) => string;
type Row = [label: string, value: string | null | undefined];

/** Plain text for a support ticket: one "label: value" line each, in the reader's language. */
function lines(rows: Row[]): string {
  return rows
    .filter((row): row is [string, string] => Boolean(row[1]))
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

export function serviceProviderSummary(order: ServiceProviderOrder, d: Display, t: { sp: Translate; timeline: Translate; order: Translate }): string {
  const at = (instant: string | null) => (instant ? d.time(instant) : null);
  const usage = order.usage && `${groupDigits(order.usage.used)} / ${groupDigits(order.usage.all)}${order.usage.percent ? ` (${order.usage.percent}%)` : ''}`;
  return lines([
    [t.sp('orderId'), order.orderId],
    [t.order('status'), d.label(order.status)],
    [t.sp('price'), d.money(order.priceFen)],
    [t.sp('product'), [order.product.spuName, order.product.skuName].filter(Boolean).join(' · ')],
    [t.timeline('created'), at(order.createdAt)],
    [t.timeline('paid'), at(order.payment.paidAt)],
    [t.sp('usage'), usage ?? t.sp('usageAbsent')],
    [t.sp('validUntil'), at(order.validity.until)],
    [t.sp('invoice'), order.invoice?.status ? d.label(order.invoice.status) : t.sp('noInvoice')],
    [t.order('asOfLabel'), d.time(order.asOf)],
  ]);
}

/** A shop as people read it: its name, with its id beside when they differ. */
export function shopLabel(shop: { id: string; name: string } | undefined): string | null {
  if (!shop) return null;
  return shop.name === shop.id ? shop.id : `${shop.name} (${shop.id})`;
}

export function shopSummary(order: ShopOrder, shop: string | null, d: Display, t: { shop: Translate; timeline: Translate; order: Translate }): string {
  const at = (instant: string | null) => (instant ? d.time(instant) : null);
  return lines([
    [t.shop('tradeNo'), order.tradeNo],
    [t.shop('shop'), shop],
    [t.shop('transactionId'), order.transactionId],
    [t.order('status'), d.label(order.state)],
    [t.shop('mchId'), order.mchId],
    [t.shop('description'), order.description],
    [t.shop('amount'), d.money(order.amountFen)],
    [t.timeline('paid'), at(order.paidAt)],
    [t.shop('refunded'), d.money(order.refundTotals.succeededFen)],
    [t.shop('refundsInProgress'), order.refundTotals.inProgressFen === '0' ? null : d.money(order.refundTotals.inProgressFen)],
    [t.shop('refundsUnknown'), order.refundTotals.unknownFen === '0' ? null : d.money(order.refundTotals.unknownFen)],
    [t.shop('remaining'), order.remainingFen === null ? null : d.money(order.remainingFen)],
    [t.shop('shared'), d.money(order.profitSharingTotals.succeededFen)],
    [t.shop('sharingUnknown'), order.profitSharingTotals.unknownFen === '0' ? null : d.money(order.profitSharingTotals.unknownFen)],
    [t.shop('sharingFrom'), at(order.profitSharingFrom)],
    [t.order('asOfLabel'), d.time(order.asOf)],
  ]);
}
