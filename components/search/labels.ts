import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { OrderKind } from '@/lib/orders/ids';
import { slots } from '@/lib/text/slots';

/**
 * The search page's words, formatted on the server and handed to the search box and the recent
 * list as props, so the page's first JavaScript carries no i18n runtime. A note naming what was
 * typed keeps `{id}` (and the kind's name, `{kind}`) as a slot the box fills in (lib/text/slots).
 */
export async function searchLabels() {
  const t = await getTranslations('search');
  const tKind = await getTranslations('kind');
  const kinds: Record<OrderKind, string> = { 'service-provider': tKind('service-provider'), shop: tKind('shop') };
  return {
    box: {
      label: t('label'),
      placeholder: t('placeholder'),
      submit: t('submit'),
      kind: t('kind'),
      kindAuto: t('kindAuto'),
      kindServiceProvider: t('kindServiceProvider'),
      kindShop: t('kindShop'),
      shopPicker: t('shopPicker'),
      allShops: t('allShops'),
      empty: t('empty'),
      searching: t('searching'),
      kinds,
      notes: {
        detected: t('detected', slots('kind')),
        malformed: t('malformed', slots('id')),
        malformedForKind: t('malformedForKind', slots('id', 'kind')),
        unlikeExample: t('unlikeExample', slots('id')),
        transactionId: t('transactionId'),
        refundId: t('refundId'),
        profitSharingId: t('profitSharingId'),
      },
    },
    recent: { recent: t('recent'), clearRecent: t('clearRecent'), noRecent: t('noRecent'), kinds },
  };
}

export type SearchLabels = Awaited<ReturnType<typeof searchLabels>>;
