import type { SimAccount } from './context';
import { dayOf, OrderDays } from './listed-days';
import type { ShopStream } from './listed-shop';
import type { SpuStream } from './listed-sp';

/** What the list endpoints list: generated orders per shop and per SPU (listed-shop.ts, listed-sp.ts). */
export interface OrderListOptions {
  /** Seeds every generated order: the same seed lists the same orders in every run. Default 22. */
  seed?: number;
  /** Orders exist from this many days before the clock's day at start. Default 90. */
  historyDays?: number;
  /** Orders on an average day, per shop appid or for every shop. Default 40 in the first shop, 15 in the others. */
  shopOrdersPerDay?: number | Record<string, number>;
  /** The SPUs the service provider sells, with their orders on an average day. Default DEFAULT_SPUS. */
  spus?: Array<{ spuId: string; ordersPerDay: number; name?: string }>;
  /** Each day has ordersPerDay × (1 ± jitter) orders. Default 0.5; 0 for exactly ordersPerDay a day. */
  jitter?: number;
}

/** 10000117 and 10000120 are the bulk phone-number verification packs of order-lists.md; 10000111 is the fixtures' SPU. */
export const DEFAULT_SPUS = [
  { spuId: '10000117', ordersPerDay: 12, name: '手机号快速验证 Phone number verification' },
  { spuId: '10000120', ordersPerDay: 4, name: '手机号实时验证 Real-time phone number verification' },
  { spuId: '10000111', ordersPerDay: 1, name: 'SMS resource pack 短信资源包' },
];

export interface OrderLists {
  /** By appid. */
  shops: Map<string, ShopStream>;
  /** By SPU id. */
  spus: Map<string, SpuStream>;
  firstDay: number;
}

export function createOrderLists(accounts: SimAccount[], options: OrderListOptions, startNow: number): OrderLists {
  const seed = options.seed ?? 22;
  const firstDay = dayOf(startNow) - (options.historyDays ?? 90);
  const jitter = options.jitter ?? 0.5;
  const shopAccounts = accounts.filter((a) => a.api === 'shop');
  const perDay = (appid: string, i: number) => {
    const setting = options.shopOrdersPerDay;
    if (typeof setting === 'number') return setting;
    return setting?.[appid] ?? (i === 0 ? 40 : 15);
  };
  const shops = new Map(
    shopAccounts.map((a, i) => [
      a.appid,
      {
        appid: a.appid,
        tag: String(i + 1).padStart(2, '0'),
        mchid: a.mchid ?? (a.orders === 'outlet' ? '1900000119' : '1623426221'),
        days: new OrderDays({ key: `${seed}:shop:${a.appid}`, firstDay, perDay: perDay(a.appid, i), jitter, edges: true }),
      },
    ]),
  );
  const spus = new Map(
    (options.spus ?? DEFAULT_SPUS).map((s, i) => [
      s.spuId,
      {
        spuId: s.spuId,
        tag: String(i + 1).padStart(2, '0'),
        name: s.name ?? `SPU ${s.spuId}`,
        days: new OrderDays({ key: `${seed}:spu:${s.spuId}`, firstDay, perDay: s.ordersPerDay, jitter, edges: false }),
      },
    ]),
  );
  return { shops, spus, firstDay };
}
