import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { BatchList } from '@/components/batches/batch-list';
import { NewBatch } from '@/components/batches/new-batch';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { batchesPagePath } from '@/lib/query/batches';
import { shops } from '@/lib/shops';

export const metadata: Metadata = { title: 'Batch lookups' };

export default async function BatchesPage() {
  const user = await requirePageUser(batchesPagePath);
  if (!can(user.role, 'finance.batch')) forbidden();
  const t = await getTranslations('batches');
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="max-w-3xl text-muted">{t('intro')}</p>
      </div>
      <NextIntlClientProvider>
        <div className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-6">
          <NewBatch shops={shops()} />
        </div>
        <BatchList everyone={can(user.role, 'batch.all')} />
      </NextIntlClientProvider>
    </div>
  );
}
