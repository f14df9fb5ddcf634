'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { orderPagePath } from '@/lib/query/orders';
import { clearLookups, useRecentLookups } from './recent-lookups';

export function RecentList() {
  const t = useTranslations('search');
  const tKind = useTranslations('kind');
  const recent = useRecentLookups();
  return (
    <section aria-labelledby="recent-heading" className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 id="recent-heading" className="text-sm font-semibold text-muted">
          {t('recent')}
        </h2>
        {recent.length > 0 && (
          <button type="button" onClick={clearLookups} className="text-sm text-muted underline hover:text-fg">
            {t('clearRecent')}
          </button>
        )}
      </div>
      {recent.length === 0 ? (
        <p className="text-sm text-muted">{t('noRecent')}</p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border bg-surface" data-testid="recent-list">
          {recent.map((r) => (
            <li key={`${r.kind}:${r.shop ?? ''}:${r.id}`}>
              <Link href={orderPagePath(r.kind, r.id, r.shop)} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 hover:bg-surface-2">
                <span className="break-all font-mono text-sm">{r.id}</span>
                <span className="text-xs text-muted">
                  {tKind(r.kind)}
                  {r.shop && ` · ${r.shop}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
