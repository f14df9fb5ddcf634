import { FUTURE, T0, type JsonObject } from './fixtures';

/**
 * Generated orders, so a 10,000-id batch runs against the simulator in the demo, the tests and
 * the benchmark. Two reserved id patterns answer an order made from the id itself, the same on
 * every call and every run (no state, a hash and a few dozen arithmetic steps per call):
 *
 * - service-provider: `DD8` and 1–61 digits, e.g. `DD8000000000000000107`;
 * - shop: `bulk-` and 1–27 letters, digits, `_` or `-`, e.g. `bulk-000107`.
 *
 * What an id answers depends on its last two digits (or, for a `bulk-` id not ending in two
 * digits, on a hash of the id, modulo 100):
 *
 * | last two digits | answer |
 * |---|---|
 * | 00–04 | no such order: errcode 10120002 (service provider) or errcode 0 without `order` (shop), as for any unknown id |
 * | 05 | busy once: errcode -1 the first time the id is asked (until `/__sim/reset`), then the order |
 * | 06 | always busy: errcode -1 on every call, so the lookup fails after its retries |
 * | 07–99 | the order |
 *
 * Orders vary by id: state (mostly paid; some unpaid, closed, refunded; every service-provider
 * status), amount (1 fen to ¥100,000; ids ending 99 carry an amount beyond 2^53, sent as a bare
 * JSON number), zero to three refunds and zero to two profit sharings with every result, and
 * descriptions in English and Chinese. `generatedId(kind, n)` makes the n-th id of a kind.
 */

export type GeneratedFate = 'found' | 'not-found' | 'busy-once' | 'busy';
export type GeneratedAnswer = { fate: 'not-found' | 'busy' } | { fate: 'found' | 'busy-once'; order: JsonObject };

const SERVICE_PROVIDER = /^DD8\d{1,61}$/;
const SHOP = /^bulk-[A-Za-z0-9_-]{1,27}$/;

export function isGeneratedId(kind: 'service-provider' | 'shop', id: string): boolean {
  return (kind === 'shop' ? SHOP : SERVICE_PROVIDER).test(id);
}

/** The n-th generated id of a kind: `DD8` + 18 digits (21 characters, like WeChat's example), or `bulk-` + 6 digits. */
export function generatedId(kind: 'service-provider' | 'shop', n: number): string {
  return kind === 'shop' ? `bulk-${String(n).padStart(6, '0')}` : `DD8${String(n).padStart(18, '0')}`;
}

/** FNV-1a, 32 bits. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function generatedFate(id: string): GeneratedFate {
  const lastTwo = /(\d\d)$/.exec(id)?.[1];
  const bucket = lastTwo === undefined ? hash(id) % 100 : Number(lastTwo);
  if (bucket < 5) return 'not-found';
  if (bucket === 5) return 'busy-once';
  if (bucket === 6) return 'busy';
  return 'found';
}

/** The answer for a generated id, or undefined when the id is not one. */
export function generatedAnswer(kind: 'service-provider' | 'shop', id: string): GeneratedAnswer | undefined {
  if (!isGeneratedId(kind, id)) return undefined;
  const fate = generatedFate(id);
  if (fate === 'not-found' || fate === 'busy') return { fate };
  return { fate, order: kind === 'shop' ? shopOrder(id) : serviceProviderOrder(id) };
}

/** mulberry32: a small deterministic generator seeded by the id (or any text). */
export function randomFor(id: string) {
  let state = hash(id);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    /** A number in [0, 1). */
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(choices: readonly T[]): T => choices[Math.floor(next() * choices.length)]!,
    digits: (count: number) => Array.from({ length: count }, () => Math.floor(next() * 10)).join(''),
  };
}

const DESCRIPTIONS = ['Annual membership', '年度会员', 'Monthly membership 月度会员', 'SMS pack 短信资源包', '企业版 · 三年', 'Gift card ¥500'];
const MCHID = '1623426221';

export type Random = ReturnType<typeof randomFor>;

function shopOrder(tradeNo: string): JsonObject {
  const r = randomFor(tradeNo);
  const created = T0 + r.int(0, 86_400 * 60);
  const amount: number | bigint = tradeNo.endsWith('99') ? 9_007_199_254_740_993n + BigInt(r.int(0, 999)) : r.int(1, 10_000_000);
  const state = r.pick(['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'unpaid', 'closed'] as const);
  const order: JsonObject = {
    trade_no: tradeNo,
    mchid: MCHID,
    create_time: created,
    update_time: created + 7200,
    expire_time: state === 'unpaid' ? FUTURE : created + 86_400,
    amount,
    description: r.pick(DESCRIPTIONS),
  };
  if (r.int(0, 9) === 0) order.combine_trade_no = `C${tradeNo}`.slice(0, 32);
  if (state === 'closed') return { ...order, close_status: 1, close_time: created + 1800 };
  if (state === 'unpaid') return order;
  const paid = created + 60;
  return {
    ...order,
    transaction_id: `4200${r.digits(24)}`,
    pay_time: paid,
    refund_list: refunds(tradeNo, r, BigInt(amount), paid),
    profit_sharing_list: sharings(tradeNo, r, BigInt(amount), paid),
    profit_sharing_delay: r.pick([0, 7, 30]),
    profit_sharing_frozen: r.int(0, 4) === 0 ? 1 : 0,
  };
}

/** A refund or sharing record's amount and how it ended: mostly SUCCESS, some in progress, some failed. */
function record(r: Random, amount: bigint, at: number, inProgress: string, failReason: string): JsonObject {
  const outcome = r.pick(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'IN_PROGRESS', 'IN_PROGRESS', 'FAIL'] as const);
  const base: JsonObject = { amount: amount <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(amount) : amount, create_time: at };
  if (outcome === 'IN_PROGRESS') return { ...base, result: inProgress };
  if (outcome === 'FAIL') return { ...base, finish_time: at + 60, result: 'FAIL', fail_reason: failReason };
  return { ...base, finish_time: at + 60, result: 'SUCCESS' };
}

/** Zero to three refunds that together never exceed the amount. */
function refunds(tradeNo: string, r: Random, amount: bigint, paid: number): JsonObject[] {
  const count = r.pick([0, 0, 0, 0, 0, 1, 1, 2, 2, 3]);
  const list: JsonObject[] = [];
  let left = amount;
  for (let i = 1; i <= count && left > 0n; i += 1) {
    // The last refund may take what is left, which makes some orders fully refunded.
    const part = i === count && r.int(0, 1) === 0 ? left : (left * BigInt(r.int(1, 60))) / 100n || 1n;
    left -= part;
    list.push({
      refund_no: `${tradeNo}-R${i}`,
      refund_id: `5030${r.digits(25)}`,
      ...record(r, part, paid + 600 * i, 'PROCESSING', '余额不足 insufficient balance'),
    });
  }
  return list;
}

/** Zero to two profit sharings of at most 30% of the amount each. */
function sharings(tradeNo: string, r: Random, amount: bigint, paid: number): JsonObject[] {
  const count = r.pick([0, 0, 0, 1, 1, 2]);
  return Array.from({ length: count }, (_, i) => ({
    profit_sharing_no: `${tradeNo}-PS${i + 1}`,
    profit_sharing_id: `3000${r.digits(25)}`,
    mchid: MCHID,
    ...record(r, (amount * BigInt(r.int(1, 30))) / 100n || 1n, paid + 86_400 + 600 * i, 'PROCESSING', '分账接收方账户异常 receiver account abnormal'),
  }));
}

function serviceProviderOrder(orderId: string): JsonObject {
  const r = randomFor(orderId);
  const status = r.pick([2, 2, 2, 2, 2, 2, 2, 1, 3, 5, 6, 7, 9]);
  const created = T0 + r.int(0, 86_400 * 60);
  const paid = status !== 1 && status !== 3 && status !== 9;
  const all = r.pick([1000, 10_000, 100_000]);
  const order: JsonObject = {
    orderId,
    status,
    createTime: created * 1000 + r.int(0, 999),
    updateTime: (created + 3600) * 1000 + r.int(0, 999),
    orderPrice: String(r.int(100, 500_000)),
    payInfo: paid ? { applyPayTime: created + 4, finishPayTime: created + 15 } : { applyPayTime: created + 4 },
    orderProductInfo: {
      spSpuId: '10000111',
      spSkuId: String(20_000_000 + r.int(0, 999)),
      spBizId: 100100,
      spuName: r.pick(['SMS resource pack', '短信资源包', 'Voice minutes 语音时长']),
      skuName: `${all.toLocaleString('en-US')} messages`,
      skuCnt: r.int(1, 5),
      validityBeginTime: created + 15,
      validityEndTime: created + 15 + 86_400 * r.pick([30, 365, 3650]),
    },
  };
  if (!paid) return order;
  return {
    ...order,
    usage: { used: String(r.int(0, all)), all: String(all) },
    ...(r.int(0, 2) === 0 ? {} : { invoiceInfo: { invoiceStatus: r.pick([1, 2, 2, 3, 4]), invoiceApplyTime: created + 29 } }),
  };
}
