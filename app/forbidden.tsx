import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { sessionUser } from '@/lib/auth/access';

/**
 * What `forbidden()` renders, with HTTP 403 (next.config's `authInterrupts`): every page whose
 * role check fails calls it, and this says which role the signed-in user has.
 */
export default async function ForbiddenPage() {
  const user = await sessionUser(await headers());
  const t = await getTranslations('forbidden');
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-border bg-surface p-6" data-testid="forbidden">
      <h1 className="text-xl font-semibold">{t('title')}</h1>
      <p className="mt-2 text-muted">{t('body', { role: user?.role ?? '—' })}</p>
    </div>
  );
}
