/**
 * Labels for WeChat's enums in both languages (NOTES.md §1 and §2). Any code not in a table
 * still renders, as "Unknown (code N)", with the raw code kept beside it.
 */
export interface Label {
  /** The raw value WeChat sent. */
  code: number | string;
  /** A stable key for styling and tests, e.g. "paid" or "unknown". */
  key: string;
  en: string;
  zh: string;
}

type Table = Record<number, { key: string; en: string; zh: string }>;

const orderStatuses: Table = {
  1: { key: 'awaiting-payment', en: 'Awaiting payment', zh: '待支付' },
  2: { key: 'paid', en: 'Paid', zh: '支付成功' },
  3: { key: 'timed-out', en: 'Timed out', zh: '订单超时' },
  5: { key: 'refunding', en: 'Refunding', zh: '退款中' },
  6: { key: 'refunded', en: 'Refunded', zh: '退款成功' },
  7: { key: 'refund-failed', en: 'Refund failed', zh: '退款失败' },
  9: { key: 'cancelled', en: 'Cancelled', zh: '订单取消' },
};

const invoiceStatuses: Table = {
  1: { key: 'invoicing', en: 'Invoicing', zh: '开票中' },
  2: { key: 'invoiced', en: 'Invoiced', zh: '已开票' },
  3: { key: 'invoice-cancelled', en: 'Invoice cancelled', zh: '开票撤销' },
  4: { key: 'invoice-failed', en: 'Invoice failed', zh: '开票失败' },
};

function lookup(table: Table, code: number): Label {
  const known = table[code];
  return known
    ? { code, ...known }
    : { code, key: 'unknown', en: `Unknown (code ${code})`, zh: `未知（代码 ${code}）` };
}

export const orderStatusLabel = (code: number): Label => lookup(orderStatuses, code);
export const invoiceStatusLabel = (code: number): Label => lookup(invoiceStatuses, code);

export type ShopState = 'unpaid' | 'paid' | 'partly-refunded' | 'refunded' | 'closed';

const shopStates: Record<ShopState, { en: string; zh: string }> = {
  unpaid: { en: 'Unpaid', zh: '未支付' },
  paid: { en: 'Paid', zh: '已支付' },
  'partly-refunded': { en: 'Partly refunded', zh: '部分退款' },
  refunded: { en: 'Refunded', zh: '已全额退款' },
  closed: { en: 'Closed', zh: '已关闭' },
};

export const shopStateLabel = (state: ShopState): Label => ({ code: state, key: state, ...shopStates[state] });

/** How a refund or profit-sharing `result` string reads; WeChat documents only "SUCCESS". */
export type Outcome = 'succeeded' | 'in-progress' | 'failed';

const outcomes: Record<Outcome, { en: string; zh: string }> = {
  succeeded: { en: 'Succeeded', zh: '成功' },
  'in-progress': { en: 'In progress', zh: '处理中' },
  failed: { en: 'Failed', zh: '失败' },
};

const FAILED_RESULTS = /FAIL|CLOSED|ABNORMAL|ERROR|REJECT/i;

export function outcomeOf(result: string | undefined): Outcome {
  if (result === undefined || result === '') return 'in-progress';
  if (result.toUpperCase() === 'SUCCESS') return 'succeeded';
  if (FAILED_RESULTS.test(result)) return 'failed';
  return 'in-progress';
}

export function outcomeLabel(result: string | undefined): Label {
  const outcome = outcomeOf(result);
  return { code: result ?? '', key: outcome, ...outcomes[outcome] };
}
