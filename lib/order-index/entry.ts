/**
 * What the order index keeps of one normalised order (pure: no database here). The index row is
 * written by every successful lookup; search and the needs-attention list read it.
 */
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import { toBigInt } from '@/lib/orders/money';
import type { Instant } from '@/lib/orders/time';

/** Which of an order's ids a search matched. */
export const refKinds = ['transaction-id', 'combine-trade-no', 'refund-no', 'refund-id', 'sharing-no', 'sharing-id'] as const;
export type RefKind = (typeof refKinds)[number];
export type MatchedOn = 'trade-no' | 'order-id' | RefKind;

export interface IndexEntry {
  kind: 'service-provider' | 'shop';
  /** The shop's id, '' for service-provider orders. */
  shop: string;
  orderId: string;
  refs: string[];
  amountFen: bigint;
  state: string;
  paidAt: Instant | null;
  /** Attention facts: the earliest refund still in progress. */
  refundInProgressSince: Instant | null;
  refundFailed: boolean;
  sharingFailed: boolean;
  /** From when profit sharing was possible and nothing has been shared or is in progress. */
  sharingPossibleSince: Instant | null;
  /** A closed shop order with a refund still in progress. */
  closedRefundPending: boolean;
  /** A resource pack at 90 % use or more. */
  usageHigh: boolean;
  /** The end of a resource pack's validity window, while the window applies. */
  validUntil: Instant | null;
}

export const ref = (kind: RefKind, id: string): string => `${kind}:${id}`;

export function indexEntryOf(order: ServiceProviderOrder | ShopOrder, shop: string): IndexEntry {
  return order.kind === 'shop' ? shopEntry(order, shop) : serviceProviderEntry(order);
}

function shopEntry(order: ShopOrder, shop: string): IndexEntry {
  const refs = [
    order.transactionId && ref('transaction-id', order.transactionId),
    order.combineTradeNo && ref('combine-trade-no', order.combineTradeNo),
    ...order.refunds.flatMap((r) => [r.refundNo && ref('refund-no', r.refundNo), r.refundId && ref('refund-id', r.refundId)]),
    ...order.profitSharing.flatMap((s) => [s.profitSharingNo && ref('sharing-no', s.profitSharingNo), s.profitSharingId && ref('sharing-id', s.profitSharingId)]),
  ].filter((r): r is string => Boolean(r));
  const inProgress = order.refunds.filter((r) => r.outcome.key === 'in-progress');
  const nothingShared = toBigInt(order.profitSharingTotals.succeededFen) === 0n && toBigInt(order.profitSharingTotals.inProgressFen) === 0n;
  const stillHeld = order.state.key === 'paid' || order.state.key === 'partly-refunded';
  // Sharing is possible once the delay after payment has passed and the funds are not frozen (profit_sharing_frozen 0).
  const sharingPossible = stillHeld && nothingShared && order.profitSharingFrozen?.key === 'not-frozen' && order.profitSharingFrom !== null;
  return {
    kind: 'shop',
    shop,
    orderId: order.tradeNo,
    refs: [...new Set(refs)],
    amountFen: toBigInt(order.amountFen),
    state: order.state.key,
    paidAt: order.paidAt,
    refundInProgressSince: earliest(inProgress.map((r) => r.requestedAt ?? order.asOf)),
    refundFailed: order.refunds.some((r) => r.outcome.key === 'failed'),
    sharingFailed: order.profitSharing.some((s) => s.outcome.key === 'failed'),
    sharingPossibleSince: sharingPossible ? order.profitSharingFrom : null,
    closedRefundPending: order.state.key === 'closed' && inProgress.length > 0,
    usageHigh: false,
    validUntil: null,
  };
}

function serviceProviderEntry(order: ServiceProviderOrder): IndexEntry {
  const usage = order.usage;
  const windowApplies = order.validity.state === 'active' || order.validity.state === 'not-started';
  return {
    kind: 'service-provider',
    shop: '',
    orderId: order.orderId,
    refs: [],
    amountFen: toBigInt(order.priceFen),
    state: order.status.key,
    paidAt: order.payment.paidAt,
    refundInProgressSince: null,
    refundFailed: order.status.key === 'refund-failed',
    sharingFailed: false,
    sharingPossibleSince: null,
    closedRefundPending: false,
    usageHigh: usage !== null && toBigInt(usage.all) > 0n && toBigInt(usage.used) * 10n >= toBigInt(usage.all) * 9n,
    validUntil: windowApplies ? order.validity.until : null,
  };
}

function earliest(instants: Instant[]): Instant | null {
  return instants.length === 0 ? null : instants.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/** An indexed order's state in the reader's language, as its order page named it at the last lookup. */
export function stateText(order: { state: string; summary: unknown }, locale: string): string {
  const summary = order.summary as { state?: { en?: string; zh?: string }; status?: { en?: string; zh?: string } } | null;
  const label = summary?.state ?? summary?.status;
  return (locale === 'zh-CN' ? label?.zh : label?.en) ?? order.state;
}
