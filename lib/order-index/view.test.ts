import { describe, expect, it } from 'vitest';
import { attentionAnswerLine, summaryFacts, toIndexedOrderView, type IndexRow } from './view';

const row: IndexRow = {
  kind: 'service-provider',
  shop: '',
  orderId: 'DD1000000000000000007',
  refs: [],
  amountFen: 9223372036854775807n,
  state: 'refund-failed',
  paidAt: new Date('2023-11-14T22:13:35.000Z'),
  summary: { kind: 'service-provider', status: { key: 'refund-failed', en: 'Refund failed', zh: '退款失败' } },
  firstSeenAt: new Date('2026-01-01T00:00:00.000Z'),
  lastSeenAt: new Date('2026-01-02T00:00:00.000Z'),
  notFoundAt: null,
  refundInProgressSince: null,
  refundFailed: true,
  sharingFailed: false,
  sharingPossibleSince: null,
  closedRefundPending: false,
  usageHigh: false,
  validUntil: null,
  notFoundErrcode: null,
  refundInProgress: false,
  resultUnknown: false,
  learnedBy: null,
  syncedAt: null,
};

describe('an index row as the pages see it', () => {
  it('reads the kind, the shop of a service-provider order as none, money exactly, times as ISO and the state in both languages', () => {
    expect(toIndexedOrderView(row)).toMatchObject({
      kind: 'service-provider',
      shop: null,
      amountFen: '9223372036854775807',
      stateLabel: { en: 'Refund failed', zh: '退款失败' },
      paidAt: '2023-11-14T22:13:35.000Z',
      notFoundAt: null,
    });
    // A summary without words (an old or odd row): no label, and the pages fall back to the key.
    expect(toIndexedOrderView({ ...row, summary: {} }).stateLabel).toBeNull();
  });

  it('names a kind the code never writes', () => {
    expect(() => toIndexedOrderView({ ...row, kind: 'refund' })).toThrow('order_index.kind holds "refund"');
  });

  it('answers an attention line with WeChat’s latest "no order" as a problem, in the keys scripts read', () => {
    const order = toIndexedOrderView({ ...row, notFoundAt: new Date('2026-01-03T00:00:00.000Z'), notFoundErrcode: 10120002 });
    expect(JSON.stringify(attentionAnswerLine({ order, reasons: ['refund-failed'] }))).toBe(
      '{"kind":"service-provider","shop":null,"id":"DD1000000000000000007","state":"refund-failed","amountFen":"9223372036854775807","reasons":["refund-failed"],"lastSeenAt":"2026-01-02T00:00:00.000Z","problem":{"at":"2026-01-03T00:00:00.000Z","errcode":10120002}}',
    );
  });

  it('gives the CSV a shop order’s ids and money only for a shop order', () => {
    expect(summaryFacts(row)).toEqual({ transactionId: null, combineTradeNo: null, shopOrder: null });
    const shop = { ...row, kind: 'shop', shop: 'default', summary: { kind: 'shop', transactionId: '4200001234202311150000000001', combineTradeNo: null } };
    expect(summaryFacts(shop)).toMatchObject({ transactionId: '4200001234202311150000000001', combineTradeNo: null, shopOrder: { kind: 'shop' } });
  });
});
