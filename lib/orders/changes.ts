import { formatCny, groupDigits } from './money';
import type { ServiceProviderOrder } from './service-provider';
import type { ProfitSharing, Refund, ShopOrder } from './shop';
import type { WeChatServiceProviderOrder, WeChatShopPayOrder } from './wechat-shapes';

/**
 * What changed between two of WeChat's answers for one order (lib/history keeps them): in words,
 * both languages, from Order Desk's reading of each answer, and each with the raw fields that
 * differ (their path in WeChat's `order`, before and after) so staff can check the words.
 */
export interface OrderChange {
  /** What changed, for styling and tests: status, usage, refund, profit-sharing, amount, field, … */
  key: string;
  en: string;
  zh: string;
  raw: RawChange[];
}

export interface RawChange {
  /** In WeChat's `order`: `status`, `usage.used`, `refund_list[2].result`. */
  path: string;
  /** The value as sent; undefined (absent from the JSON) where the field was not sent. */
  before: unknown;
  after: unknown;
}

/** One answer as Order Desk reads it: WeChat's order (validated) and its reading. */
export type Reading =
  | { kind: 'service-provider'; raw: WeChatServiceProviderOrder; order: ServiceProviderOrder }
  | { kind: 'shop'; raw: WeChatShopPayOrder; order: ShopOrder };

export function describeChanges(before: Reading, after: Reading): OrderChange[] {
  if (before.kind === 'shop' && after.kind === 'shop') return shopChanges(before, after);
  if (before.kind === 'service-provider' && after.kind === 'service-provider') return serviceProviderChanges(before, after);
  return rest(diff(before.raw, after.raw, ''), new Set());
}

/** Every leaf that differs, by path. Arrays compare by position. */
export function diff(before: unknown, after: unknown, path: string): RawChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diff(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => diff(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return same(before, after) ? [] : [{ path, before, after }];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A long id made short for a sentence: `5030… 522347`; the raw change keeps it whole. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}… ${id.slice(-6)}` : id;
}

const show = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** The leaves no worded change took, one change each, named by their path. */
function rest(all: RawChange[], taken: Set<string>): OrderChange[] {
  return all
    .filter((c) => !taken.has(c.path))
    .map((c) => ({ key: 'field', en: `${c.path}: ${show(c.before)} → ${show(c.after)}`, zh: `字段 ${c.path}：${show(c.before)} → ${show(c.after)}`, raw: [c] }));
}

function serviceProviderChanges(before: Extract<Reading, { kind: 'service-provider' }>, after: Extract<Reading, { kind: 'service-provider' }>): OrderChange[] {
  const all = diff(before.raw, after.raw, '');
  const taken = new Set<string>();
  const take = (...paths: string[]) => {
    const raw = all.filter((c) => paths.includes(c.path));
    raw.forEach((c) => taken.add(c.path));
    return raw;
  };
  const out: OrderChange[] = [];
  const status = take('status');
  if (status.length > 0) {
    const [b, a] = [before.order.status, after.order.status];
    out.push({ key: 'status', en: `status ${b.code} → ${a.code} (${b.en} → ${a.en})`, zh: `状态 ${b.code} → ${a.code}（${b.zh} → ${a.zh}）`, raw: status });
  }
  const usage = take('usage', 'usage.used', 'usage.all');
  if (usage.length > 0) {
    const [b, a] = [before.order.usage, after.order.usage];
    const used = (u: typeof b) => (u ? groupDigits(u.used) : '—');
    const all = a ?? b;
    const of = all ? { en: ` of ${groupDigits(all.all)}`, zh: `（共 ${groupDigits(all.all)}）` } : { en: '', zh: '' };
    const allChanged = b && a && b.all !== a.all ? { en: ` (total ${groupDigits(b.all)} → ${groupDigits(a.all)})`, zh: `（总量 ${groupDigits(b.all)} → ${groupDigits(a.all)}）` } : { en: '', zh: '' };
    out.push({ key: 'usage', en: `usage ${used(b)} → ${used(a)}${of.en}${allChanged.en}`, zh: `用量 ${used(b)} → ${used(a)}${of.zh}${allChanged.zh}`, raw: usage });
  }
  const price = take('orderPrice');
  if (price.length > 0) {
    out.push({ key: 'amount', en: `price ${formatCny(before.order.priceFen)} → ${formatCny(after.order.priceFen)}`, zh: `价格 ${formatCny(before.order.priceFen)} → ${formatCny(after.order.priceFen)}`, raw: price });
  }
  const invoice = take('invoiceInfo', 'invoiceInfo.invoiceStatus');
  if (invoice.length > 0) {
    const [b, a] = [before.order.invoice?.status, after.order.invoice?.status];
    const name = (l: typeof b, lang: 'en' | 'zh') => (l ? `${l.code} (${l[lang]})` : '—');
    out.push({ key: 'invoice', en: `invoice status ${name(b, 'en')} → ${name(a, 'en')}`, zh: `发票状态 ${name(b, 'zh')} → ${name(a, 'zh')}`, raw: invoice });
  }
  return [...out, ...rest(all, taken)];
}

type Record_ = { id: string; no: string };
type Listed<T> = T & Record_;

function shopChanges(before: Extract<Reading, { kind: 'shop' }>, after: Extract<Reading, { kind: 'shop' }>): OrderChange[] {
  const taken = new Set<string>();
  const out: OrderChange[] = [];
  // The lists are matched by their records' own numbers (refund_no, profit_sharing_no), not by position.
  const { refund_list: bRefunds, profit_sharing_list: bSharing, ...bOrder } = before.raw;
  const { refund_list: aRefunds, profit_sharing_list: aSharing, ...aOrder } = after.raw;
  const top = diff(bOrder, aOrder, '');
  const take = (...paths: string[]) => {
    const raw = top.filter((c) => paths.includes(c.path));
    raw.forEach((c) => taken.add(c.path));
    return raw;
  };
  if (before.order.state.key !== after.order.state.key) {
    // Order Desk's reading of several fields (pay_time, close_status, the refunds), no field of WeChat's: the fields follow in their own changes.
    out.push({ key: 'state', en: `state ${before.order.state.en} → ${after.order.state.en} (our reading)`, zh: `状态 ${before.order.state.zh} → ${after.order.state.zh}（我们的解读）`, raw: [] });
  }
  const close = take('close_status');
  if (close.length > 0) {
    const name = (l: ShopOrder['closeStatus'], lang: 'en' | 'zh') => (l ? `${l.code} (${l[lang]})` : '—');
    out.push({ key: 'close-status', en: `close status ${name(before.order.closeStatus, 'en')} → ${name(after.order.closeStatus, 'en')}`, zh: `关闭状态 ${name(before.order.closeStatus, 'zh')} → ${name(after.order.closeStatus, 'zh')}`, raw: close });
  }
  const amount = take('amount');
  if (amount.length > 0) {
    out.push({ key: 'amount', en: `amount ${formatCny(before.order.amountFen)} → ${formatCny(after.order.amountFen)}`, zh: `金额 ${formatCny(before.order.amountFen)} → ${formatCny(after.order.amountFen)}`, raw: amount });
  }
  const refunds = (list: Refund[]): Array<Listed<Refund>> => list.map((r) => ({ ...r, id: r.refundId, no: r.refundNo }));
  const sharings = (list: ProfitSharing[]): Array<Listed<ProfitSharing>> => list.map((s) => ({ ...s, id: s.profitSharingId, no: s.profitSharingNo }));
  out.push(
    ...listChanges('refund_list', 'refund', { en: 'Refund', zh: '退款' }, refunds(before.order.refunds), refunds(after.order.refunds), bRefunds ?? [], aRefunds ?? []),
    ...listChanges('profit_sharing_list', 'profit-sharing', { en: 'Profit sharing', zh: '分账' }, sharings(before.order.profitSharing), sharings(after.order.profitSharing), bSharing ?? [], aSharing ?? []),
  );
  return [...out, ...rest(top, taken)];
}

interface Outcomed {
  amountFen: string;
  outcome: { key: string; en: string; zh: string };
}

function listChanges<T extends Outcomed>(
  field: string,
  key: string,
  noun: { en: string; zh: string },
  before: Array<Listed<T>>,
  after: Array<Listed<T>>,
  rawBefore: readonly unknown[],
  rawAfter: readonly unknown[],
): OrderChange[] {
  const out: OrderChange[] = [];
  const name = (r: Record_) => shortId(r.id || r.no);
  after.forEach((a, i) => {
    const j = before.findIndex((b) => b.no === a.no);
    if (j < 0) {
      out.push({
        key: `${key}-added`,
        en: `${noun.en} ${name(a)} added: ${formatCny(a.amountFen)}, ${a.outcome.en.toLowerCase()}`,
        zh: `新增${noun.zh} ${name(a)}：${formatCny(a.amountFen)}，${a.outcome.zh}`,
        raw: [{ path: `${field}[${i}]`, before: undefined, after: rawAfter[i] }],
      });
      return;
    }
    const b = before[j]!;
    const raw = diff(rawBefore[j], rawAfter[i], `${field}[${i}]`);
    if (raw.length === 0) return;
    if (b.outcome.key !== a.outcome.key) {
      out.push({ key: `${key}-state`, en: `${noun.en} ${name(a)}: ${b.outcome.en.toLowerCase()} → ${a.outcome.en.toLowerCase()}`, zh: `${noun.zh} ${name(a)}：${b.outcome.zh} → ${a.outcome.zh}`, raw });
    } else {
      const fields = raw.map((c) => c.path.slice(`${field}[${i}].`.length)).join(', ');
      out.push({ key: `${key}-changed`, en: `${noun.en} ${name(a)} changed: ${fields}`, zh: `${noun.zh} ${name(a)} 有变化：${fields}`, raw });
    }
  });
  before.forEach((b, j) => {
    if (after.some((a) => a.no === b.no)) return;
    out.push({ key: `${key}-gone`, en: `${noun.en} ${name(b)} no longer listed`, zh: `${noun.zh} ${name(b)} 不再列出`, raw: [{ path: `${field}[${j}]`, before: rawBefore[j], after: undefined }] });
  });
  return out;
}
