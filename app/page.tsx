import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { RecentList } from '@/components/search/recent-list';
import { SearchBox } from '@/components/search/search-box';
import { orderPagePath } from '@/lib/api/contract';
import { requirePageUser } from '@/lib/auth/access';

const examples = [
  { kind: 'service-provider', id: 'DD2981741311549200000' },
  { kind: 'shop', id: '522346' },
] as const;

export default async function SearchPage() {
  await requirePageUser('/');
  const t = await getTranslations('search');
  const tApp = await getTranslations('app');
  const tKind = await getTranslations('kind');
  return (
    <div className="mx-auto max-w-2xl space-y-8 pt-4 sm:pt-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{tApp('name')}</h1>
        <p className="text-muted">{tApp('tagline')}</p>
      </div>
      <div className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-6">
        <NextIntlClientProvider>
          <SearchBox />
        </NextIntlClientProvider>
        <p className="mt-2 text-xs text-muted">{t('shortcut')}</p>
      </div>
      <NextIntlClientProvider>
        <RecentList />
      </NextIntlClientProvider>
      <section aria-labelledby="examples-heading" className="space-y-2">
        <h2 id="examples-heading" className="text-sm font-semibold text-muted">
          {t('examples')}
        </h2>
        <ul className="flex flex-wrap gap-2">
          {examples.map((e) => (
            <li key={e.id}>
              <Link href={orderPagePath(e.kind, e.id)} className="inline-flex items-center gap-2 rounded-full border border-border bg-surface px-3 py-1 text-sm hover:bg-surface-2">
                <span className="font-mono">{e.id}</span>
                <span className="text-muted">{tKind(e.kind)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
