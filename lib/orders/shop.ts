import type { WeChatProfitSharingRecord, WeChatRefundRecord, WeChatShopPayOrder } from './wechat-shapes';
import { outcomeLabel, outcomeOf, shopStateLabel, type Label, type Outcome, type ShopState } from './labels';
import { sumFen, toBigInt, type Fen } from './money';
import { addDays, fromSeconds, type Instant } from './time';
import { buildTimeline, eventAt, type TimelineEvent } from './timeline';

export interface Totals {
  succeededFen: Fen;
  inProgressFen: Fen;
  failedFen: Fen;
}

export interface Refund {
  refundNo: string;
  refundId: string;
  amountFen: Fen;
  requestedAt: Instant | null;
  finishedAt: Instant | null;
  /** WeChat's result string as sent, or null when it has none yet. */
  result: string | null;
  outcome: Label;
  failReason: string | null;
}

export interface ProfitSharing {
  profitSharingNo: string;
  profitSharingId: string;
  /** The order's merchant id as WeChat sent it; null when it sent none. */
  mchId: string | null;
  amountFen: Fen;
  requestedAt: Instant | null;
  finishedAt: Instant | null;
  result: string | null;
  outcome: Label;
  failReason: string | null;
}

export interface ShopOrder {
  kind: 'shop';
  tradeNo: string;
  transactionId: string | null;
  combineTradeNo: string | null;
  mchId: string | null;
  description: string | null;
  amountFen: Fen;
  state: Label & { key: ShopState };
  createdAt: Instant | null;
  updatedAt: Instant | null;
  paidAt: Instant | null;
  expiresAt: Instant | null;
  closed: boolean;
  closedAt: Instant | null;
  refunds: Refund[];
  refundTotals: Totals;
  /** Amount less the refunds that succeeded. */
  remainingFen: Fen;
  profitSharing: ProfitSharing[];
  profitSharingTotals: Totals;
  profitSharingDelayDays: number | null;
  /** pay time + delay days; null while unpaid or when WeChat sent no delay. */
  profitSharingFrom: Instant | null;
  /** true: cannot be shared now; null: WeChat did not say. */
  profitSharingFrozen: boolean | null;
  timeline: TimelineEvent[];
  asOf: Instant;
}

export function normaliseShopOrder(raw: WeChatShopPayOrder, asOf: Instant): ShopOrder {
  const amount = toBigInt(raw.amount);
  const refunds = (raw.refund_list ?? []).map(toRefund);
  const sharing = (raw.profit_sharing_list ?? []).map(toProfitSharing);
  const refundTotals = totalsOf(refunds);
  const paidAt = fromSeconds(raw.pay_time);
  const closed = raw.close_status === 1;
  const createdAt = fromSeconds(raw.create_time);
  const updatedAt = fromSeconds(raw.update_time);
  const expiresAt = fromSeconds(raw.expire_time);
  const closedAt = fromSeconds(raw.close_time);
  const delay = raw.profit_sharing_delay ?? null;
  const refunded = toBigInt(refundTotals.succeededFen);
  const state = shopStateOf({ closed, paid: paidAt !== null, amount, refunded });

  return {
    kind: 'shop',
    tradeNo: raw.trade_no,
    transactionId: raw.transaction_id || null,
    combineTradeNo: raw.combine_trade_no || null,
    mchId: raw.mchid || null,
    description: raw.description ?? null,
    amountFen: amount.toString(),
    state: { ...shopStateLabel(state), key: state },
    createdAt,
    updatedAt,
    paidAt,
    expiresAt,
    closed,
    closedAt,
    refunds,
    refundTotals,
    remainingFen: (amount - refunded).toString(),
    profitSharing: sharing,
    profitSharingTotals: totalsOf(sharing),
    profitSharingDelayDays: delay,
    profitSharingFrom: paidAt && delay !== null ? addDays(paidAt, delay) : null,
    profitSharingFrozen: raw.profit_sharing_frozen === undefined ? null : raw.profit_sharing_frozen === 1,
    timeline: buildTimeline([
      eventAt('created', createdAt),
      eventAt('paid', paidAt),
      ...refunds.flatMap((r) => [
        eventAt('refund-requested', r.requestedAt, { ref: r.refundNo, amountFen: r.amountFen }),
        eventAt('refund-finished', r.finishedAt, { ref: r.refundNo, amountFen: r.amountFen, ...(r.result ? { result: r.result } : {}) }),
      ]),
      ...sharing.flatMap((s) => [
        eventAt('profit-sharing-requested', s.requestedAt, { ref: s.profitSharingNo, amountFen: s.amountFen }),
        eventAt('profit-sharing-finished', s.finishedAt, { ref: s.profitSharingNo, amountFen: s.amountFen, ...(s.result ? { result: s.result } : {}) }),
      ]),
      eventAt('closed', closedAt),
      eventAt('expires', expiresAt),
      eventAt('updated', updatedAt),
    ]),
    asOf,
  };
}

function shopStateOf(o: { closed: boolean; paid: boolean; amount: bigint; refunded: bigint }): ShopState {
  if (o.closed) return 'closed';
  if (!o.paid) return 'unpaid';
  if (o.refunded > 0n && o.refunded >= o.amount) return 'refunded';
  if (o.refunded > 0n) return 'partly-refunded';
  return 'paid';
}

/** What refunds and profit sharings have in common: amount, times and how it ended. */
function recordOf(r: WeChatRefundRecord | WeChatProfitSharingRecord) {
  return {
    amountFen: toBigInt(r.amount).toString(),
    requestedAt: fromSeconds(r.create_time),
    finishedAt: fromSeconds(r.finish_time),
    result: r.result ?? null,
    outcome: outcomeLabel(r.result),
    failReason: r.fail_reason || null,
  };
}

function toRefund(r: WeChatRefundRecord): Refund {
  return { refundNo: r.refund_no, refundId: r.refund_id, ...recordOf(r) };
}

function toProfitSharing(s: WeChatProfitSharingRecord): ProfitSharing {
  return { profitSharingNo: s.profit_sharing_no, profitSharingId: s.profit_sharing_id, mchId: s.mchid ?? null, ...recordOf(s) };
}

function totalsOf(records: Array<{ amountFen: Fen; result: string | null }>): Totals {
  const by = (outcome: Outcome) =>
    sumFen(records.filter((r) => outcomeOf(r.result ?? undefined) === outcome).map((r) => r.amountFen)).toString();
  return { succeededFen: by('succeeded'), inProgressFen: by('in-progress'), failedFen: by('failed') };
}
