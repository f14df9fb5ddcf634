import { getTranslations } from 'next-intl/server';
import Link from 'next/link';

export default async function NotFound() {
  const t = await getTranslations('error');
  return (
    <div className="mx-auto max-w-xl space-y-3 pt-10 text-center">
      <h1 className="text-xl font-semibold">{t('pageNotFound')}</h1>
      <Link href="/" className="text-accent underline">
        {t('home')}
      </Link>
    </div>
  );
}
