import 'server-only';
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { SessionUser } from '@/lib/auth/access';
import { recordAudit, type AuditAction } from '@/lib/audit/record';
import { formatInstant } from '@/lib/orders/format';
import { formatYuanDigits } from '@/lib/orders/money';
import { remainingAfterRefunds, type ShopOrder } from '@/lib/orders/shop';
import type { RequestInfo } from '@/lib/request-info';
import { spreadsheetText } from '@/lib/text/safe-text';
import { allOrders, attentionList, listOrders, type AttentionLine, type AttentionSlice, type OrderFilter } from './listing';
import { summaryFacts } from './view';
import { actorOf } from '@/lib/auth/principal';

/**
 * The order index: every order Order Desk has looked up, one row each, so staff find an order by
 * any id it carries and finance sees what needs a person. Written by every successful lookup
 * (lib/lookups/lookup.ts), behind the answers (store.ts); only as fresh as each order's last lookup. Listing order data is
 * viewing it: every listing and export is audited.
 */
export { markNotFound, pruneIndex, rememberOrder, writeIndexAtOnce, type LearnedBy } from './store';
export { ATTENTION_MAX, attentionCounts, attentionReasons, orderFilterParams, orderFilterSchema, type AttentionLine, type AttentionReason, type OrderFilter } from './listing';
export type { MatchedOn } from './entry';

async function audit(action: AuditAction, user: SessionUser, request: RequestInfo, detail: Record<string, unknown>): Promise<void> {
  await recordAudit({ action, actor: actorOf(user), request, status: 200, detail });
}

const filterDetail = (filter: OrderFilter) => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));

/** A page of /orders, audited as `orders.list` with its filters. */
export async function ordersPage(user: SessionUser, request: RequestInfo, filter: OrderFilter, zone: string, pageSize: number) {
  await audit('orders.list', user, request, filterDetail(filter));
  return listOrders(filter, zone, pageSize);
}

const CSV_MAX_ROWS = 100_000;
/** A shop order's amounts as of its last lookup, exact fen; blank for service-provider orders (their answers carry none) and, for "remaining", for an order not paid. */
const MONEY_COLUMNS: ReadonlyArray<readonly [string, (order: ShopOrder) => string | null]> = [
  ['refunded_fen', (o) => o.refundTotals.succeededFen],
  ['refunds_in_progress_fen', (o) => o.refundTotals.inProgressFen],
  ['refunds_failed_fen', (o) => o.refundTotals.failedFen],
  ['refunds_unknown_result_fen', (o) => o.refundTotals.unknownFen],
  ['shared_fen', (o) => o.profitSharingTotals.succeededFen],
  ['sharing_in_progress_fen', (o) => o.profitSharingTotals.inProgressFen],
  ['sharing_failed_fen', (o) => o.profitSharingTotals.failedFen],
  ['sharing_unknown_result_fen', (o) => o.profitSharingTotals.unknownFen],
  ['remaining_after_refunds_fen', (o) => remainingAfterRefunds(o)],
];
const CSV_COLUMNS = [
  'kind',
  'shop',
  'order_id',
  'transaction_id',
  'combine_trade_no',
  'state',
  'amount_yuan',
  'amount_fen',
  'paid_at',
  'refund_in_progress_since',
  'refund_failed',
  'sharing_failed',
  'first_seen_at',
  'last_seen_at',
  'answered_without_order_at',
  'answered_without_order_errcode',
  ...MONEY_COLUMNS.map(([name]) => name),
  'refund_in_progress',
  'result_unknown',
] as const;

/**
 * The orders a filter matches as CSV (at most 100,000, newest first), audited as `orders.export`:
 * UTF-8 with a BOM, every cell quoted and formula-escaped, ids as quoted text, times in the
 * display zone with its offset. Streamed a thousand rows at a time.
 */
export async function ordersCsv(user: SessionUser, request: RequestInfo, filter: OrderFilter, zone: string): Promise<ReadableStream<Uint8Array>> {
  await audit('orders.export', user, request, { ...filterDetail(filter), format: 'csv' });
  const time = (at: Date | null) => (at ? formatInstant(at.toISOString(), zone) : '');
  async function* records() {
    for await (const o of allOrders(filter, zone, CSV_MAX_ROWS)) {
      const { transactionId, combineTradeNo, shopOrder: shop } = summaryFacts(o);
      yield [
        o.kind,
        o.shop,
        o.orderId,
        transactionId ?? '',
        combineTradeNo ?? '',
        o.state,
        formatYuanDigits(o.amountFen).replaceAll(',', ''),
        o.amountFen.toString(),
        time(o.paidAt),
        time(o.refundInProgressSince),
        o.refundFailed ? 'yes' : 'no',
        o.sharingFailed ? 'yes' : 'no',
        time(o.firstSeenAt),
        time(o.lastSeenAt),
        time(o.notFoundAt),
        o.notFoundAt && o.notFoundErrcode !== null ? String(o.notFoundErrcode) : '',
        ...MONEY_COLUMNS.map(([, of]) => (shop ? (of(shop) ?? '') : '')),
        // A refund in progress whose start WeChat did not give has a blank refund_in_progress_since.
        o.refundInProgress || o.refundInProgressSince ? 'yes' : 'no',
        o.resultUnknown ? 'yes' : 'no',
      ].map((v) => spreadsheetText(v));
    }
  }
  const csv = stringify({ bom: true, record_delimiter: 'windows', header: true, columns: [...CSV_COLUMNS], quoted: true });
  // pipeline destroys both streams on an error, which errors the web stream the route returns.
  pipeline(Readable.from(records()), csv, () => {});
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}

/** The needs-attention list (or a slice of it: a page, one order), audited as `orders.list` (it shows order data). */
export async function attentionFor(user: SessionUser, request: RequestInfo, refundDays: number, slice: AttentionSlice = {}): Promise<AttentionLine[]> {
  await audit('orders.list', user, request, { list: 'attention', ...slice });
  return attentionList(refundDays, slice);
}
