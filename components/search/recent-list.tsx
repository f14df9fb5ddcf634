'use client';

import { lazyPart } from '../lazy-part';
import { RecentFrame } from './recent-frame';

/**
 * The last lookups made in this browser. They are this browser's own (localStorage), so the
 * server renders the list empty; the list's code and the store's are a chunk of their own
 * (components/lazy-part.tsx). `labels`: the words, from the server (components/search/labels.ts).
 */
export const RecentList = lazyPart(
  () => import('./stored-recent-list').then((m) => m.default),
  ({ labels }) => (
    <RecentFrame title={labels.recent}>
      <p className="text-sm text-muted">{labels.noRecent}</p>
    </RecentFrame>
  ),
);
