import { describe, expect, it } from 'vitest';
import { describeChanges, shortId, type Reading } from './changes';
import { normaliseServiceProviderOrder } from './service-provider';
import { normaliseShopOrder } from './shop';
import type { WeChatServiceProviderOrder, WeChatShopPayOrder } from './wechat-shapes';

const AS_OF = '2026-01-01T00:00:00.000Z';
const shop = (raw: WeChatShopPayOrder): Reading => ({ kind: 'shop', raw, order: normaliseShopOrder(raw, AS_OF) });
const sp = (raw: WeChatServiceProviderOrder): Reading => ({ kind: 'service-provider', raw, order: normaliseServiceProviderOrder(raw, AS_OF) });

const paid: WeChatShopPayOrder = { trade_no: 'T1', transaction_id: '4200000000202401010000000001', pay_time: 1_704_067_200, amount: '10000', close_status: 0 };
const refund = { refund_no: 'R1', refund_id: '50300000002024010100000522347', amount: '3000', create_time: 1_704_070_000 };
const spOrder: WeChatServiceProviderOrder = { orderId: 'DD1', status: 2, orderPrice: '9900', payInfo: { applyPayTime: 1_704_067_000, finishPayTime: 1_704_067_200 }, usage: { used: '120', all: '1000' } };

describe('describeChanges', () => {
  it('names a refund that went from in progress to succeeded, with its raw fields', () => {
    const changes = describeChanges(shop({ ...paid, refund_list: [{ ...refund, result: 'PROCESSING' }] }), shop({ ...paid, refund_list: [{ ...refund, result: 'SUCCESS', finish_time: 1_704_080_000 }] }));
    const refundChange = changes.find((c) => c.key === 'refund-state')!;
    expect(refundChange.en).toBe('Refund 5030… 522347: in progress → succeeded');
    expect(refundChange.zh).toBe('退款 5030… 522347：处理中 → 成功');
    expect(refundChange.raw).toEqual([
      { path: 'refund_list[0].result', before: 'PROCESSING', after: 'SUCCESS' },
      { path: 'refund_list[0].finish_time', before: undefined, after: 1_704_080_000 },
    ]);
    expect(changes.map((c) => c.key)).toEqual(['state', 'refund-state']);
    expect(changes[0]).toMatchObject({ en: 'state Paid → Partly refunded (our reading)', zh: '状态 已支付 → 部分退款（我们的解读）', raw: [] });
  });

  it('names a refund and a profit sharing added, matched by their numbers, not their places', () => {
    const sharing = { profit_sharing_no: 'S1', profit_sharing_id: '30000000002024010100000000777', amount: '500', result: 'SUCCESS', finish_time: 1_704_090_000 };
    const changes = describeChanges(shop({ ...paid, refund_list: [{ ...refund, result: 'SUCCESS' }] }), shop({ ...paid, refund_list: [{ ...refund, refund_no: 'R0', refund_id: '5030999', result: 'PROCESSING' }, { ...refund, result: 'SUCCESS' }], profit_sharing_list: [sharing] }));
    expect(changes.map((c) => c.en)).toEqual(['Refund 5030999 added: ¥30.00, in progress', 'Profit sharing 3000… 000777 added: ¥5.00, succeeded']);
    expect(changes.map((c) => c.zh)).toEqual(['新增退款 5030999：¥30.00，处理中', '新增分账 3000… 000777：¥5.00，成功']);
    expect(changes[1]!.raw).toEqual([{ path: 'profit_sharing_list[0]', before: undefined, after: sharing }]);
  });

  it('names status and usage changes of a service-provider order', () => {
    const changes = describeChanges(sp(spOrder), sp({ ...spOrder, status: 6, usage: { used: '135', all: '1000' } }));
    expect(changes.map((c) => c.en)).toEqual(['status 2 → 6 (Paid → Refunded)', 'usage 120 → 135 of 1,000']);
    expect(changes.map((c) => c.zh)).toEqual(['状态 2 → 6（支付成功 → 退款成功）', '用量 120 → 135（共 1,000）']);
    expect(changes[1]!.raw).toEqual([{ path: 'usage.used', before: '120', after: '135' }]);
  });

  it('names any other field by its path, with the raw values, in both languages', () => {
    const changes = describeChanges(shop(paid), shop({ ...paid, description: '新描述', profit_sharing_frozen: 1 }));
    expect(changes.map((c) => c.en)).toEqual(['description: — → 新描述', 'profit_sharing_frozen: — → 1']);
    expect(changes[0]!.zh).toBe('字段 description：— → 新描述');
  });

  it('finds nothing between equal answers, and keeps a 64-bit amount exact', () => {
    expect(describeChanges(shop(paid), shop({ ...paid }))).toEqual([]);
    const changes = describeChanges(shop({ ...paid, amount: '9007199254740993' }), shop({ ...paid, amount: '9007199254740995' }));
    expect(changes[0]!.en).toBe('amount ¥90,071,992,547,409.93 → ¥90,071,992,547,409.95');
  });

  it('shortens only long ids', () => {
    expect(shortId('50300000002024010100000522347')).toBe('5030… 522347');
    expect(shortId('R1')).toBe('R1');
  });
});
