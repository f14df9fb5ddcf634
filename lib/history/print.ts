import 'server-only';
import type { OrderVersionView } from '@/lib/api/contract';
import { recordAudit } from '@/lib/audit/record';
import type { SessionUser } from '@/lib/auth/access';
import { actorOf } from '@/lib/auth/principal';
import { AppError } from '@/lib/errors';
import { isValidOrderId, type OrderKind } from '@/lib/orders/ids';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ShopOrder } from '@/lib/orders/shop';
import type { RequestInfo } from '@/lib/request-info';
import { resolveShop, shopName } from '@/lib/shops';
import { readAnswer } from './reading';
import { historyOf } from './routes';

/** What the print view of an order shows: Order Desk's reading of the newest version kept, and the history. */
export interface Printable {
  kind: OrderKind;
  id: string;
  shop: { id: string; name: string } | null;
  newest: { id: string; firstSeenAt: string; lastSeenAt: string; sha256: string; bytes: number; appId: string | null } | null;
  order: ShopOrder | ServiceProviderOrder | null;
  versions: OrderVersionView[];
}

/**
 * The print view's order (`/orders/…/print`): what the newest kept version says, with every
 * version and its hash, asking WeChat nothing. Audited as `order.evidence` (`print: true`).
 */
export async function printableOrder(user: SessionUser, request: RequestInfo, kind: OrderKind, id: string, requestedShop: string | null): Promise<Printable> {
  let shop: string;
  try {
    shop = kind === 'shop' ? resolveShop(requestedShop) : '';
    if (!isValidOrderId(kind, id)) {
      throw new AppError({ code: 'invalid_id', message: { en: 'That is not a valid order id for this kind of order.', zh: '这不是此类订单的有效订单号。' }, action: { en: 'Check the id.', zh: '请检查订单号。' } });
    }
  } catch (error) {
    // Refused before anything is read: audited too, with the order as asked.
    if (error instanceof AppError) await recordAudit({ action: 'order.evidence', actor: actorOf(user), request, order: { kind, id, shop: requestedShop ?? undefined }, status: error.status, detail: { print: true, refused: error.code } });
    throw error;
  }
  const { views, newest } = await historyOf(kind, shop, id);
  await recordAudit({ action: 'order.evidence', actor: actorOf(user), request, order: { kind, id, shop: shop || undefined }, status: newest ? 200 : 404, detail: { print: true, version: newest?.id.toString() ?? null, sha256: newest?.sha256 ?? null } });
  return {
    kind,
    id,
    shop: kind === 'shop' ? { id: shop, name: shopName(shop) } : null,
    newest: newest ? { id: newest.id.toString(), firstSeenAt: newest.firstSeenAt.toISOString(), lastSeenAt: newest.lastSeenAt.toISOString(), sha256: newest.sha256, bytes: newest.body.byteLength, appId: newest.appId } : null,
    order: newest ? (readAnswer(newest.kind, newest.body, newest.lastSeenAt, newest.request)?.order ?? null) : null,
    versions: views,
  };
}
