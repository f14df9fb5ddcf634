import { describe, expect, it } from 'vitest';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import type { WeChatServiceProviderOrder, WeChatShopPayOrder } from '@/lib/orders/wechat-shapes';
import { dayDeltas, dayIn, movementsOf, placed } from './movements';

const asOf = '2024-03-10T00:00:00.000Z';
/** 2024-03-01 00:00 Asia/Shanghai. */
const M = 1_709_222_400;
const shop = (extra: Partial<WeChatShopPayOrder>) => normaliseShopOrder({ trade_no: 't1', amount: '10000', create_time: M - 200, pay_time: M - 100, transaction_id: '4200', ...extra }, asOf);
const sp = (extra: Partial<WeChatServiceProviderOrder>) => normaliseServiceProviderOrder({ orderId: 'DD1', status: 2, orderPrice: '19900', payInfo: { applyPayTime: M, finishPayTime: M + 30 }, ...extra }, asOf);
const brief = (o: Parameters<typeof movementsOf>[0]) => movementsOf(o).map((m) => ({ ...m, amountFen: m.amountFen.toString() }));

describe('movementsOf', () => {
  it('gives a paid order its payment at pay_time, and an unpaid or closed one none', () => {
    expect(brief(shop({}))).toEqual([{ figure: 'paid', movementId: '', amountFen: '10000', at: '2024-02-29T15:58:20.000Z', counts: true, result: null, open: null }]);
    expect(movementsOf(shop({ pay_time: undefined, transaction_id: undefined }))).toEqual([]);
    expect(movementsOf(shop({ pay_time: undefined, transaction_id: undefined, close_status: 1, close_time: M }))).toEqual([]);
  });

  it('keeps a payment without pay_time unplaced (at null), never at another time', () => {
    expect(brief(shop({ pay_time: undefined, update_time: M }))).toEqual([{ figure: 'paid', movementId: '', amountFen: '10000', at: null, counts: true, result: null, open: null }]);
  });

  it('counts a refund at its finish when it succeeded, and keeps every refund in progress from its request to its finish', () => {
    const order = shop({
      refund_list: [
        { refund_no: 'r1', refund_id: '5031', amount: '3000', create_time: M - 60, finish_time: M + 60, result: 'SUCCESS' },
        { refund_no: 'r2', refund_id: '5032', amount: '2000', create_time: M + 100, result: 'PROCESSING' },
        { refund_no: 'r3', refund_id: '5033', amount: '1000', create_time: M + 200, finish_time: M + 300, result: 'FAIL' },
        { refund_no: 'r4', refund_id: '', amount: '500', create_time: M + 400, result: 'SUCCESS' },
        { refund_no: 'r5', refund_id: '5035', amount: '400', result: 'PROCESSING' },
      ],
    });
    expect(brief(order).slice(1)).toEqual([
      { figure: 'refund', movementId: '5031', amountFen: '3000', at: '2024-02-29T16:01:00.000Z', counts: true, result: 'SUCCESS', open: { from: '2024-02-29T15:59:00.000Z', until: '2024-02-29T16:01:00.000Z' } },
      { figure: 'refund', movementId: '5032', amountFen: '2000', at: null, counts: false, result: 'PROCESSING', open: { from: '2024-02-29T16:01:40.000Z', until: null } },
      { figure: 'refund', movementId: '5033', amountFen: '1000', at: '2024-02-29T16:05:00.000Z', counts: false, result: 'FAIL', open: { from: '2024-02-29T16:03:20.000Z', until: '2024-02-29T16:05:00.000Z' } },
      // Succeeded without a finish time: refunded, on no day; not in progress either (it is over, when unknown).
      { figure: 'refund', movementId: 'r4', amountFen: '500', at: null, counts: true, result: 'SUCCESS', open: null },
      // In progress without a request time: no span to place.
      { figure: 'refund', movementId: '5035', amountFen: '400', at: null, counts: false, result: 'PROCESSING', open: null },
    ]);
  });

  it('counts only the sharing that succeeded, at its finish', () => {
    const order = shop({
      profit_sharing_list: [
        { profit_sharing_no: 's1', profit_sharing_id: '3001', amount: '700', create_time: M, finish_time: M + 60, result: 'SUCCESS' },
        { profit_sharing_no: 's2', profit_sharing_id: '3002', amount: '100', create_time: M, result: 'PENDING' },
        { profit_sharing_no: 's3', profit_sharing_id: '3003', amount: '200', create_time: M, finish_time: M + 60, result: 'FAIL' },
        { profit_sharing_no: 's4', profit_sharing_id: '3001', amount: '50', create_time: M, result: 'SUCCESS' },
      ],
    });
    expect(brief(order).slice(1)).toEqual([
      { figure: 'shared', movementId: '3001', amountFen: '700', at: '2024-02-29T16:01:00.000Z', counts: true, result: 'SUCCESS', open: null },
      // The same id twice in one answer: kept apart.
      { figure: 'shared', movementId: '3001#2', amountFen: '50', at: null, counts: true, result: 'SUCCESS', open: null },
    ]);
  });

  it('keeps 64-bit amounts exact', () => {
    expect(movementsOf(shop({ amount: '9007199254740993' }))[0]!.amountFen).toBe(9007199254740993n);
  });

  it('gives a paid service-provider order its purchase at finishPayTime, an unpaid one none', () => {
    expect(brief(sp({}))).toEqual([{ figure: 'purchase', movementId: '', amountFen: '19900', at: '2024-02-29T16:00:30.000Z', counts: true, result: null, open: null }]);
    expect(movementsOf(sp({ status: 1, payInfo: { applyPayTime: M } }))).toEqual([]);
    expect(movementsOf(sp({ status: 9, payInfo: { applyPayTime: M } }))).toEqual([]);
    // Refunded (6) yet no finishPayTime: a purchase with no day.
    expect(brief(sp({ status: 6, payInfo: { applyPayTime: M } }))[0]!.at).toBeNull();
  });
});

describe('dayIn', () => {
  it('reads the day in the zone, across midnight', () => {
    expect(dayIn('2024-02-29T15:59:59.000Z', 'Asia/Shanghai')).toBe('2024-02-29');
    expect(dayIn('2024-02-29T16:00:00.000Z', 'Asia/Shanghai')).toBe('2024-03-01');
    expect(dayIn('2024-02-29T16:00:00.000Z', 'UTC')).toBe('2024-02-29');
  });
});

describe('dayDeltas', () => {
  const zone = 'Asia/Shanghai';
  const refunding = shop({ refund_list: [{ refund_no: 'r1', refund_id: '5031', amount: '3000', create_time: M - 60, result: 'PROCESSING' }] });
  const refunded = shop({ refund_list: [{ refund_no: 'r1', refund_id: '5031', amount: '3000', create_time: M - 60, finish_time: M + 86_400, result: 'SUCCESS' }] });
  const place = (o: ReturnType<typeof shop>) => movementsOf(o).map((m) => placed(m, 'main', zone));

  it('adds a new order whole: its payment, and its refund in progress from the request day', () => {
    expect(dayDeltas([], place(refunding)).map((d) => [d.day, d.paidCount, d.paidFen, d.refundOpenFen])).toEqual([['2024-02-29', 1, 10000n, 3000n]]);
  });

  it('moves only what changed when a refund finishes, sorted by day', () => {
    const deltas = dayDeltas(place(refunding), place(refunded));
    expect(deltas.map((d) => [d.day, d.paidCount, d.refundedCount, d.refundedFen, d.refundOpenFen])).toEqual([['2024-03-02', 0, 1, 3000n, -3000n]]);
  });

  it('takes an order out whole', () => {
    expect(dayDeltas(place(refunded), []).map((d) => [d.day, d.paidCount, d.paidFen, d.refundedFen, d.refundOpenFen])).toEqual([
      ['2024-02-29', -1, -10000n, 0n, -3000n],
      ['2024-03-02', 0, 0n, -3000n, 3000n],
    ]);
  });
});
