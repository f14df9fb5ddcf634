import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { PageHeading } from '@/components/ui/page-heading';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { clientIntl } from '@/lib/intl-config';
import { syncOverview } from '@/lib/sync';
import { SyncSourcesPart } from './parts';

export const metadata: Metadata = { title: 'Sync' };

export default async function SyncPage() {
  const user = await requirePageUser('/sync');
  if (!can(user.role, 'sync.view')) forbidden();
  const t = await getTranslations('sync');
  const initial = await syncOverview();
  return (
    <div className="space-y-6">
      <PageHeading title={t('title')} intro={t('intro')} />
      <SyncSourcesPart intl={await clientIntl(['sync'])} initial={initial} canRun={can(user.role, 'sync.run')} canBackfill={can(user.role, 'sync.backfill')} />
    </div>
  );
}
