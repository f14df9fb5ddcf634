import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { SyncSources } from '@/components/sync/sync-sources';
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
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="max-w-3xl text-muted">{t('intro')}</p>
      </div>
      <NextIntlClientProvider>
        <SyncSources initial={initial} canRun={can(user.role, 'sync.run')} canBackfill={can(user.role, 'sync.backfill')} />
      </NextIntlClientProvider>
    </div>
  );
}
