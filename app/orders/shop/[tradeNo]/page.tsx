import type { Metadata } from 'next';
import { ShopOrderView } from '@/components/orders/shop-view';
import { orderPageSetup } from '@/app/orders/order-page';

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).tradeNo) };
}

export default async function ShopOrderPage({ params }: PageProps<'/orders/shop/[tradeNo]'>) {
  const { id, labels, intl } = await orderPageSetup('shop', (await params).tradeNo);
  return <ShopOrderView tradeNo={id} labels={labels} intl={intl} />;
}
