'use client';

import { lazyPart } from '@/components/lazy-part';

/**
 * The batch list page's client parts, loaded after the page's first JavaScript with TanStack Query
 * and their messages (components/lazy-part.tsx), both from one module so they share one copy of
 * what both use.
 */
const listParts = () => import('./list-parts');
export const NewBatchPart = lazyPart(() => listParts().then((m) => m.NewBatchWithProviders));
export const BatchListPart = lazyPart(() => listParts().then((m) => m.BatchListWithProviders));
