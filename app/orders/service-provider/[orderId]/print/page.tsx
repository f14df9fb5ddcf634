import type { Metadata } from 'next';
import { PrintView } from '@/app/orders/print-view';

export async function generateMetadata({ params }: PageProps<'/orders/service-provider/[orderId]/print'>): Promise<Metadata> {
  // Next hands metadata the id already decoded (the page gets it as in the URL): decoding it again
  // read %2541 as 'A' and threw on %25zz.
  return { title: (await params).orderId };
}

export default async function ServiceProviderOrderPrintPage({ params, searchParams }: PageProps<'/orders/service-provider/[orderId]/print'>) {
  return <PrintView kind="service-provider" idInUrl={(await params).orderId} searchParams={await searchParams} />;
}
