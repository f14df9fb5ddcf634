import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { SyncSources } from '@/components/sync/sync-sources';
import { PageHeading } from '@/components/ui/page-heading';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { syncOverview } from '@/lib/sync';

export const metadata: Metadata = { title: 'Sync' };

export default async function SyncPage() {
  const user = await requirePageUser('/sync');
  if (!can(user.role, 'sync.view')) forbidden();
  const t = await getTranslations('sync');
  const initial = await syncOverview();
  return (
    <div className="space-y-6">
      <PageHeading title={t('title')} intro={t('intro')} />
      <NextIntlClientProvider>
        <SyncSources initial={initial} canRun={can(user.role, 'sync.run')} canBackfill={can(user.role, 'sync.backfill')} />
      </NextIntlClientProvider>
    </div>
  );
}
