'use client';

import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';

/**
 * A client part of a page (a batch list, a form) loaded as its own chunk, so that neither it nor
 * what it brings (TanStack Query, the i18n runtime: see withProviders) is in the page's first
 * JavaScript. The server renders it in full, so the page reads the same before it loads; in the
 * browser it comes to life once its chunk is there (`fallback` shows where it must wait for it). Parts of one page should come from one module
 * (two modules loaded apart would each carry their own copy of what they share), and a page's
 * parts should be created in a module of their own (creating one starts loading its chunk).
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, fallback: (props: P) => ReactNode = () => null) {
  // In the browser the chunk is asked for as soon as the module creating the part is evaluated,
  // not when React first renders it; a part whose chunk is there by then hydrates without waiting.
  let loaded: ComponentType<P> | null = null;
  const loading = typeof window === 'undefined' ? null : load().then((Component) => (loaded = Component));
  const Part = lazy(() => (loading ?? load()).then((Component) => ({ default: Component })));
  return function LazyPart(props: P) {
    const Loaded = loaded;
    return <Suspense fallback={fallback(props)}>{Loaded ? <Loaded {...props} /> : <Part {...props} />}</Suspense>;
  };
}
