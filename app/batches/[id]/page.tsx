import type { Metadata } from 'next';
import { forbidden, notFound } from 'next/navigation';
import { defaultShopId } from '@/lib/shops';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { isBatchId } from '@/lib/batches/types';
import { batchPagePath } from '@/lib/query/batches';
import { clientIntl } from '@/lib/intl-config';
import { BatchDetailPart } from './part';

export const metadata: Metadata = { title: 'Batch lookup' };

/** The batch's own page; its data comes from the API (polled while it runs), which checks it is the user's. */
export default async function BatchPage({ params }: PageProps<'/batches/[id]'>) {
  const { id } = await params;
  const user = await requirePageUser(batchPagePath(id));
  if (!can(user.role, 'finance.batch')) forbidden();
  // Only a batch id: the page builds API paths from it (a decoded `../` must not lead elsewhere).
  if (!isBatchId(id)) notFound();
  return <BatchDetailPart intl={await clientIntl(['batches', 'kind'])} id={id} defaultShop={defaultShopId()} />;
}
