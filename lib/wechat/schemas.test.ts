import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceProviderOrders, shopOrders, toJsonText } from '@/wechat-sim/fixtures';
import { parseJsonExact } from './http';
import { describeIssues, envelope } from './schema-parts';
import { serviceProviderOrderSchema } from './service-provider-order';
import { shopPayOrderSchema } from './shop-pay-order';

// service-provider-order-get.md's example answer, with the missing braces and quotes restored,
// the stray `初始值` key read as `usage`, and the `validity` key kept as printed.
const spExample = `{"errcode":0,"order":{"orderId":"DD2981741311549200000","status":2,"createTime":1687265841964,
"updateTime":1687267671475,"orderPrice":"1","payInfo":{"applyPayTime":1687265845,"finishPayTime":1687265856},
"orderProductInfo":{"spSpuId":"10000111","spSkuId":"20000176","skuCnt":1,"spBizId":100100,"spuName":"spu name",
"skuName":"sku name","validityBeginTime":1687265856,"validity":1718801856},
"invoiceInfo":{"invoiceStatus":2,"invoiceApplyTime":1687265870},"usage":{"used":"0","all":"1000"}}}`;

// shop-pay-getorder.md's example answer without its trailing comma.
const shopExample = `{"errcode":0,"errmsg":"ok","order":{"trade_no":"522346","transaction_id":"4302900974202204024351451925",
"combine_trade_no":"512346","mchid":"1623426221","create_time":1648880172,"update_time":1648880485,
"pay_time":1648880315,"expire_time":1651161600,"amount":1,"description":"测试商品","refund_list":[{"amount":1,
"create_time":1648880476,"finish_time":1648880483,"result":"SUCCESS","refund_id":"50301901362022040218937476250",
"refund_no":"522347"}],"profit_sharing_list":[{"mchid":"1623426221","amount":1,"create_time":1648880985,
"finish_time":1648881016,"result":"SUCCESS","profit_sharing_id":"30002107912022040228952584675",
"profit_sharing_no":"512341"}],"profit_sharing_delay":30,"profit_sharing_frozen":0}}`;

const orderOf = (text: string) => envelope.parse(parseJsonExact(text)).order;

describe('WeChat answer schemas', () => {
  it('read the service-provider example, taking `validity` as validityEndTime', () => {
    const order = serviceProviderOrderSchema.parse(orderOf(spExample));
    expect(order.orderProductInfo?.validityEndTime).toBe(1718801856);
    expect(order.usage).toEqual({ used: '0', all: '1000' });
    expect(order.orderPrice).toBe('1');
  });

  it('prefer validityEndTime over the `validity` typo when both are present', () => {
    const order = serviceProviderOrderSchema.parse({ orderId: 'DD1', status: 2, orderPrice: '1', orderProductInfo: { validityEndTime: 5, validity: 9 } });
    expect(order.orderProductInfo?.validityEndTime).toBe(5);
  });

  it('read the shop example with amounts as exact strings', () => {
    const order = shopPayOrderSchema.parse(orderOf(shopExample));
    expect(order.amount).toBe('1');
    expect(order.refund_list?.[0]?.refund_no).toBe('522347');
    expect(order.profit_sharing_list?.[0]?.mchid).toBe('1623426221');
  });

  it('accept every simulator fixture', () => {
    for (const fixture of Object.values(serviceProviderOrders)) {
      expect(serviceProviderOrderSchema.safeParse(orderOf(toJsonText({ order: fixture }))).success).toBe(true);
    }
    for (const fixture of Object.values(shopOrders)) {
      expect(shopPayOrderSchema.safeParse(orderOf(toJsonText({ order: fixture }))).success).toBe(true);
    }
  });

  it('keep a bare JSON integer beyond 2^53 to the digit', () => {
    const order = shopPayOrderSchema.parse(orderOf('{"order":{"trade_no":"t","amount":9007199254740993}}'));
    expect(order.amount).toBe('9007199254740993');
  });

  it('tolerate unknown fields and null optional parts', () => {
    const order = shopPayOrderSchema.parse({ trade_no: 't', amount: 1, pay_time: null, refund_list: null, brand_new_field: { x: 1 } });
    expect(order.pay_time).toBeUndefined();
    expect(order.refund_list).toBeUndefined();
  });

  it('read a null mchid or SPU id as missing, never as the text "null"', () => {
    const shop = shopPayOrderSchema.parse({
      trade_no: 't',
      amount: 1,
      mchid: null,
      profit_sharing_list: [{ profit_sharing_no: 'p', profit_sharing_id: '30', mchid: null, amount: 1 }],
    });
    expect(shop.mchid).toBeUndefined();
    expect(shop.profit_sharing_list?.[0]?.mchid).toBeUndefined();
    const sp = serviceProviderOrderSchema.parse({ orderId: 'DD1', status: 2, orderPrice: '1', orderProductInfo: { spSpuId: null, spSkuId: 20000176 } });
    expect(sp.orderProductInfo?.spSpuId).toBeUndefined();
    expect(sp.orderProductInfo?.spSkuId).toBe('20000176');
  });

  it('refuse an id of the wrong type, naming the field, instead of inventing text', () => {
    const shop = shopPayOrderSchema.safeParse({
      trade_no: 't',
      amount: 1,
      mchid: true,
      profit_sharing_list: [{ profit_sharing_no: 'p', profit_sharing_id: '30', mchid: { id: 1 }, amount: 1 }],
    });
    expect(shop.success).toBe(false);
    expect(shop.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['mchid', 'profit_sharing_list.0.mchid']));
    const sp = serviceProviderOrderSchema.safeParse({ orderId: 'DD1', status: 2, orderPrice: '1', orderProductInfo: { spSpuId: [1], spSkuId: 1.5 } });
    expect(sp.success).toBe(false);
    expect(describeIssues(sp.error!, 'order')).toContain('order.orderProductInfo.spSpuId');
    expect(sp.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['orderProductInfo.spSpuId', 'orderProductInfo.spSkuId']));
  });

  it('reject wrong types with a reason', () => {
    const result = serviceProviderOrderSchema.safeParse({ orderId: 42, status: 'paid', orderPrice: 12.5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['orderId', 'status', 'orderPrice']));
  });

  it('never throw on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => serviceProviderOrderSchema.safeParse(value)).not.toThrow();
        expect(() => shopPayOrderSchema.safeParse(value)).not.toThrow();
        expect(() => envelope.safeParse(value)).not.toThrow();
      }),
    );
  });

  it('never throw on arbitrary objects shaped like an order (property)', () => {
    const anyField = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({ orderId: anyField, status: anyField, orderPrice: anyField, usage: anyField, payInfo: anyField, trade_no: anyField, amount: anyField, refund_list: anyField }),
        (value) => {
          expect(() => serviceProviderOrderSchema.safeParse(value)).not.toThrow();
          expect(() => shopPayOrderSchema.safeParse(value)).not.toThrow();
        },
      ),
    );
  });
});
