import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { clientIntl } from '@/lib/intl-config';
import { orderPagePath } from '@/lib/api/contract';
import { requirePageUser } from '@/lib/auth/access';
import { ShopOrderView } from '@/components/orders/shop-view';

const ORDER_NAMESPACES = ['order', 'sp', 'shop', 'timeline', 'error', 'kind'];

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).tradeNo) };
}

export default async function ShopOrderPage({ params }: PageProps<'/orders/shop/[tradeNo]'>) {
  const { tradeNo } = await params;
  await requirePageUser(orderPagePath('shop', decodeURIComponent(tradeNo)));
  const t = await getTranslations('order');
  return <ShopOrderView tradeNo={decodeURIComponent(tradeNo)} labels={{ back: t('back'), loading: t('loading') }} intl={await clientIntl(ORDER_NAMESPACES)} />;
}
