'use client';

import { Suspense, lazy } from 'react';
import type { FrameProps } from './order-frame';
import { OrderSkeleton } from './order-skeleton';

// The frame and what it brings (TanStack Query and its cache, the error panel) are their own
// chunk, loading as the page hydrates: the order itself is already on the page, rendered by the
// server, and only its buttons wait for this.
const QueryOrderFrame = lazy(() => import('./order-frame'));

/** An order page's order: the skeleton until the frame's code is there (on the server, at once). */
export function OrderFrame<T>(props: FrameProps<T>) {
  return (
    <Suspense fallback={<OrderSkeleton label={props.labels.loading} />}>
      <QueryOrderFrame {...(props as FrameProps<unknown>)} />
    </Suspense>
  );
}
