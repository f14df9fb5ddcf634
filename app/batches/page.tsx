import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { PageHeading } from '@/components/ui/page-heading';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { batchesPagePath } from '@/lib/query/batches';
import { clientIntl } from '@/lib/intl-config';
import { shops } from '@/lib/shops';
import { BatchListPart, NewBatchPart } from './parts';

export const metadata: Metadata = { title: 'Batch lookups' };

export default async function BatchesPage() {
  const user = await requirePageUser(batchesPagePath);
  if (!can(user.role, 'finance.batch')) forbidden();
  const t = await getTranslations('batches');
  // The namespaces the batch parts translate with.
  const intl = await clientIntl(['batches', 'kind']);
  return (
    <div className="space-y-6">
      <PageHeading title={t('title')} intro={t('intro')} />
      <div className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-6">
        <NewBatchPart intl={intl} shops={shops()} />
      </div>
      <BatchListPart intl={intl} everyone={can(user.role, 'batch.all')} />
    </div>
  );
}
