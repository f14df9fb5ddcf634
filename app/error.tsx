'use client';

import { useTranslations } from 'next-intl';

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('error');
  return (
    <div role="alert" className="mx-auto max-w-xl space-y-3 pt-10 text-center">
      <h1 className="text-xl font-semibold">{t('pageTitle')}</h1>
      <button type="button" onClick={reset} className="rounded-lg bg-accent px-4 py-2 text-accent-fg">
        {t('retry')}
      </button>
    </div>
  );
}
