import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { BatchList } from '@/components/batches/batch-list';
import { NewBatch } from '@/components/batches/new-batch';
import { PageHeading } from '@/components/ui/page-heading';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { shops } from '@/lib/shops';

export const metadata: Metadata = { title: 'Batch lookups' };

export default async function BatchesPage() {
  const user = await requirePageUser('/batches');
  if (!can(user.role, 'finance.batch')) forbidden();
  const t = await getTranslations('batches');
  return (
    <div className="space-y-6">
      <PageHeading title={t('title')} intro={t('intro')} />
      <NextIntlClientProvider>
        <div className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-6">
          <NewBatch shops={shops()} />
        </div>
        <BatchList everyone={can(user.role, 'batch.all')} />
      </NextIntlClientProvider>
    </div>
  );
}
