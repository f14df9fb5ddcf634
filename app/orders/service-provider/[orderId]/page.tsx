import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { clientIntl } from '@/lib/intl-config';
import { orderPagePath } from '@/lib/api/contract';
import { requirePageUser } from '@/lib/auth/access';
import { ServiceProviderOrderView } from '@/components/orders/service-provider-view';

const ORDER_NAMESPACES = ['order', 'sp', 'shop', 'timeline', 'error', 'kind'];

export async function generateMetadata({ params }: PageProps<'/orders/service-provider/[orderId]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).orderId) };
}

export default async function ServiceProviderOrderPage({ params }: PageProps<'/orders/service-provider/[orderId]'>) {
  const { orderId } = await params;
  await requirePageUser(orderPagePath('service-provider', decodeURIComponent(orderId)));
  const t = await getTranslations('order');
  return <ServiceProviderOrderView orderId={decodeURIComponent(orderId)} labels={{ back: t('back'), loading: t('loading') }} intl={await clientIntl(ORDER_NAMESPACES)} />;
}
