import type { Metadata } from 'next';
import { ServiceProviderOrderView } from '@/components/orders/service-provider-view';
import { OrderPageFrame, orderPageSetup } from '@/app/orders/order-page';

export async function generateMetadata({ params }: PageProps<'/orders/service-provider/[orderId]'>): Promise<Metadata> {
  // Next hands metadata the id already decoded (the page gets it as in the URL): decoding it again
  // read %2541 as 'A' and threw on %25zz.
  return { title: (await params).orderId };
}

export default async function ServiceProviderOrderPage({ params, searchParams }: PageProps<'/orders/service-provider/[orderId]'>) {
  const page = await orderPageSetup('service-provider', (await params).orderId, await searchParams);
  return <OrderPageFrame page={page} view={<ServiceProviderOrderView orderId={page.id} labels={page.labels} intl={page.intl} />} />;
}
