import 'server-only';
import { orderPagePath } from '@/lib/query/orders';
import { serverEnv, type ShopSetting } from '@/lib/env/server';
import type { OrderKind } from '@/lib/orders/ids';
import { AppError } from '@/lib/errors';
import { cutText } from '@/lib/text/safe-text';

/**
 * The mini-program shops Order Desk serves (settings in lib/env/server.ts: WECHAT_SHOPS, or one
 * `default` shop from WECHAT_SHOP_APPID). A shop order is always one shop's: its id is what URLs
 * (`?shop=`), the order index and the audit trail carry; its name is what people read.
 */
export interface Shop {
  id: string;
  name: string;
}

export function shops(): Shop[] {
  return serverEnv().shops.map(({ id, name }: ShopSetting) => ({ id, name }));
}

/** The shop a lookup asks when none is named: the first configured. */
export function defaultShopId(): string {
  return serverEnv().shops[0]!.id;
}

/** Whether a shop of this id is configured (an audit entry may name one that is not, or no longer). */
export function isShop(id: string): boolean {
  return serverEnv().shops.some((shop) => shop.id === id);
}

/** An order page's path, naming the shop (`?shop=`) only when it is not the default one. */
export function orderPageOf(kind: OrderKind, id: string, shop: string | null | undefined): string {
  return orderPagePath(kind, id, kind === 'shop' && shop && shop !== defaultShopId() ? shop : null);
}

/** A shop's name for people; the id itself for a shop no longer configured (an old audit entry). */
export function shopName(id: string): string {
  return serverEnv().shops.find((shop) => shop.id === id)?.name ?? id;
}

/**
 * The shop a request names (`?shop=`, a batch's shop), or the default one when it names none.
 * An unknown shop is a 400 that lists the shops there are.
 */
export function resolveShop(requested: string | null | undefined): string {
  if (requested === null || requested === undefined || requested === '') return defaultShopId();
  const known = serverEnv().shops.find((shop) => shop.id === requested);
  if (known) return known.id;
  throw unknownShop(requested);
}

/** A shop named by its id or its name, as a spreadsheet's shop column may hold either; undefined if none is. */
export function findShop(named: string): string | undefined {
  const wanted = named.trim().toLowerCase();
  const all = serverEnv().shops;
  // Ids first: settings refuse a name that is another shop's id, so either way one shop answers.
  return (all.find((shop) => shop.id === wanted) ?? all.find((shop) => shop.name.toLowerCase() === wanted))?.id;
}

export function unknownShop(requested: string): AppError {
  const shown = requested.length > 40 ? `${cutText(requested, 40)}…` : requested;
  const list = serverEnv()
    .shops.map((shop) => (shop.name === shop.id ? shop.id : `${shop.id} (${shop.name})`))
    .join(', ');
  return new AppError({
    code: 'invalid_request',
    message: { en: `There is no shop “${shown}”. Shops: ${list}.`, zh: `没有名为“${shown}”的店铺。现有店铺：${list}。` },
    action: { en: 'Choose one of the shops listed.', zh: '请选择列出的店铺之一。' },
  });
}
