import type { Metadata } from 'next';
import { ShopOrderView } from '@/components/orders/shop-view';
import { OrderPageFrame, orderPageSetup } from '@/app/orders/order-page';

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).tradeNo) };
}

export default async function ShopOrderPage({ params, searchParams }: PageProps<'/orders/shop/[tradeNo]'>) {
  const page = await orderPageSetup('shop', (await params).tradeNo, await searchParams);
  return <OrderPageFrame page={page} view={<ShopOrderView tradeNo={page.id} shop={page.shop} labels={page.labels} intl={page.intl} />} />;
}
