'use client';

import { lazyPart } from '@/components/lazy-part';

/** The ledger page's client part, loaded after the page's first JavaScript (components/lazy-part.tsx); its chart is a chunk of its own, loaded by the part. */
export const LedgerPart = lazyPart(() => import('./with-providers').then((m) => m.LedgerWithProviders));
