import { describe, expect, it } from 'vitest';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import type { WeChatServiceProviderOrder, WeChatShopPayOrder } from '@/lib/orders/wechat-shapes';
import { indexEntryOf } from './entry';

const asOf = '2026-01-01T00:00:00.000Z';
const paid: WeChatShopPayOrder = { trade_no: 't1', transaction_id: '4200000000000000000000000001', amount: '10000', create_time: 1700000000, pay_time: 1700000060, profit_sharing_delay: 7, profit_sharing_frozen: 0 };
const shop = (extra: Partial<WeChatShopPayOrder>) => indexEntryOf(normaliseShopOrder({ ...paid, ...extra }, asOf), 'default');

describe('indexEntryOf', () => {
  it('keeps every id a shop order carries, each under its kind', () => {
    const entry = shop({
      combine_trade_no: 'C1',
      refund_list: [{ refund_no: 'R1', refund_id: '50300000000000000000000000001', amount: '1', create_time: 1700000100, finish_time: 1700000160, result: 'SUCCESS' }],
      profit_sharing_list: [{ profit_sharing_no: 'PS1', profit_sharing_id: '30000000000000000000000000001', amount: '1', create_time: 1700000200, finish_time: 1700000260, result: 'SUCCESS' }],
    });
    expect(entry.refs).toEqual(['transaction-id:4200000000000000000000000001', 'combine-trade-no:C1', 'refund-no:R1', 'refund-id:50300000000000000000000000001', 'sharing-no:PS1', 'sharing-id:30000000000000000000000000001']);
    expect(entry).toMatchObject({ kind: 'shop', shop: 'default', orderId: 't1', amountFen: 10000n, state: 'partly-refunded', paidAt: '2023-11-14T22:14:20.000Z' });
  });

  it('reads what needs attention from refunds and sharing', () => {
    const stuck = shop({ refund_list: [{ refund_no: 'R1', refund_id: '5031', amount: '100', create_time: 1700000100, result: 'PROCESSING' }] });
    expect(stuck.refundInProgressSince).toBe('2023-11-14T22:15:00.000Z');
    // Sharing possible from pay time + 7 days, funds not frozen, nothing shared.
    expect(stuck.sharingPossibleSince).toBe('2023-11-21T22:14:20.000Z');
    expect(shop({ profit_sharing_frozen: 1 }).sharingPossibleSince).toBeNull();
    expect(shop({ profit_sharing_list: [{ profit_sharing_no: 'P', profit_sharing_id: '3001', amount: '5', create_time: 1700000200, result: 'PROCESSING' }] }).sharingPossibleSince).toBeNull();
    const failed = shop({ profit_sharing_list: [{ profit_sharing_no: 'P', profit_sharing_id: '3001', amount: '5', create_time: 1700000200, finish_time: 1700000260, result: 'FAIL' }] });
    expect(failed).toMatchObject({ sharingFailed: true, refundFailed: false, sharingPossibleSince: null });
    const closed = shop({ pay_time: undefined, close_status: 1, close_time: 1700001000, refund_list: [{ refund_no: 'R1', refund_id: '5031', amount: '100', create_time: 1700000100 }] });
    expect(closed).toMatchObject({ state: 'closed', closedRefundPending: true, sharingPossibleSince: null });
  });

  it('flags a resource pack at 90 % use, and keeps its validity end only while the window applies', () => {
    const order = (status: number, used: string, end: number): WeChatServiceProviderOrder => ({
      orderId: 'DD1',
      status,
      orderPrice: '500',
      createTime: 1700000000000,
      payInfo: { applyPayTime: 1700000004, finishPayTime: 1700000015 },
      orderProductInfo: { validityBeginTime: 1700000015, validityEndTime: end },
      usage: { used, all: '1000' },
    });
    const entry = (status: number, used: string, end: number) => indexEntryOf(normaliseServiceProviderOrder(order(status, used, end), asOf), '');
    expect(entry(2, '900', 1800000000)).toMatchObject({ kind: 'service-provider', shop: '', refs: [], usageHigh: true, validUntil: '2027-01-15T08:00:00.000Z' });
    expect(entry(2, '899', 1800000000).usageHigh).toBe(false);
    expect(entry(2, '100', 1700100000).validUntil).toBeNull(); // over before asOf
    expect(entry(6, '100', 1800000000).validUntil).toBeNull(); // refunded: the window does not apply
    expect(entry(7, '100', 1800000000).refundFailed).toBe(true);
  });

  it('reads attention facts without guesses (issue 20, item 4)', () => {
    // Any sharing record at all ends "nothing shared", a failed one included.
    const failed = shop({ profit_sharing_list: [{ profit_sharing_no: 'P', profit_sharing_id: '3001', amount: '5', create_time: 1700000200, finish_time: 1700000260, result: 'FAIL' }] });
    expect(failed).toMatchObject({ sharingFailed: true, sharingPossibleSince: null, resultUnknown: false });
    // A result Order Desk does not recognise raises its own fact.
    const closedRefund = shop({ refund_list: [{ refund_no: 'R', refund_id: '5031', amount: '5', create_time: 1700000100, finish_time: 1700000160, result: 'REFUNDCLOSE' }] });
    expect(closedRefund).toMatchObject({ resultUnknown: true, refundInProgress: false, refundFailed: false });
    const cancelledSharing = shop({ profit_sharing_list: [{ profit_sharing_no: 'P', profit_sharing_id: '3001', amount: '5', create_time: 1700000200, finish_time: 1700000260, result: 'CANCELLED' }] });
    expect(cancelledSharing).toMatchObject({ resultUnknown: true, sharingPossibleSince: null });
    // A refund without create_time: in progress, since unknown (not the fetch time).
    const noTime = shop({ refund_list: [{ refund_no: 'R', refund_id: '5031', amount: '5', result: 'PROCESSING' }] });
    expect(noTime).toMatchObject({ refundInProgress: true, refundInProgressSince: null });
    // Paid (a transaction_id) without pay_time: not unpaid.
    expect(shop({ pay_time: undefined }).state).toBe('paid');
  });

  it('reads service-provider status 5 as a refund in progress since updateTime, and pack use only while the pack counts', () => {
    const order = (status: number, extra: Partial<WeChatServiceProviderOrder> = {}): WeChatServiceProviderOrder => ({
      orderId: 'DD1',
      status,
      orderPrice: '500',
      createTime: 1700000000000,
      updateTime: 1700000500000,
      payInfo: { applyPayTime: 1700000004, finishPayTime: 1700000015 },
      orderProductInfo: { validityBeginTime: 1700000015, validityEndTime: 1800000000 },
      usage: { used: '950', all: '1000' },
      ...extra,
    });
    const entry = (o: WeChatServiceProviderOrder) => indexEntryOf(normaliseServiceProviderOrder(o, asOf), '');
    expect(entry(order(5))).toMatchObject({ refundInProgress: true, refundInProgressSince: '2023-11-14T22:21:40.000Z', usageHigh: true });
    expect(entry(order(5, { updateTime: 0 }))).toMatchObject({ refundInProgress: true, refundInProgressSince: null });
    expect(entry(order(2))).toMatchObject({ refundInProgress: false, refundInProgressSince: null, usageHigh: true });
    // Refunded, cancelled or expired: the pack no longer counts, however used.
    expect(entry(order(6)).usageHigh).toBe(false);
    expect(entry(order(2, { orderProductInfo: { validityBeginTime: 1700000015, validityEndTime: 1700100000 } })).usageHigh).toBe(false);
  });
});
