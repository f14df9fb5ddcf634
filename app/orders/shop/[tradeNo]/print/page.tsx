import type { Metadata } from 'next';
import { PrintView } from '@/app/orders/print-view';

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]/print'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).tradeNo) };
}

export default async function ShopOrderPrintPage({ params, searchParams }: PageProps<'/orders/shop/[tradeNo]/print'>) {
  return <PrintView kind="shop" idInUrl={(await params).tradeNo} searchParams={await searchParams} />;
}
