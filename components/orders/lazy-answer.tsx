'use client';

import { lazy, useEffect, type ComponentType } from 'react';
import type { AnswerProps } from './order-frame';

/**
 * Loads a kind's answer (details, timeline, tables, raw JSON, summary) as its own chunk, starting
 * as the page mounts: the page's first JavaScript is the frame and skeleton, and the answer's
 * code downloads while the order is being fetched, not after it.
 */
export function lazyAnswer<T>(load: () => Promise<{ default: ComponentType<AnswerProps<T>> }>) {
  const Answer = lazy(load);
  function Preload() {
    useEffect(() => {
      void load();
    }, []);
    return null;
  }
  return { Answer, Preload };
}
