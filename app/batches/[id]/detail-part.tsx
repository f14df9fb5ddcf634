'use client';

import { BatchDetail } from '@/components/batches/batch-detail';
import { withProviders } from '@/components/providers';

/** The batch page's client part, its own chunk (part.tsx loads it). */
export const BatchDetailWithProviders = withProviders(BatchDetail);
