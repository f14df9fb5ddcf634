'use client';

import type { ShopOrder } from '@/lib/orders/shop';
import type { ClientIntl } from '@/lib/intl-config';
import { lazyAnswer } from './lazy-answer';
import { OrderFrame } from './lazy-frame';
import type { FrameLabels } from './order-frame';

const { Answer, Preload } = lazyAnswer<ShopOrder>(() => import('./shop-details'));

/** `shop`: the shop the URL names (`?shop=`), or null for the default shop. */
export function ShopOrderView({ tradeNo, shop, labels, intl }: { tradeNo: string; shop: string | null; labels: FrameLabels; intl: ClientIntl }) {
  return (
    <>
      <Preload />
      <OrderFrame kind="shop" id={tradeNo} shop={shop} Answer={Answer} labels={labels} intl={intl} />
    </>
  );
}
