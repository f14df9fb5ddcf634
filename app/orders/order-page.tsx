import 'server-only';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { OrderSkeleton } from '@/components/orders/order-skeleton';
import { orderPagePath } from '@/lib/api/contract';
import { requirePageUser } from '@/lib/auth/access';
import { clientIntl } from '@/lib/intl-config';
import type { OrderKind } from '@/lib/orders/ids';
import { PrefetchedOrder } from './prefetched-order';

/** The message namespaces an order page's client components read. */
const ORDER_NAMESPACES = ['order', 'sp', 'shop', 'timeline', 'error', 'kind'];

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * What both order pages do before rendering: decode the id from the URL, require a signed-in
 * user (coming back to this page after sign-in), and gather the frame's labels and the messages
 * the client needs. `?prefetch=0` leaves the lookup to the browser, as before the server
 * prefetched it: only `npm run bench:page` uses it, to measure the difference in one run.
 */
export async function orderPageSetup(kind: OrderKind, idInUrl: string, searchParams: SearchParams) {
  const id = decodeURIComponent(idInUrl);
  // The shop a shop order's URL names (checked by the lookup: an unknown one is its error).
  const named = Array.isArray(searchParams.shop) ? searchParams.shop[0] : searchParams.shop;
  const shop = kind === 'shop' && named ? named : null;
  const user = await requirePageUser(orderPagePath(kind, id, shop));
  const t = await getTranslations('order');
  return {
    kind,
    id,
    shop,
    user,
    prefetch: searchParams.prefetch !== '0',
    back: t('back'),
    labels: { loading: t('loading') },
    intl: await clientIntl(ORDER_NAMESPACES),
  };
}

type OrderPageSetup = Awaited<ReturnType<typeof orderPageSetup>>;

/** The back link at once, then the skeleton until the server's lookup streams in with the order (`view`). */
export function OrderPageFrame({ page, view }: { page: OrderPageSetup; view: ReactNode }) {
  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-muted underline hover:text-fg">
        ← {page.back}
      </Link>
      <Suspense fallback={<OrderSkeleton label={page.labels.loading} />}>
        {page.prefetch ? (
          <PrefetchedOrder kind={page.kind} id={page.id} shop={page.shop} user={page.user}>
            {view}
          </PrefetchedOrder>
        ) : (
          view
        )}
      </Suspense>
    </div>
  );
}
