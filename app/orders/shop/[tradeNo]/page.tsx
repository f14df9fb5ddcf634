import type { Metadata } from 'next';
import { ShopOrderView } from '@/components/orders/shop-view';
import { OrderPageFrame, orderPageSetup } from '@/app/orders/order-page';

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]'>): Promise<Metadata> {
  // Next hands metadata the id already decoded (the page gets it as in the URL): decoding it again
  // read %2541 as 'A' and threw on %25zz.
  return { title: (await params).tradeNo };
}

export default async function ShopOrderPage({ params, searchParams }: PageProps<'/orders/shop/[tradeNo]'>) {
  const page = await orderPageSetup('shop', (await params).tradeNo, await searchParams);
  return <OrderPageFrame page={page} view={<ShopOrderView tradeNo={page.id} shop={page.shop} labels={page.labels} intl={page.intl} />} />;
}
