import type { JsonObject } from './fixtures';
import { hash, randomFor } from './generated';
import { DAY, dayFromText, dayOf, dayText, type OrderDays } from './listed-days';

/**
 * An SPU's listed service-provider orders (`wxa/charge/service-provider/order/query_list`), which
 * `order/get` answers too, field for field. Order id: `DD6`, the SPU's two-digit place in the
 * simulator's SPU list, the UTC create day, the day's sequence number and three check digits,
 * e.g. `DD601202612060004217` (21 characters, like the document's example).
 *
 * At the simulator's clock an order is awaiting payment (1) until paid (2) seconds to minutes
 * later (85 %), or times out (3) after 30 minutes, or is cancelled (9); 8 % of paid orders are
 * refunding (5) from days after payment, then refunded (6) or refund failed (7); half ask for an
 * invoice (invoicing 1, then invoiced 2 or failed 4); usage grows day by day. `updateTime` is the
 * latest status or invoice change that has happened (usage does not move it: our reading).
 */
export interface SpuStream {
  spuId: string;
  /** Two digits in every order id of this SPU. */
  tag: string;
  name: string;
  days: OrderDays;
}

const checkDigits = (stream: SpuStream, day: number, seq: number) => String(hash(`${stream.days.options.key}:id:${day}:${seq}`) % 1000).padStart(3, '0');

export function spOrderId(stream: SpuStream, day: number, seq: number): string {
  return `DD6${stream.tag}${dayText(day)}${String(seq).padStart(5, '0')}${checkDigits(stream, day, seq)}`;
}

function parseOrderId(stream: SpuStream, orderId: string): { day: number; seq: number } | undefined {
  const match = /^DD6(\d{2})(\d{8})(\d{5})(\d{3})$/.exec(orderId);
  if (!match || match[1] !== stream.tag) return undefined;
  const day = dayFromText(match[2]!);
  const seq = Number(match[3]);
  return day !== undefined && match[4] === checkDigits(stream, day, seq) ? { day, seq } : undefined;
}

/** The SPU's orders created by `now`, newest first, from `offset`: `total` is how many there are in all. */
export function listSpOrders(stream: SpuStream, query: { offset: number; limit: number; now: number }): { total: number; orders: JsonObject[] } {
  const { days } = stream;
  const lastDay = dayOf(query.now);
  let total = 0;
  for (let day = days.firstDay; day <= lastDay; day += 1) total += days.countUpTo(day, query.now);
  const orders: JsonObject[] = [];
  let skip = query.offset;
  for (let day = lastDay; day >= days.firstDay && orders.length < query.limit; day -= 1) {
    const count = days.countUpTo(day, query.now);
    if (skip >= count) {
      skip -= count;
      continue;
    }
    for (let seq = count - 1 - skip; seq >= 0 && orders.length < query.limit; seq -= 1) orders.push(listedSpOrderAt(stream, day, seq, query.now)!);
    skip = 0;
  }
  return { total, orders };
}

/** The listed order with this id as it is at `now`, or undefined when the SPU has none (yet). */
export function listedSpOrder(stream: SpuStream, orderId: string, now: number): JsonObject | undefined {
  const parsed = parseOrderId(stream, orderId);
  return parsed && listedSpOrderAt(stream, parsed.day, parsed.seq, now);
}

function listedSpOrderAt(stream: SpuStream, day: number, seq: number, now: number): JsonObject | undefined {
  const created = stream.days.createTime(day, seq);
  if (created === undefined || created > now) return undefined;
  const orderId = spOrderId(stream, day, seq);
  // Every draw comes first, in a fixed order, so an order's story does not depend on the clock.
  const r = randomFor(`${stream.days.options.key}:order:${orderId}`);
  const fate = r.int(0, 99);
  const createMs = created * 1000 + r.int(0, 999);
  const applyPay = created + r.int(1, 10);
  const paidAt = applyPay + r.int(2, 120);
  const endedAt = fate < 92 ? created + 1800 : created + r.int(60, 1700);
  const refund = { wanted: r.int(0, 99) < 8, at: paidAt + r.int(DAY, 10 * DAY), took: r.int(600, 3 * DAY), ok: r.int(0, 9) > 0 };
  const invoice = { wanted: r.int(0, 1) === 0, at: paidAt + r.int(60, 3 * DAY), took: r.int(3600, 2 * DAY), ok: r.int(0, 19) > 0 };
  const price = r.int(0, 999) === 0 ? String(9_007_199_254_740_993n + BigInt(r.int(0, 999))) : String(r.int(100, 500_000));
  const all = r.pick([1000, 10_000, 100_000]);
  const lifeDays = r.int(30, 365);
  const skuId = String(20_000_000 + r.int(0, 999));
  const skuCnt = r.int(1, 5);

  const happened: number[] = [createMs];
  const at = (time: number) => {
    if (time > now) return false;
    happened.push(time * 1000);
    return true;
  };
  const product = { spSpuId: stream.spuId, spSkuId: skuId, spBizId: 100100, spuName: stream.name, skuName: `${all.toLocaleString('en-US')} times 次`, skuCnt };
  const order: JsonObject = { orderId, status: 1, createTime: createMs, orderPrice: price, payInfo: { applyPayTime: applyPay }, orderProductInfo: product };
  const paid = fate < 85 && at(paidAt);
  if (!paid) {
    if (fate >= 85 && at(endedAt)) order.status = fate < 92 ? 3 : 9;
    return { ...order, updateTime: Math.max(...happened) };
  }
  order.status = 2;
  order.payInfo = { applyPayTime: applyPay, finishPayTime: paidAt };
  order.orderProductInfo = { ...product, validityBeginTime: paidAt, validityEndTime: paidAt + lifeDays * DAY };
  if (refund.wanted && at(refund.at)) order.status = at(refund.at + refund.took) ? (refund.ok ? 6 : 7) : 5;
  if (invoice.wanted && at(invoice.at)) order.invoiceInfo = { invoiceStatus: at(invoice.at + invoice.took) ? (invoice.ok ? 2 : 4) : 1, invoiceApplyTime: invoice.at };
  const daysUsed = Math.floor((now - paidAt) / DAY);
  order.usage = { used: String(Math.floor((all * Math.min(daysUsed, lifeDays)) / lifeDays)), all: String(all) };
  return { ...order, updateTime: Math.max(...happened) };
}
