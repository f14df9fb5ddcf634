'use client';

import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ClientIntl } from '@/lib/intl-config';
import { lazyAnswer } from './lazy-answer';
import { OrderFrame } from './lazy-frame';
import type { FrameLabels } from './order-frame';

const { Answer, Preload } = lazyAnswer<ServiceProviderOrder>(() => import('./service-provider-details'));

export function ServiceProviderOrderView({ orderId, labels, intl }: { orderId: string; labels: FrameLabels; intl: ClientIntl }) {
  return (
    <>
      <Preload />
      <OrderFrame kind="service-provider" id={orderId} Answer={Answer} labels={labels} intl={intl} />
    </>
  );
}
