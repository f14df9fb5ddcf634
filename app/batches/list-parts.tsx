'use client';

import { BatchList } from '@/components/batches/batch-list';
import { NewBatch } from '@/components/batches/new-batch';
import { withProviders } from '@/components/providers';

/** The batch list page's client parts, one chunk (parts.tsx loads it). */
export const NewBatchWithProviders = withProviders(NewBatch);
export const BatchListWithProviders = withProviders(BatchList);
