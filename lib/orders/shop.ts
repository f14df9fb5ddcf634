import type { WeChatProfitSharingRecord, WeChatRefundRecord, WeChatShopPayOrder } from './wechat-shapes';
import { closeStatusLabel, frozenLabel, outcomeLabel, shopStateLabel, type Label, type Outcome, type ShopState } from './labels';
import { sumFen, toBigInt, type Fen } from './money';
import { addDays, fromSeconds, type Instant } from './time';
import { buildTimeline, eventAt, type TimelineEvent } from './timeline';

export interface Totals {
  succeededFen: Fen;
  inProgressFen: Fen;
  failedFen: Fen;
  /** Records whose result Order Desk does not recognise: in none of the other totals. */
  unknownFen: Fen;
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
  /** `expire_time`: the deadline for paying, which matters only while the order is unpaid and open. */
  paymentDeadline: { at: Instant | null; applies: boolean };
  /** `close_status` as sent (0 open, 1 closed, anything else unknown); null when absent. */
  closeStatus: Label | null;
  closedAt: Instant | null;
  refunds: Refund[];
  refundTotals: Totals;
  /**
   * Amount less the refunds that succeeded; only for an order that was paid and is not closed
   * (an unpaid or closed order holds no money: null, never the amount).
   */
  remainingFen: Fen | null;
  profitSharing: ProfitSharing[];
  profitSharingTotals: Totals;
  profitSharingDelayDays: number | null;
  /** pay time + delay days; null while unpaid or when WeChat sent no delay. */
  profitSharingFrom: Instant | null;
  /** `profit_sharing_frozen` as sent (1 frozen, 0 not, anything else unknown); null when absent. */
  profitSharingFrozen: Label | null;
  timeline: TimelineEvent[];
  asOf: Instant;
}

export function normaliseShopOrder(raw: WeChatShopPayOrder, asOf: Instant): ShopOrder {
  const amount = toBigInt(raw.amount);
  const refunds = (raw.refund_list ?? []).map(toRefund);
  const sharing = (raw.profit_sharing_list ?? []).map(toProfitSharing);
  const refundTotals = totalsOf(refunds);
  const paidAt = fromSeconds(raw.pay_time);
  const closeStatus = raw.close_status === undefined ? null : closeStatusLabel(raw.close_status);
  const closed = closeStatus?.key === 'closed';
  const createdAt = fromSeconds(raw.create_time);
  const updatedAt = fromSeconds(raw.update_time);
  const deadline = fromSeconds(raw.expire_time);
  // A transaction_id is WeChat Pay's id of a payment: the order was paid even if pay_time is missing (our reading).
  const paid = paidAt !== null || Boolean(raw.transaction_id);
  const deadlineApplies = deadline !== null && !paid && !closed;
  const closedAt = fromSeconds(raw.close_time);
  const delay = raw.profit_sharing_delay ?? null;
  const refunded = toBigInt(refundTotals.succeededFen);
  const state = shopStateOf({ closed, paid, amount, refunded });
  const holdsMoney = state === 'paid' || state === 'partly-refunded' || state === 'refunded';

  return {
    kind: 'shop',
    tradeNo: raw.trade_no,
    transactionId: raw.transaction_id || null,
    combineTradeNo: raw.combine_trade_no || null,
    mchId: raw.mchid || null,
    description: raw.description ?? null,
    amountFen: amount.toString(),
    state: { ...(state === 'paid' && paidAt === null ? PAID_TIME_NOT_GIVEN : shopStateLabel(state)), key: state },
    createdAt,
    updatedAt,
    paidAt,
    paymentDeadline: { at: deadline, applies: deadlineApplies },
    closeStatus,
    closedAt,
    refunds,
    refundTotals,
    remainingFen: holdsMoney ? (amount - refunded).toString() : null,
    profitSharing: sharing,
    profitSharingTotals: totalsOf(sharing),
    profitSharingDelayDays: delay,
    profitSharingFrom: paidAt && delay !== null ? addDays(paidAt, delay) : null,
    profitSharingFrozen: raw.profit_sharing_frozen === undefined ? null : frozenLabel(raw.profit_sharing_frozen),
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
      deadlineApplies && eventAt('payment-deadline', deadline),
      eventAt('updated', updatedAt),
    ]),
    asOf,
  };
}

/** Paid (a transaction_id) but WeChat sent no pay_time: not "unpaid", and no time invented. */
const PAID_TIME_NOT_GIVEN: Label = { code: 'paid', key: 'paid', en: 'Paid, time not given', zh: '已支付（未给出支付时间）' };

function shopStateOf(o: { closed: boolean; paid: boolean; amount: bigint; refunded: bigint }): ShopState {
  if (o.closed) return 'closed';
  if (!o.paid) return 'unpaid';
  if (o.refunded > 0n && o.refunded >= o.amount) return 'refunded';
  if (o.refunded > 0n) return 'partly-refunded';
  return 'paid';
}

/** What refunds and profit sharings have in common: amount, times and how it ended. */
function recordOf(r: WeChatRefundRecord | WeChatProfitSharingRecord) {
  const finishedAt = fromSeconds(r.finish_time);
  return {
    amountFen: toBigInt(r.amount).toString(),
    requestedAt: fromSeconds(r.create_time),
    finishedAt,
    result: r.result ?? null,
    outcome: outcomeLabel(r.result, finishedAt !== null),
    failReason: r.fail_reason || null,
  };
}

function toRefund(r: WeChatRefundRecord): Refund {
  return { refundNo: r.refund_no, refundId: r.refund_id, ...recordOf(r) };
}

function toProfitSharing(s: WeChatProfitSharingRecord): ProfitSharing {
  return { profitSharingNo: s.profit_sharing_no, profitSharingId: s.profit_sharing_id, mchId: s.mchid ?? null, ...recordOf(s) };
}

function totalsOf(records: Array<{ amountFen: Fen; outcome: Label }>): Totals {
  const by = (outcome: Outcome) => sumFen(records.filter((r) => r.outcome.key === outcome).map((r) => r.amountFen)).toString();
  return { succeededFen: by('succeeded'), inProgressFen: by('in-progress'), failedFen: by('failed'), unknownFen: by('unknown') };
}

/** "Remaining after refunds", only for an order that was paid and is not closed (also for orders stored before it was null elsewhere). */
export function remainingAfterRefunds(order: ShopOrder): Fen | null {
  return order.state.key === 'paid' || order.state.key === 'partly-refunded' || order.state.key === 'refunded' ? order.remainingFen : null;
}
