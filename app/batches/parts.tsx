'use client';

import { lazyPart } from '@/components/lazy-part';

/** The batch pages' client parts, each its own chunk with TanStack Query and its messages (components/lazy-part.tsx). */
export const NewBatchPart = lazyPart(() => import('@/components/batches/new-batch').then((m) => m.NewBatch));
export const BatchListPart = lazyPart(() => import('@/components/batches/batch-list').then((m) => m.BatchList));
export const BatchDetailPart = lazyPart(() => import('@/components/batches/batch-detail').then((m) => m.BatchDetail));
