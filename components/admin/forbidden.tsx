import { getTranslations } from 'next-intl/server';

export async function Forbidden({ role }: { role: string | null }) {
  const t = await getTranslations('forbidden');
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-border bg-surface p-6" data-testid="forbidden">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-muted">{t('body', { role: role ?? '—' })}</p>
    </div>
  );
}
