import type { Metadata } from 'next';
import { ServiceProviderOrderView } from '@/components/orders/service-provider-view';
import { orderPageSetup } from '@/app/orders/order-page';

export async function generateMetadata({ params }: PageProps<'/orders/service-provider/[orderId]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).orderId) };
}

export default async function ServiceProviderOrderPage({ params }: PageProps<'/orders/service-provider/[orderId]'>) {
  const { id, labels, intl } = await orderPageSetup('service-provider', (await params).orderId);
  return <ServiceProviderOrderView orderId={id} labels={labels} intl={intl} />;
}
