import type { Metadata } from 'next';
import { PrintView } from '@/app/orders/print-view';

export async function generateMetadata({ params }: PageProps<'/orders/service-provider/[orderId]/print'>): Promise<Metadata> {
  return { title: decodeURIComponent((await params).orderId) };
}

export default async function ServiceProviderOrderPrintPage({ params, searchParams }: PageProps<'/orders/service-provider/[orderId]/print'>) {
  return <PrintView kind="service-provider" idInUrl={(await params).orderId} searchParams={await searchParams} />;
}
