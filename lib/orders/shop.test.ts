import { describe, expect, it } from 'vitest';
import { normaliseShopOrder } from './shop';
import type { WeChatShopPayOrder } from './wechat-shapes';

const asOf = '2024-01-01T00:00:00.000Z';

// shop-pay-getorder.md's example: a fully refunded order that was also profit-shared.
const example: WeChatShopPayOrder = {
  trade_no: '522346',
  transaction_id: '4302900974202204024351451925',
  combine_trade_no: '512346',
  mchid: '1623426221',
  create_time: 1648880172,
  update_time: 1648880485,
  pay_time: 1648880315,
  expire_time: 1651161600,
  amount: '1',
  description: '测试商品',
  refund_list: [
    { amount: '1', create_time: 1648880476, finish_time: 1648880483, result: 'SUCCESS', refund_id: '50301901362022040218937476250', refund_no: '522347' },
  ],
  profit_sharing_list: [
    {
      mchid: '1623426221',
      amount: '1',
      create_time: 1648880985,
      finish_time: 1648881016,
      result: 'SUCCESS',
      profit_sharing_id: '30002107912022040228952584675',
      profit_sharing_no: '512341',
    },
  ],
  profit_sharing_delay: 30,
  profit_sharing_frozen: 0,
};

const base: WeChatShopPayOrder = { trade_no: 't1', amount: '10000', create_time: 1700000000, pay_time: 1700000060 };

describe('normaliseShopOrder', () => {
  it('reads the document example', () => {
    const order = normaliseShopOrder(example, asOf);
    expect(order.amountFen).toBe('1');
    expect(order.state).toMatchObject({ key: 'refunded', en: 'Refunded', zh: '已全额退款' });
    expect(order.paidAt).toBe('2022-04-02T06:18:35.000Z');
    expect(order.refundTotals).toEqual({ succeededFen: '1', inProgressFen: '0', failedFen: '0' });
    expect(order.remainingFen).toBe('0');
    expect(order.profitSharingTotals.succeededFen).toBe('1');
    expect(order.profitSharingFrom).toBe('2022-05-02T06:18:35.000Z');
    expect(order.profitSharingFrozen).toBe(false);
    expect(order.refunds[0]).toMatchObject({ refundNo: '522347', outcome: { key: 'succeeded' }, finishedAt: '2022-04-02T06:21:23.000Z' });
  });

  it('derives the shop state', () => {
    expect(normaliseShopOrder({ ...base, pay_time: undefined }, asOf).state.key).toBe('unpaid');
    expect(normaliseShopOrder(base, asOf).state.key).toBe('paid');
    expect(normaliseShopOrder({ ...base, close_status: 1, close_time: 1700000100 }, asOf).state.key).toBe('closed');
    const partly = normaliseShopOrder(
      { ...base, refund_list: [{ refund_no: 'r', refund_id: '50', amount: '2500', create_time: 1700000100, result: 'SUCCESS' }] },
      asOf,
    );
    expect(partly.state.key).toBe('partly-refunded');
    expect(partly.remainingFen).toBe('7500');
  });

  it('totals refunds by outcome: finished, in progress (no result yet), failed', () => {
    const order = normaliseShopOrder(
      {
        ...base,
        refund_list: [
          { refund_no: 'a', refund_id: '1', amount: '3000', create_time: 1700000600, finish_time: 1700000660, result: 'SUCCESS' },
          { refund_no: 'b', refund_id: '2', amount: '2000', create_time: 1700000900 },
          { refund_no: 'c', refund_id: '3', amount: '1000', create_time: 1700001200, result: 'PROCESSING' },
          { refund_no: 'd', refund_id: '4', amount: '700', create_time: 1700001300, finish_time: 1700001360, result: 'FAIL', fail_reason: 'no money' },
        ],
      },
      asOf,
    );
    expect(order.refundTotals).toEqual({ succeededFen: '3000', inProgressFen: '3000', failedFen: '700' });
    expect(order.remainingFen).toBe('7000');
    expect(order.refunds[3]).toMatchObject({ failReason: 'no money', result: 'FAIL', outcome: { key: 'failed' } });
  });

  it('builds a time-ordered timeline with every refund and profit sharing', () => {
    const order = normaliseShopOrder(example, asOf);
    expect(order.timeline.map((e) => e.type)).toEqual([
      'created',
      'paid',
      'refund-requested',
      'refund-finished',
      'updated',
      'profit-sharing-requested',
      'profit-sharing-finished',
      'expires',
    ]);
    expect(order.timeline[3]).toMatchObject({ ref: '522347', amountFen: '1', result: 'SUCCESS' });
  });

  it('keeps amounts beyond 2^53 exact', () => {
    const order = normaliseShopOrder(
      { ...base, amount: '9007199254740993', refund_list: [{ refund_no: 'r', refund_id: '5', amount: '1', create_time: 1700000100, result: 'SUCCESS' }] },
      asOf,
    );
    expect(order.amountFen).toBe('9007199254740993');
    expect(order.remainingFen).toBe('9007199254740992');
  });

  it('has no profit-sharing date while unpaid', () => {
    const order = normaliseShopOrder({ ...base, pay_time: undefined, profit_sharing_delay: 30 }, asOf);
    expect(order.profitSharingFrom).toBeNull();
    expect(order.profitSharingFrozen).toBeNull();
  });
});
