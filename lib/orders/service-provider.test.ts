import { describe, expect, it } from 'vitest';
import { normaliseServiceProviderOrder } from './service-provider';
import type { WeChatServiceProviderOrder } from './wechat-shapes';

const asOf = '2024-01-01T00:00:00.000Z';

// service-provider-order-get.md's example, as the schema hands it over.
const example: WeChatServiceProviderOrder = {
  orderId: 'DD2981741311549200000',
  status: 2,
  createTime: 1687265841964,
  updateTime: 1687267671475,
  orderPrice: '1',
  payInfo: { applyPayTime: 1687265845, finishPayTime: 1687265856 },
  orderProductInfo: {
    spSpuId: '10000111',
    spSkuId: '20000176',
    skuCnt: 1,
    spBizId: 100100,
    spuName: 'spu name',
    skuName: 'sku name',
    validityBeginTime: 1687265856,
    validityEndTime: 1718801856,
  },
  invoiceInfo: { invoiceStatus: 2, invoiceApplyTime: 1687265870 },
  usage: { used: '0', all: '1000' },
};

describe('normaliseServiceProviderOrder', () => {
  it('reads the document example with the right units', () => {
    const order = normaliseServiceProviderOrder(example, asOf);
    expect(order.priceFen).toBe('1');
    expect(order.status).toMatchObject({ code: 2, key: 'paid', en: 'Paid', zh: '支付成功' });
    // createTime/updateTime are milliseconds; the rest are seconds.
    expect(order.createdAt).toBe('2023-06-20T12:57:21.964Z');
    expect(order.updatedAt).toBe('2023-06-20T13:27:51.475Z');
    expect(order.payment).toEqual({ requestedAt: '2023-06-20T12:57:25.000Z', paidAt: '2023-06-20T12:57:36.000Z' });
    expect(order.validity).toEqual({ from: '2023-06-20T12:57:36.000Z', until: '2024-06-19T12:57:36.000Z', state: 'active', notApplicable: null, daysRemaining: 170 });
    expect(order.invoice).toMatchObject({ status: { code: 2, key: 'invoiced', en: 'Invoiced', zh: '已开票' }, requestedAt: '2023-06-20T12:57:50.000Z' });
    expect(order.usage).toEqual({ used: '0', all: '1000', remaining: '1000', percent: '0.00' });
    expect(order.product).toEqual({ spuId: '10000111', skuId: '20000176', bizId: 100100, spuName: 'spu name', skuName: 'sku name', skuCount: 1 });
  });

  it('orders the timeline by time', () => {
    const order = normaliseServiceProviderOrder(example, asOf);
    expect(order.timeline.map((e) => e.type)).toEqual([
      'created',
      'payment-requested',
      'paid',
      'validity-start',
      'invoice-requested',
      'updated',
      'validity-end',
    ]);
    const times = order.timeline.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('treats 0 and absent times as none, never 1970', () => {
    const order = normaliseServiceProviderOrder(
      { orderId: 'DD1', status: 1, orderPrice: '100', createTime: 0, payInfo: { applyPayTime: 0 } },
      asOf,
    );
    expect(order.createdAt).toBeNull();
    expect(order.payment).toEqual({ requestedAt: null, paidAt: null });
    expect(order.usage).toBeNull();
    expect(order.invoice).toBeNull();
    expect(order.timeline).toEqual([]);
    expect(order.validity).toMatchObject({ from: null, until: null, state: 'not-applicable' });
    expect(normaliseServiceProviderOrder({ orderId: 'DD1', status: 2, orderPrice: '1' }, asOf).validity.state).toBe('unknown');
  });

  it('labels unknown codes with their number', () => {
    const order = normaliseServiceProviderOrder({ ...example, status: 8, invoiceInfo: { invoiceStatus: 7 } }, asOf);
    expect(order.status).toMatchObject({ code: 8, key: 'unknown', en: 'Unknown (code 8)', zh: '未知（代码 8）' });
    expect(order.invoice?.status).toMatchObject({ code: 7, key: 'unknown' });
  });

  it('keeps 64-bit values exact', () => {
    const order = normaliseServiceProviderOrder(
      { ...example, orderPrice: '9223372036854775807', usage: { used: '9007199254740993', all: '18014398509481984' } },
      asOf,
    );
    expect(order.priceFen).toBe('9223372036854775807');
    expect(order.usage).toEqual({ used: '9007199254740993', all: '18014398509481984', remaining: '9007199254740991', percent: '50.00' });
  });

  it('tells expired and not-yet-started validity apart', () => {
    const expired = normaliseServiceProviderOrder(example, '2024-07-01T00:00:00.000Z');
    expect(expired.validity.state).toBe('expired');
    expect(expired.validity.daysRemaining).toBe(-11);
    const early = normaliseServiceProviderOrder(example, '2023-01-01T00:00:00.000Z');
    expect(early.validity.state).toBe('not-started');
  });
});

describe('readings the document leaves open', () => {
  it('marks readings the document leaves open, with a note in both languages', () => {
    const refunding = normaliseServiceProviderOrder({ ...example, status: 5, invoiceInfo: { invoiceStatus: 1 } }, asOf);
    expect(refunding.status).toMatchObject({ code: 5, key: 'refunding', note: { en: expect.stringContaining('“Refunds”'), zh: expect.any(String) } });
    expect(refunding.invoice?.status).toMatchObject({ code: 1, key: 'invoicing', note: { en: expect.stringContaining('“Billed”'), zh: expect.any(String) } });
    const paid = normaliseServiceProviderOrder(example, asOf);
    expect(paid.invoice?.status).toMatchObject({ code: 2, key: 'invoiced', note: { en: expect.stringContaining('“Billed”') } });
    expect(paid.status.note).toBeUndefined();
    expect(normaliseServiceProviderOrder({ ...example, invoiceInfo: { invoiceStatus: 3 } }, asOf).invoice?.status?.note).toBeUndefined();
  });

  it('calls validity active only for a paid order that is not refunded or cancelled, and says why otherwise', () => {
    const at = (status: number) => normaliseServiceProviderOrder({ ...example, status }, asOf).validity;
    expect(at(2)).toMatchObject({ state: 'active', notApplicable: null, daysRemaining: 170 });
    expect(at(7)).toMatchObject({ state: 'active', notApplicable: null });
    // Refunding (our reading of 5): paid, and no refund has succeeded yet.
    expect(at(5)).toMatchObject({ state: 'active', notApplicable: null });
    expect(at(1)).toMatchObject({ state: 'not-applicable', notApplicable: 'unpaid', daysRemaining: null, until: '2024-06-19T12:57:36.000Z' });
    expect(at(3)).toMatchObject({ state: 'not-applicable', notApplicable: 'timed-out' });
    expect(at(6)).toMatchObject({ state: 'not-applicable', notApplicable: 'refunded' });
    expect(at(9)).toMatchObject({ state: 'not-applicable', notApplicable: 'cancelled' });
    expect(at(8)).toMatchObject({ state: 'not-applicable', notApplicable: 'unknown-status' });
  });
});
