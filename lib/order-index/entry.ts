/**
 * What the order index keeps of one normalised order (pure: no database here). The index row is
 * written by every successful lookup; search and the needs-attention list read it.
 */
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import { toBigInt } from '@/lib/orders/money';
import type { Instant } from '@/lib/orders/time';
import type { Bilingual } from '@/lib/errors';

import { refKinds, type MatchedOn, type RefKind } from '@/lib/api/contract';

export { refKinds, type MatchedOn, type RefKind };

export interface IndexEntry {
  kind: 'service-provider' | 'shop';
  /** The shop's id, '' for service-provider orders. */
  shop: string;
  orderId: string;
  refs: string[];
  amountFen: bigint;
  state: string;
  paidAt: Instant | null;
  /** Attention facts: a refund in progress (shop: a record in progress; service provider: status 5, our reading). */
  refundInProgress: boolean;
  /** Since when, the earliest: null when WeChat gave no time for one of them (unknown, never the fetch time). */
  refundInProgressSince: Instant | null;
  refundFailed: boolean;
  sharingFailed: boolean;
  /**
   * From when profit sharing was possible (pay time + `profit_sharing_delay` days, funds not frozen:
   * our reading) on an order with no sharing record at all.
   */
  sharingPossibleSince: Instant | null;
  /** A refund or sharing whose result Order Desk does not recognise (REFUNDCLOSE, CANCELLED, …). */
  resultUnknown: boolean;
  /** A closed shop order with a refund still in progress. */
  closedRefundPending: boolean;
  /** A resource pack that still counts (its validity window applies and is not over) at 90 % use or more. */
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
  // Any sharing record at all (failed and unknown ones included) ends "nothing shared": a failure or
  // an unknown result raises its own reason instead.
  const nothingShared = order.profitSharing.length === 0;
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
    refundInProgress: inProgress.length > 0,
    refundInProgressSince: inProgress.some((r) => r.requestedAt === null) ? null : earliest(inProgress.flatMap((r) => (r.requestedAt ? [r.requestedAt] : []))),
    refundFailed: order.refunds.some((r) => r.outcome.key === 'failed'),
    sharingFailed: order.profitSharing.some((s) => s.outcome.key === 'failed'),
    sharingPossibleSince: sharingPossible ? order.profitSharingFrom : null,
    resultUnknown: [...order.refunds, ...order.profitSharing].some((r) => r.outcome.key === 'unknown'),
    closedRefundPending: order.state.key === 'closed' && inProgress.length > 0,
    usageHigh: false,
    validUntil: null,
  };
}

function serviceProviderEntry(order: ServiceProviderOrder): IndexEntry {
  const usage = order.usage;
  // The same rule for "pack ending" and "pack nearly used": only a pack whose window applies and is not over counts.
  const windowApplies = order.validity.state === 'active' || order.validity.state === 'not-started';
  const refunding = order.status.key === 'refunding';
  return {
    kind: 'service-provider',
    shop: '',
    orderId: order.orderId,
    refs: [],
    amountFen: toBigInt(order.priceFen),
    state: order.status.key,
    paidAt: order.payment.paidAt,
    // Status 5 read as "refunding" (our reading of the document's table), in progress since the order's updateTime.
    refundInProgress: refunding,
    refundInProgressSince: refunding ? order.updatedAt : null,
    refundFailed: order.status.key === 'refund-failed',
    sharingFailed: false,
    sharingPossibleSince: null,
    resultUnknown: false,
    closedRefundPending: false,
    usageHigh: windowApplies && usage !== null && toBigInt(usage.all) > 0n && toBigInt(usage.used) * 10n >= toBigInt(usage.all) * 9n,
    validUntil: windowApplies ? order.validity.until : null,
  };
}

function earliest(instants: Instant[]): Instant | null {
  return instants.length === 0 ? null : instants.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}

/** An indexed order's state in the reader's language, as its order page named it at the last lookup. */
export function stateText(order: { state: string; stateLabel: Bilingual | null }, locale: string): string {
  return (locale === 'zh-CN' ? order.stateLabel?.zh : order.stateLabel?.en) ?? order.state;
}
