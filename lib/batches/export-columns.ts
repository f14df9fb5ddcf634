import type { Bilingual } from '@/lib/errors';
import type { OrderKind } from '@/lib/orders/ids';
import type { Label } from '@/lib/orders/labels';
import { remainingAfterRefunds, type ProfitSharing, type Refund, type ShopOrder } from '@/lib/orders/shop';
import type { BatchItemResult, ItemOutcome } from './types';

/**
 * What each export sheet shows, column by column, in both languages. The CSV is the Orders
 * sheet; the XLSX has all four. Values stay exact: money is fen (the writers add the yuan
 * column), ids are text, times are text in the display zone with its offset.
 */

export type ExportSheet = 'orders' | 'refunds' | 'profit-sharing' | 'problems';
import { column, say, type Column, type ExportContext } from '@/lib/text/sheets';

export type { ExportContext } from '@/lib/text/sheets';

export interface SheetSpec<R> {
  sheet: ExportSheet;
  name: Bilingual;
  columns: Array<Column<R>>;
  /** The rows one item gives this sheet (none, one, or one per refund or sharing). */
  rows(item: BatchItemResult): R[];
}


const KINDS: Record<OrderKind, Bilingual> = {
  'service-provider': { en: 'Service-provider order', zh: '服务商订单' },
  shop: { en: 'Shop order', zh: '小程序商店订单' },
};

export const OUTCOMES: Record<ItemOutcome, Bilingual> = {
  pending: { en: 'Pending', zh: '待查询' },
  found: { en: 'Found', zh: '已找到' },
  'not-found': { en: 'Not found', zh: '未找到' },
  'parameter-error': { en: 'WeChat: parameter error, 10120002', zh: '微信：参数错误，10120002' },
  failed: { en: 'Failed', zh: '查询失败' },
  invalid: { en: 'Invalid id', zh: '无效订单号' },
};

const shopOf = (item: BatchItemResult): ShopOrder | null => (item.order?.kind === 'shop' ? item.order : null);
const label = (l: Label | null | undefined, context: ExportContext) => (l ? say(l, context) : null);
const rowNumber = <R>(of: (r: R) => BatchItemResult): Column<R> =>
  column('integer', 6, 'Row', '行号', (r: R) => {
    const item = of(r);
    return item.row ?? item.position + 1;
  });

const orderColumns: Array<Column<BatchItemResult>> = [
  rowNumber((item) => item),
  column('id', 30, 'Input', '输入', (item) => item.input),
  column('text', 20, 'Kind', '订单类型', (item, c) => (item.kind ? say(KINDS[item.kind], c) : null)),
  column('id', 14, 'Shop', '店铺', (item) => item.shop),
  column('text', 12, 'Outcome', '查询结果', (item, c) => say(OUTCOMES[item.outcome], c)),
  column('id', 30, 'Trade number / order id', '商户订单号 / 服务商订单号', (item) => (item.order?.kind === 'shop' ? item.order.tradeNo : item.order?.orderId)),
  column('id', 30, 'Transaction id', '微信支付交易单号', (item) => shopOf(item)?.transactionId),
  column('id', 30, 'Combined trade number', '合单商户订单号', (item) => shopOf(item)?.combineTradeNo),
  column('id', 14, 'Merchant id', '商户号', (item) => shopOf(item)?.mchId),
  column('text', 16, 'State', '状态', (item, c) => label(item.order?.kind === 'shop' ? item.order.state : item.order?.status, c)),
  column('id', 16, 'State code', '状态代码', (item) => {
    const state = item.order?.kind === 'shop' ? item.order.state : item.order?.status;
    return state ? String(state.code) : null;
  }),
  column('money', 16, 'Amount', '金额', (item) => (item.order?.kind === 'shop' ? item.order.amountFen : item.order?.priceFen)),
  column('money', 16, 'Refunded', '已退款', (item) => shopOf(item)?.refundTotals.succeededFen),
  column('money', 16, 'Refunds in progress', '退款处理中', (item) => shopOf(item)?.refundTotals.inProgressFen),
  column('money', 16, 'Profit shared', '已分账', (item) => shopOf(item)?.profitSharingTotals.succeededFen),
  column('money', 16, 'Sharing in progress', '分账处理中', (item) => shopOf(item)?.profitSharingTotals.inProgressFen),
  column('money', 16, 'Refunds failed', '退款失败', (item) => shopOf(item)?.refundTotals.failedFen),
  column('money', 16, 'Refunds of unknown result', '退款结果未知', (item) => shopOf(item)?.refundTotals.unknownFen),
  column('money', 16, 'Sharing failed', '分账失败', (item) => shopOf(item)?.profitSharingTotals.failedFen),
  column('money', 16, 'Sharing of unknown result', '分账结果未知', (item) => shopOf(item)?.profitSharingTotals.unknownFen),
  column('money', 16, 'Remaining after refunds', '退款后剩余', (item) => {
    const order = shopOf(item);
    return order ? remainingAfterRefunds(order) : null;
  }),
  column('integer', 9, 'Refunds', '退款笔数', (item) => shopOf(item)?.refunds.length),
  column('integer', 9, 'Profit sharings', '分账笔数', (item) => shopOf(item)?.profitSharing.length),
  column('text', 30, 'Description', '商品描述', (item) => {
    if (item.order?.kind === 'shop') return item.order.description;
    const product = item.order?.product;
    return product ? [product.spuName, product.skuName].filter(Boolean).join(' · ') || null : null;
  }),
  column('time', 26, 'Created', '创建时间', (item) => item.order?.createdAt),
  column('time', 26, 'Paid', '支付时间', (item) => (item.order?.kind === 'shop' ? item.order.paidAt : item.order?.payment.paidAt)),
  column('time', 26, 'Looked up', '查询时间', (item) => item.lookedUpAt),
  column('integer', 10, 'Errcode', '错误码', (item) => item.errcode),
  column('text', 50, 'Problem', '问题', (item, c) => (item.problem ? say(item.problem.message, c) : null)),
  column('text', 50, 'What to do', '处理建议', (item, c) => (item.problem ? say(item.problem.action, c) : null)),
];

interface Record_<T> {
  item: BatchItemResult;
  order: ShopOrder;
  record: T;
}

/** Columns every refund and sharing row has: which order, the amount, the times, how it ended. */
function recordColumns<T extends Refund | ProfitSharing>(): Array<Column<Record_<T>>> {
  return [
    column('money', 16, 'Amount', '金额', (r: Record_<T>) => r.record.amountFen),
    column('time', 26, 'Requested', '申请时间', (r: Record_<T>) => r.record.requestedAt),
    column('time', 26, 'Finished', '完成时间', (r: Record_<T>) => r.record.finishedAt),
    column('id', 14, 'Result', '结果', (r: Record_<T>) => r.record.result),
    column('text', 16, 'Outcome', '结果解读', (r: Record_<T>, c) => say(r.record.outcome, c)),
    column('text', 40, 'Failure reason', '失败原因', (r: Record_<T>) => r.record.failReason),
  ];
}

const recordsOf =
  <T>(list: (order: ShopOrder) => T[]) =>
  (item: BatchItemResult): Array<Record_<T>> => {
    const order = shopOf(item);
    return order ? list(order).map((record) => ({ item, order, record })) : [];
  };

const refundsSheet: SheetSpec<Record_<Refund>> = {
  sheet: 'refunds',
  name: { en: 'Refunds', zh: '退款' },
  rows: recordsOf((order) => order.refunds),
  columns: [
    rowNumber((r: Record_<Refund>) => r.item),
    column('id', 30, 'Trade number', '商户订单号', (r: Record_<Refund>) => r.order.tradeNo),
    column('id', 30, 'Refund number', '商户退款单号', (r: Record_<Refund>) => r.record.refundNo),
    column('id', 32, 'WeChat refund id', '微信退款单号', (r: Record_<Refund>) => r.record.refundId),
    ...recordColumns<Refund>(),
  ],
};

const sharingSheet: SheetSpec<Record_<ProfitSharing>> = {
  sheet: 'profit-sharing',
  name: { en: 'Profit sharing', zh: '分账' },
  rows: recordsOf((order) => order.profitSharing),
  columns: [
    rowNumber((r: Record_<ProfitSharing>) => r.item),
    column('id', 30, 'Trade number', '商户订单号', (r: Record_<ProfitSharing>) => r.order.tradeNo),
    column('id', 30, 'Sharing number', '商户分账单号', (r: Record_<ProfitSharing>) => r.record.profitSharingNo),
    column('id', 32, 'WeChat sharing id', '微信分账单号', (r: Record_<ProfitSharing>) => r.record.profitSharingId),
    column('id', 14, 'Merchant id', '商户号', (r: Record_<ProfitSharing>) => r.record.mchId),
    ...recordColumns<ProfitSharing>(),
  ],
};

const PROBLEMS: ReadonlySet<ItemOutcome> = new Set(['invalid', 'not-found', 'parameter-error', 'failed']);

const problemsSheet: SheetSpec<BatchItemResult> = {
  sheet: 'problems',
  name: { en: 'Problems', zh: '问题' },
  rows: (item) => (PROBLEMS.has(item.outcome) ? [item] : []),
  columns: [
    rowNumber((item) => item),
    column('id', 30, 'Input', '输入', (item) => item.input),
    column('text', 20, 'Kind', '订单类型', (item, c) => (item.kind ? say(KINDS[item.kind], c) : null)),
    column('id', 14, 'Shop', '店铺', (item) => item.shop),
    column('text', 12, 'Outcome', '查询结果', (item, c) => say(OUTCOMES[item.outcome], c)),
    column('integer', 10, 'Errcode', '错误码', (item) => item.errcode),
    column('text', 60, 'Problem', '问题', (item, c) => (item.problem ? say(item.problem.message, c) : null)),
    column('text', 60, 'What to do', '处理建议', (item, c) => (item.problem ? say(item.problem.action, c) : null)),
  ],
};

export const ordersSheet: SheetSpec<BatchItemResult> = {
  sheet: 'orders',
  name: { en: 'Orders', zh: '订单' },
  rows: (item) => [item],
  columns: orderColumns,
};

/** The XLSX's sheets, in order. */
export const SHEETS = [ordersSheet, refundsSheet, sharingSheet, problemsSheet] as Array<SheetSpec<unknown>>;
