import type { Metadata } from 'next';
import { ShopOrderView } from '@/components/orders/shop-view';

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).tradeNo) };
}

export default async function ShopOrderPage({ params }: PageProps<'/orders/shop/[tradeNo]'>) {
  const { tradeNo } = await params;
  return <ShopOrderView tradeNo={decodeURIComponent(tradeNo)} />;
}
