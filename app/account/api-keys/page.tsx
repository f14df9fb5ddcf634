import type { Metadata } from 'next';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { apiKeyLabels } from '@/components/account/labels';
import { NewKeyForm } from '@/components/account/new-key-form';
import { RevokeKeyButton } from '@/components/account/revoke-key-button';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { requirePageUser } from '@/lib/auth/access';
import { API_KEY_HEADER, listKeys, MAX_KEYS_PER_USER, type KeySummary } from '@/lib/auth/api-keys';
import { API_KEY_NAME_MAX } from '@/lib/auth/auth';
import { formatInstant } from '@/lib/orders/format';

export const metadata: Metadata = { title: 'API keys' };

/** The signed-in user's own API keys: create (shown once), see when each was last used, revoke. */
export default async function ApiKeysPage() {
  await requirePageUser('/account/api-keys');
  const t = await getTranslations('apiKeys');
  const zone = await getTimeZone();
  const labels = await apiKeyLabels();
  const zh = (await getLocale()) === 'zh-CN';
  const keys = await listKeys(await headers());
  const time = (instant: string | null, none: string) =>
    instant ? <span className="whitespace-nowrap font-mono text-xs">{formatInstant(instant, zone)}</span> : <span className="text-muted">{none}</span>;

  const columns: Column<KeySummary>[] = [
    { label: t('name'), cell: (k) => <span className="break-all">{k.name}</span> },
    { label: t('key'), cell: (k) => <span className="font-mono text-xs">{`${k.start}…`}</span> },
    { label: t('created'), cell: (k) => time(k.createdAt, '—') },
    { label: t('lastUsed'), cell: (k) => time(k.lastUsedAt, t('neverUsed')) },
    { label: t('expires'), cell: (k) => time(k.expiresAt, t('noExpiry')) },
    {
      label: t('actions'),
      cell: (k) => <RevokeKeyButton id={k.id} confirmText={t('confirmRevoke', { name: k.name ?? k.start ?? k.id })} labels={labels.revoke} zh={zh} />,
    },
  ];

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <p className="max-w-3xl text-muted">{t('intro')}</p>
        <p className="text-sm text-muted">
          {t('usage', { header: API_KEY_HEADER })}{' '}
          <code className="break-all rounded bg-surface-2 px-1 font-mono text-xs">curl -H &apos;{API_KEY_HEADER}: od_…&apos; …/api/orders/shop/522346</code>
        </p>
      </div>
      <section aria-labelledby="create-key-heading" className="rounded-xl border border-border bg-surface p-4">
        <h2 id="create-key-heading" className="mb-3 font-semibold">
          {t('createTitle')}
        </h2>
        <NewKeyForm maxName={API_KEY_NAME_MAX} labels={labels.form} zh={zh} />
        <p className="mt-3 text-xs text-muted">{t('limit', { max: MAX_KEYS_PER_USER, zone })}</p>
      </section>
      <section aria-labelledby="keys-heading" className="space-y-3">
        <h2 id="keys-heading" className="font-semibold">
          {t('list')}
        </h2>
        {keys.length ? (
          <RecordTable rows={keys} columns={columns} rowKey={(k) => k.id} caption={t('list')} testId="api-keys-table" />
        ) : (
          <p className="text-muted" data-testid="api-keys-none">
            {t('none')}
          </p>
        )}
      </section>
    </div>
  );
}
