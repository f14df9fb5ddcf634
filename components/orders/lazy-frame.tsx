'use client';

import type { ReactNode } from 'react';
import { lazyPart } from '../lazy-part';
import type { FrameProps } from './order-frame';
import { OrderSkeleton } from './order-skeleton';

/**
 * An order page's order. The frame and what it brings (TanStack Query and its cache, the error
 * panel) are their own chunk (components/lazy-part.tsx): the order itself is already on the page,
 * rendered by the server, and only its buttons wait for this; the skeleton shows where there is
 * no order yet.
 */
export const OrderFrame = lazyPart<FrameProps<unknown>>(
  () => import('./order-frame').then((m) => m.default),
  ({ labels }) => <OrderSkeleton label={labels.loading} />,
) as <T>(props: FrameProps<T>) => ReactNode;
