'use client';

import { lazyPart } from '@/components/lazy-part';

/** The sync page's client part, loaded after the page's first JavaScript (components/lazy-part.tsx). */
export const SyncSourcesPart = lazyPart(() => import('./with-providers').then((m) => m.SyncSourcesWithProviders));
