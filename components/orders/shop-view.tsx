'use client';

import type { ShopOrder } from '@/lib/orders/shop';
import type { ClientIntl } from '@/lib/intl-config';
import { lazyAnswer } from './lazy-answer';
import { OrderFrame, type FrameLabels } from './order-frame';

const { Answer, Preload } = lazyAnswer<ShopOrder>(() => import('./shop-details'));

export function ShopOrderView({ tradeNo, labels, intl }: { tradeNo: string; labels: FrameLabels; intl: ClientIntl }) {
  return (
    <>
      <Preload />
      <OrderFrame kind="shop" id={tradeNo} Answer={Answer} labels={labels} intl={intl} />
    </>
  );
}
