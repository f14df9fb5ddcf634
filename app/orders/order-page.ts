import 'server-only';
import { getTranslations } from 'next-intl/server';
import { orderPagePath } from '@/lib/api/contract';
import { requirePageUser } from '@/lib/auth/access';
import { clientIntl } from '@/lib/intl-config';
import type { OrderKind } from '@/lib/orders/ids';

/** The message namespaces an order page's client components read. */
const ORDER_NAMESPACES = ['order', 'sp', 'shop', 'timeline', 'error', 'kind'];

/**
 * What both order pages do before rendering: decode the id from the URL, require a signed-in
 * user (coming back to this page after sign-in), and gather the frame's labels and the messages
 * the client needs.
 */
export async function orderPageSetup(kind: OrderKind, idInUrl: string) {
  const id = decodeURIComponent(idInUrl);
  await requirePageUser(orderPagePath(kind, id));
  const t = await getTranslations('order');
  return { id, labels: { back: t('back'), loading: t('loading') }, intl: await clientIntl(ORDER_NAMESPACES) };
}
