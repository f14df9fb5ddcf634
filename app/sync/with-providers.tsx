'use client';

import { withProviders } from '@/components/providers';
import { SyncSources } from '@/components/sync/sync-sources';

/** The sync page's client part with TanStack Query and its messages, one chunk (parts.tsx loads it). */
export const SyncSourcesWithProviders = withProviders(SyncSources);
