'use client';

import { Suspense, lazy } from 'react';
import type { SearchLabels } from './labels';
import { RecentFrame } from './recent-frame';

// The lookups are this browser's own (localStorage), so the server renders the list empty; the
// list's code and the store's are a chunk of their own, loading as the page hydrates.
const StoredRecentList = lazy(() => import('./stored-recent-list'));

/** The last lookups made in this browser. `labels`: the words, from the server (components/search/labels.ts). */
export function RecentList({ labels }: { labels: SearchLabels['recent'] }) {
  const empty = (
    <RecentFrame title={labels.recent}>
      <p className="text-sm text-muted">{labels.noRecent}</p>
    </RecentFrame>
  );
  return (
    <Suspense fallback={empty}>
      <StoredRecentList labels={labels} />
    </Suspense>
  );
}
