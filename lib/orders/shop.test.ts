import { describe, expect, it } from 'vitest';
import { normaliseShopOrder } from './shop';
import type { WeChatRefundRecord, WeChatShopPayOrder } from './wechat-shapes';

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
    expect(order.refundTotals).toEqual({ succeededFen: '1', inProgressFen: '0', failedFen: '0', unknownFen: '0' });
    expect(order.remainingFen).toBe('0');
    expect(order.profitSharingTotals.succeededFen).toBe('1');
    expect(order.profitSharingFrom).toBe('2022-05-02T06:18:35.000Z');
    expect(order.profitSharingFrozen).toMatchObject({ code: 0, key: 'not-frozen' });
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
    expect(order.refundTotals).toEqual({ succeededFen: '3000', inProgressFen: '3000', failedFen: '700', unknownFen: '0' });
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

describe('readings the documents leave open', () => {
  const refund = (no: string, amount: string, extra: Partial<WeChatRefundRecord> = {}): WeChatRefundRecord => ({
    refund_no: no,
    refund_id: `50${no}`,
    amount,
    create_time: 1700000600,
    ...extra,
  });

  it('counts only known in-progress results as in progress; anything else is unknown, raw, and kept out of the other totals', () => {
    const order = normaliseShopOrder(
      {
        ...base,
        refund_list: [
          refund('ok', '1000', { finish_time: 1700000660, result: 'SUCCESS' }),
          refund('closed', '2000', { finish_time: 1700000700, result: 'REFUNDCLOSE' }),
          refund('silent', '500', { finish_time: 1700000800 }),
          refund('processing', '300', { result: 'PROCESSING' }),
          refund('waiting', '200'),
          refund('odd', '100', { result: 'SOMETHING_NEW' }),
        ],
      },
      asOf,
    );
    expect(order.refundTotals).toEqual({ succeededFen: '1000', inProgressFen: '500', failedFen: '0', unknownFen: '2600' });
    expect(order.refunds[1]).toMatchObject({ result: 'REFUNDCLOSE', outcome: { key: 'unknown', code: 'REFUNDCLOSE', en: 'Unknown result' } });
    expect(order.refunds[2]).toMatchObject({ result: null, outcome: { key: 'unknown' } });
    expect(order.refunds[4]).toMatchObject({ result: null, outcome: { key: 'in-progress' } });
    expect(order.refunds[5]).toMatchObject({ outcome: { key: 'unknown', code: 'SOMETHING_NEW' } });
    expect(order.remainingFen).toBe('9000');
  });

  it('totals unknown profit-sharing results apart too', () => {
    const order = normaliseShopOrder(
      {
        ...base,
        profit_sharing_list: [
          { profit_sharing_no: 'a', profit_sharing_id: '30a', mchid: '1623426221', amount: '700', create_time: 1700003000, finish_time: 1700003060, result: 'SUCCESS' },
          { profit_sharing_no: 'b', profit_sharing_id: '30b', mchid: '1623426221', amount: '400', create_time: 1700003100, finish_time: 1700003160, result: 'CANCELLED' },
          { profit_sharing_no: 'c', profit_sharing_id: '30c', mchid: '1623426221', amount: '50', create_time: 1700003200, result: 'FAIL' },
        ],
      },
      asOf,
    );
    expect(order.profitSharingTotals).toEqual({ succeededFen: '700', inProgressFen: '0', failedFen: '50', unknownFen: '400' });
  });

  it('keeps a missing sharing mchid missing', () => {
    const order = normaliseShopOrder(
      { ...base, profit_sharing_list: [{ profit_sharing_no: 'a', profit_sharing_id: '30a', amount: '1', create_time: 1700003000, result: 'SUCCESS' }] },
      asOf,
    );
    expect(order.profitSharing[0]?.mchId).toBeNull();
  });

  it('shows unknown flag values as unknown, with their number', () => {
    const read = (extra: Partial<WeChatShopPayOrder>) => normaliseShopOrder({ ...base, ...extra }, asOf);
    expect(read({ profit_sharing_frozen: 2 }).profitSharingFrozen).toMatchObject({ code: 2, key: 'unknown', en: 'Unknown (code 2)', zh: '未知（代码 2）' });
    expect(read({ profit_sharing_frozen: 1 }).profitSharingFrozen).toMatchObject({ code: 1, key: 'frozen' });
    expect(read({ profit_sharing_frozen: 0 }).profitSharingFrozen).toMatchObject({ code: 0, key: 'not-frozen' });
    expect(read({}).profitSharingFrozen).toBeNull();
    const unknownClose = read({ close_status: 2 });
    expect(unknownClose.closeStatus).toMatchObject({ code: 2, key: 'unknown', en: 'Unknown (code 2)' });
    expect(unknownClose.state.key).not.toBe('closed');
    expect(read({ close_status: 0 }).closeStatus).toMatchObject({ code: 0, key: 'open' });
    expect(read({ close_status: 1 }).closeStatus).toMatchObject({ code: 1, key: 'closed' });
    expect(read({}).closeStatus).toBeNull();
  });

  it('reads expire_time as the payment deadline, which matters only while the order is unpaid', () => {
    const paid = normaliseShopOrder(example, asOf);
    expect(paid.paymentDeadline).toEqual({ at: '2022-04-28T16:00:00.000Z', applies: false });
    expect(paid.timeline.map((e) => e.type)).not.toContain('payment-deadline');
    const unpaid = normaliseShopOrder({ ...base, pay_time: undefined, expire_time: 1700086400 }, asOf);
    expect(unpaid.paymentDeadline).toEqual({ at: '2023-11-15T22:13:20.000Z', applies: true });
    expect(unpaid.timeline.map((e) => e.type)).toContain('payment-deadline');
    const closed = normaliseShopOrder({ ...base, pay_time: undefined, expire_time: 1700086400, close_status: 1 }, asOf);
    expect(closed.paymentDeadline.applies).toBe(false);
    expect(normaliseShopOrder(base, asOf).paymentDeadline).toEqual({ at: null, applies: false });
  });
});

describe('readings that are ours (issue 20)', () => {
  it('has "remaining after refunds" only for a paid order: unpaid and closed orders have none', () => {
    expect(normaliseShopOrder({ ...base, pay_time: undefined }, asOf).remainingFen).toBeNull();
    expect(normaliseShopOrder({ ...base, pay_time: undefined, close_status: 1, close_time: 1700000100 }, asOf).remainingFen).toBeNull();
    expect(normaliseShopOrder(base, asOf).remainingFen).toBe('10000');
  });

  it('reads a transaction_id without a pay_time as paid, time not given (not unpaid)', () => {
    const order = normaliseShopOrder({ ...base, pay_time: undefined, transaction_id: '4200001234202311150000000001', expire_time: 1700086400 }, asOf);
    expect(order.state).toMatchObject({ key: 'paid', en: 'Paid, time not given', zh: '已支付（未给出支付时间）' });
    expect(order.paidAt).toBeNull();
    expect(order.remainingFen).toBe('10000');
    expect(order.paymentDeadline.applies).toBe(false);
  });
});
