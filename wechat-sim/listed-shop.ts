import type { JsonObject } from './fixtures';
import { randomFor } from './generated';
import { DAY, dayFromText, dayOf, dayText, firstAtOrAbove, type OrderDays } from './listed-days';

/**
 * A shop's listed orders (`shop/pay/getorderlist`), which `shop/pay/getorder` answers too.
 * Trade number: the UTC create day, the shop's two-digit tag and the day's sequence number in
 * create order, e.g. `202612060100042` (15 digits). The list key (`last_index`) is
 * day × 100000 + sequence, so it grows with create time.
 *
 * An order is what it is at the simulator's clock: it exists once created; unpaid at first,
 * then paid a few minutes later (80 %), or closed when its payment deadline passes or the
 * merchant closes it; a refund requested hours to days after payment is PROCESSING, then
 * SUCCESS (or FAIL) up to two days later (15 % of paid orders, some with a second refund); a
 * profit sharing appears after `profit_sharing_delay` days and some hours, PROCESSING, then
 * SUCCESS (or FAIL) within a day (25 %). `update_time` is the latest of these that has happened.
 */
export interface ShopStream {
  appid: string;
  /** Two digits in every trade number of this shop. */
  tag: string;
  mchid: string;
  days: OrderDays;
}

const SEQ = 100_000;
const DESCRIPTIONS = ['Annual membership', '年度会员', 'Monthly membership 月度会员', 'Gift card ¥500 礼品卡', '企业版 · 三年', 'Refill pack 补充装'];

export const shopListKey = (day: number, seq: number) => day * SEQ + seq;

export function shopTradeNo(stream: ShopStream, day: number, seq: number): string {
  return `${dayText(day)}${stream.tag}${String(seq).padStart(5, '0')}`;
}

function parseTradeNo(stream: ShopStream, tradeNo: string): { day: number; seq: number } | undefined {
  const match = /^(\d{8})(\d{2})(\d{5})$/.exec(tradeNo);
  if (!match || match[2] !== stream.tag) return undefined;
  const day = dayFromText(match[1]!);
  return day === undefined ? undefined : { day, seq: Number(match[3]) };
}

export interface ShopListPage {
  tradeNos: string[];
  hasMore: boolean;
  /** The key of the last trade number listed, or undefined when the page is empty. */
  lastKey: number | undefined;
}

/** Orders created in [begin, end] (both ends included) and by `now`, after the key `after`, in create order. */
export function listShopOrders(stream: ShopStream, query: { begin: number; end: number; after: number; pageSize: number; now: number }): ShopListPage {
  const upper = Math.min(query.end, query.now);
  const tradeNos: string[] = [];
  let lastKey: number | undefined;
  for (let day = Math.max(dayOf(query.begin), stream.days.firstDay); day <= dayOf(upper); day += 1) {
    const offsets = stream.days.offsets(day);
    const start = Math.max(firstAtOrAbove(offsets, query.begin - day * DAY), query.after >= day * SEQ ? query.after - day * SEQ + 1 : 0);
    for (let seq = start; seq < offsets.length && day * DAY + offsets[seq]! <= upper; seq += 1) {
      if (tradeNos.length === query.pageSize) return { tradeNos, hasMore: true, lastKey };
      tradeNos.push(shopTradeNo(stream, day, seq));
      lastKey = shopListKey(day, seq);
    }
  }
  return { tradeNos, hasMore: false, lastKey };
}

/** The listed order with this trade number as it is at `now`, or undefined when the shop has none (yet). */
export function listedShopOrder(stream: ShopStream, tradeNo: string, now: number): JsonObject | undefined {
  const parsed = parseTradeNo(stream, tradeNo);
  const created = parsed && stream.days.createTime(parsed.day, parsed.seq);
  if (created === undefined || created > now) return undefined;
  // Every draw comes first, in a fixed order, so an order's story does not depend on the clock.
  const r = randomFor(`${stream.days.options.key}:order:${tradeNo}`);
  const fate = r.int(0, 99);
  const amount: number | bigint = r.int(0, 499) === 0 ? 9_007_199_254_740_993n + BigInt(r.int(0, 999)) : r.int(100, 2_000_000);
  const big = BigInt(amount);
  const description = r.pick(DESCRIPTIONS);
  const transactionId = `4200${r.digits(24)}`;
  const expire = created + 1800;
  const closeAt = fate >= 92 ? created + r.int(60, 1700) : expire;
  const paidAt = created + r.int(5, 900);
  const refundPlans = [r.int(0, 99) < 15, r.int(0, 4) === 0].map((wanted, i) => {
    const at = paidAt + r.int(3600, 5 * DAY) * (i + 1);
    return { wanted, at, done: at + r.int(600, 2 * DAY), ok: r.int(0, 9) > 0, share: BigInt(r.int(10, 50)), id: `5030${r.digits(25)}` };
  });
  const shared = r.int(0, 99) < 25;
  const delay = r.pick([0, 1, 7]);
  const sharedAt = paidAt + delay * DAY + r.int(600, 6 * 3600);
  const sharing = { at: sharedAt, done: sharedAt + r.int(60, DAY), ok: r.int(0, 19) > 0, share: BigInt(r.int(1, 30)), id: `3000${r.digits(25)}` };

  const happened: number[] = [created];
  const at = (time: number) => {
    if (time > now) return false;
    happened.push(time);
    return true;
  };
  const order: JsonObject = { trade_no: tradeNo, mchid: stream.mchid, create_time: created, expire_time: expire, amount, description };
  const paid = fate < 80 && at(paidAt);
  if (!paid) {
    if (at(closeAt)) Object.assign(order, { close_status: 1, close_time: closeAt });
    return { ...order, update_time: Math.max(...happened) };
  }
  const refunds = refundPlans[0]!.wanted ? refundPlans.slice(0, refundPlans[1]!.wanted ? 2 : 1) : [];
  const refundList = refunds
    .filter((plan) => at(plan.at))
    .map((plan, i) => ({
      refund_no: `${tradeNo}-R${i + 1}`,
      refund_id: plan.id,
      ...record((big * plan.share) / 100n || 1n, plan, at(plan.done), '余额不足 insufficient balance'),
    }));
  const sharingList = shared && at(sharing.at) ? [{ profit_sharing_no: `${tradeNo}-PS1`, profit_sharing_id: sharing.id, mchid: stream.mchid, ...record((big * sharing.share) / 100n || 1n, sharing, at(sharing.done), '分账接收方账户异常 receiver account abnormal') }] : [];
  return {
    ...order,
    transaction_id: transactionId,
    pay_time: paidAt,
    update_time: Math.max(...happened),
    refund_list: refundList,
    profit_sharing_list: sharingList,
    profit_sharing_delay: delay,
    profit_sharing_frozen: sharingList.some((s) => s.result === 'PROCESSING') ? 1 : 0,
  };
}

function record(amount: bigint, plan: { at: number; done: number; ok: boolean }, done: boolean, failReason: string) {
  const base = { amount: amount <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(amount) : amount, create_time: plan.at };
  if (!done) return { ...base, result: 'PROCESSING' };
  return plan.ok ? { ...base, finish_time: plan.done, result: 'SUCCESS' } : { ...base, finish_time: plan.done, result: 'FAIL', fail_reason: failReason };
}
