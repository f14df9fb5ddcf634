import type { Metadata } from 'next';
import { PrintView } from '@/app/orders/print-view';

export async function generateMetadata({ params }: PageProps<'/orders/shop/[tradeNo]/print'>): Promise<Metadata> {
  // Next hands metadata the id already decoded (the page gets it as in the URL): decoding it again
  // read %2541 as 'A' and threw on %25zz.
  return { title: (await params).tradeNo };
}

export default async function ShopOrderPrintPage({ params, searchParams }: PageProps<'/orders/shop/[tradeNo]/print'>) {
  return <PrintView kind="shop" idInUrl={(await params).tradeNo} searchParams={await searchParams} />;
}
