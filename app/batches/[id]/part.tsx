'use client';

import { lazyPart } from '@/components/lazy-part';

/** The batch page's client part, loaded after the page's first JavaScript (components/lazy-part.tsx). */
export const BatchDetailPart = lazyPart(() => import('./detail-part').then((m) => m.BatchDetailWithProviders));
