import { describe, expect, it } from 'vitest';
import { serviceProviderOrders, shopOrders, type JsonObject } from './fixtures';

const records = (order: JsonObject, list: 'refund_list' | 'profit_sharing_list') => (order[list] ?? []) as JsonObject[];
const shops = Object.values(shopOrders);
const allRecords = shops.flatMap((o) => [...records(o, 'refund_list'), ...records(o, 'profit_sharing_list')]);

describe('simulator fixtures', () => {
  it("give profit-sharing records the order's own mchid, as the document's example does (or none at all)", () => {
    for (const order of shops) {
      for (const sharing of records(order, 'profit_sharing_list')) expect([order.mchid, null]).toContain(sharing.mchid);
    }
  });

  it('cover the answers the audit of both documents found missing', () => {
    const sp = Object.values(serviceProviderOrders);
    expect(sp.some((o) => !('payInfo' in o))).toBe(true);
    expect(sp.some((o) => o.createTime === 0 && (o.payInfo as JsonObject | undefined)?.applyPayTime === 0)).toBe(true);
    expect(shops.some((o) => o.create_time === 0 && o.pay_time === 0)).toBe(true);
    expect(shops.some((o) => o.close_status === 0)).toBe(true);
    expect(shops.some((o) => typeof o.close_status === 'number' && o.close_status > 1)).toBe(true);
    expect(shops.some((o) => o.profit_sharing_frozen === 2)).toBe(true);
    const results = new Set(allRecords.map((r) => r.result));
    expect([...results].filter((r) => typeof r === 'string' && !['SUCCESS', 'FAIL', 'PROCESSING'].includes(r)).length).toBeGreaterThanOrEqual(2);
    expect(allRecords.some((r) => 'finish_time' in r && !('result' in r))).toBe(true);
    expect(shops.some((o) => records(o, 'profit_sharing_list').some((s) => s.mchid === null))).toBe(true);
  });
});
