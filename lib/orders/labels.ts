/**
 * Labels for WeChat's enums in both languages (docs/wechat-api.md). Any code not in a table
 * still renders, as "Unknown (code N)", with the raw code kept beside it. Where the documents
 * leave a code's meaning open, the label carries a note and the page shows the code beside it.
 */
export interface Label {
  /** The raw value WeChat sent. */
  code: number | string;
  /** A stable key for styling and tests, e.g. "paid" or "unknown". */
  key: string;
  en: string;
  zh: string;
  /** Only on readings the documents leave open: why this is our reading, in both languages. */
  note?: { en: string; zh: string };
}

type Table = Record<number, Omit<Label, 'code'>>;

const REFUNDS_NOTE = {
  en: 'Our reading: the document says only “Refunds” for code 5.',
  zh: '此为我们的解读：微信文档对代码 5 只写了“Refunds”（退款）。',
};
const BILLED_NOTE = {
  en: 'Our reading: the document names both code 1 and code 2 “Billed”.',
  zh: '此为我们的解读：微信文档将代码 1 和代码 2 都写作“Billed”（已开票）。',
};

const orderStatuses: Table = {
  1: { key: 'awaiting-payment', en: 'Awaiting payment', zh: '待支付' },
  2: { key: 'paid', en: 'Paid', zh: '支付成功' },
  3: { key: 'timed-out', en: 'Timed out', zh: '订单超时' },
  5: { key: 'refunding', en: 'Refunding', zh: '退款中', note: REFUNDS_NOTE },
  6: { key: 'refunded', en: 'Refunded', zh: '退款成功' },
  7: { key: 'refund-failed', en: 'Refund failed', zh: '退款失败' },
  9: { key: 'cancelled', en: 'Cancelled', zh: '订单取消' },
};

const invoiceStatuses: Table = {
  1: { key: 'invoicing', en: 'Invoicing', zh: '开票中', note: BILLED_NOTE },
  2: { key: 'invoiced', en: 'Invoiced', zh: '已开票', note: BILLED_NOTE },
  3: { key: 'invoice-cancelled', en: 'Invoice cancelled', zh: '开票撤销' },
  4: { key: 'invoice-failed', en: 'Invoice failed', zh: '开票失败' },
};

/** shop `close_status`: 0 open, 1 closed. */
const closeStatuses: Table = {
  0: { key: 'open', en: 'Open', zh: '未关闭' },
  1: { key: 'closed', en: 'Closed', zh: '已关闭' },
};

/** shop `profit_sharing_frozen`: 1 cannot be shared now, 0 can. */
const frozenFlags: Table = {
  0: { key: 'not-frozen', en: 'Can be shared', zh: '可分账' },
  1: { key: 'frozen', en: 'Frozen: cannot be shared now', zh: '已冻结：当前不可分账' },
};

function lookup(table: Table, code: number): Label {
  const known = table[code];
  return known
    ? { code, ...known }
    : { code, key: 'unknown', en: `Unknown (code ${code})`, zh: `未知（代码 ${code}）` };
}

export const orderStatusLabel = (code: number): Label => lookup(orderStatuses, code);
export const invoiceStatusLabel = (code: number): Label => lookup(invoiceStatuses, code);
export const closeStatusLabel = (code: number): Label => lookup(closeStatuses, code);
export const frozenLabel = (code: number): Label => lookup(frozenFlags, code);

export type ShopState = 'unpaid' | 'paid' | 'partly-refunded' | 'refunded' | 'closed';

const shopStates: Record<ShopState, { en: string; zh: string }> = {
  unpaid: { en: 'Unpaid', zh: '未支付' },
  paid: { en: 'Paid', zh: '已支付' },
  'partly-refunded': { en: 'Partly refunded', zh: '部分退款' },
  refunded: { en: 'Refunded', zh: '已全额退款' },
  closed: { en: 'Closed', zh: '已关闭' },
};

export const shopStateLabel = (state: ShopState): Label => ({ code: state, key: state, ...shopStates[state] });

/**
 * How a refund or profit-sharing `result` string reads. The documents show only "SUCCESS";
 * anything not recognised is "unknown" and counted in no other total.
 */
export type Outcome = 'succeeded' | 'in-progress' | 'failed' | 'unknown';

const outcomes: Record<Outcome, { en: string; zh: string }> = {
  succeeded: { en: 'Succeeded', zh: '成功' },
  'in-progress': { en: 'In progress', zh: '处理中' },
  failed: { en: 'Failed', zh: '失败' },
  unknown: { en: 'Unknown result', zh: '结果未知' },
};

/** WeChat Pay's own words for "not finished yet" (refunds: PROCESSING; profit sharing: PENDING). */
const IN_PROGRESS_RESULTS = new Set(['PROCESSING', 'PENDING']);
const FAILED_RESULTS = /FAIL|CLOSED|ABNORMAL|ERROR|REJECT/i;

/** `finished`: WeChat sent a finish_time. Neither a result nor a finish time means not done yet. */
export function outcomeOf(result: string | null | undefined, finished: boolean): Outcome {
  if (!result) return finished ? 'unknown' : 'in-progress';
  const upper = result.toUpperCase();
  if (upper === 'SUCCESS') return 'succeeded';
  if (IN_PROGRESS_RESULTS.has(upper)) return 'in-progress';
  if (FAILED_RESULTS.test(result)) return 'failed';
  return 'unknown';
}

export function outcomeLabel(result: string | null | undefined, finished: boolean): Label {
  const outcome = outcomeOf(result, finished);
  return { code: result ?? '', key: outcome, ...outcomes[outcome] };
}
