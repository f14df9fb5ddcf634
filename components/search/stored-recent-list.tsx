'use client';

import Link from 'next/link';
import { orderPagePath } from '@/lib/query/orders';
import type { SearchLabels } from './labels';
import { RecentFrame } from './recent-frame';
import { clearLookups, useRecentLookups } from './recent-lookups';

/** The recent list with what this browser has stored (loaded by recent-list.tsx). */
export default function StoredRecentList({ labels: t }: { labels: SearchLabels['recent'] }) {
  const recent = useRecentLookups();
  return (
    <RecentFrame
      title={t.recent}
      action={
        recent.length > 0 && (
          <button type="button" onClick={clearLookups} className="text-sm text-muted underline hover:text-fg">
            {t.clearRecent}
          </button>
        )
      }
    >
      {recent.length === 0 ? (
        <p className="text-sm text-muted">{t.noRecent}</p>
      ) : (
        <ul className="divide-y divide-border rounded-lg border border-border bg-surface" data-testid="recent-list">
          {recent.map((r) => (
            <li key={`${r.kind}:${r.shop ?? ''}:${r.id}`}>
              <Link href={orderPagePath(r.kind, r.id, r.shop)} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 hover:bg-surface-2">
                <span className="break-all font-mono text-sm">{r.id}</span>
                <span className="text-xs text-muted">
                  {t.kinds[r.kind]}
                  {r.shop && ` · ${r.shop}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </RecentFrame>
  );
}
