import 'server-only';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { OrderSkeleton } from '@/components/orders/order-skeleton';
import { orderPagePath } from '@/lib/query/orders';
import { requirePageUser } from '@/lib/auth/access';
import { clientIntl } from '@/lib/intl-config';
import type { OrderKind } from '@/lib/orders/ids';
import { PrefetchedOrder, prefetchOrder } from './prefetched-order';

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

/**
 * How long the page's first response waits for WeChat's answer. An answer within it goes out
 * with the page itself; a later one streams in behind the skeleton. (React reveals streamed
 * content no sooner than 300 ms after the shell, so a fast answer would otherwise wait for a
 * skeleton it never needed.)
 */
const FIRST_RESPONSE_WAIT_MS = 150;

/**
 * The back link, and the order (`view`) in the first response when the server's lookup answers
 * within FIRST_RESPONSE_WAIT_MS; otherwise the skeleton at once and the order streamed in when
 * it comes.
 */
export async function OrderPageFrame({ page, view }: { page: OrderPageSetup; view: ReactNode }) {
  const skeleton = <OrderSkeleton label={page.labels.loading} />;
  let body: ReactNode = <Suspense fallback={skeleton}>{view}</Suspense>;
  if (page.prefetch) {
    const answer = prefetchOrder(page.kind, page.id, page.shop, page.user);
    const prefetched = <PrefetchedOrder answer={answer}>{view}</PrefetchedOrder>;
    body = (await answeredWithin(answer, FIRST_RESPONSE_WAIT_MS)) ? prefetched : <Suspense fallback={skeleton}>{prefetched}</Suspense>;
  }
  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-muted underline hover:text-fg">
        ← {page.back}
      </Link>
      {body}
    </div>
  );
}

/** Whether `promise` settles (either way) within `ms`. */
function answeredWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
