import type { Metadata } from 'next';
import { ServiceProviderOrderView } from '@/components/orders/service-provider-view';

export async function generateMetadata({ params }: PageProps<'/orders/service-provider/[orderId]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).orderId) };
}

export default async function ServiceProviderOrderPage({ params }: PageProps<'/orders/service-provider/[orderId]'>) {
  const { orderId } = await params;
  return <ServiceProviderOrderView orderId={decodeURIComponent(orderId)} />;
}
