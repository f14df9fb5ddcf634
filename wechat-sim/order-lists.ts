import { DAY, dayOf, firstAbove, firstAtOrAbove, OrderDays } from './listed-days';
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

/** The part of a simulator account (context.ts: SimAccount) the lists need. */
interface ListedAccount {
  appid: string;
  api: 'service-provider' | 'shop';
  orders?: 'main' | 'outlet';
  mchid?: string;
}

export function createOrderLists(accounts: ListedAccount[], options: OrderListOptions, startNow: number): OrderLists {
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

/** Simulator.countListed: from the days' counts and create times, not by listing. */
export function countListed(lists: OrderLists, source: { appid: string; from: number; to: number } | { spuId: string }, now: number): number {
  let total = 0;
  if ('spuId' in source) {
    const days = lists.spus.get(source.spuId)?.days;
    for (let day = lists.firstDay; days && day <= dayOf(now); day += 1) total += days.countUpTo(day, now);
    return total;
  }
  const days = lists.shops.get(source.appid)?.days;
  const to = Math.min(source.to, now);
  for (let day = Math.max(dayOf(source.from), lists.firstDay); days && day <= dayOf(to); day += 1) {
    const offsets = days.offsets(day);
    total += firstAbove(offsets, to - day * DAY) - firstAtOrAbove(offsets, source.from - day * DAY);
  }
  return total;
}
