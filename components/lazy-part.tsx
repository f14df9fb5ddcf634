'use client';

import { Suspense, lazy, type ComponentType } from 'react';
import type { ClientIntl } from '@/lib/intl-config';

/**
 * A client part of a page (a batch list, a form) loaded as its own chunk, with what it needs
 * around it (TanStack Query's client and its messages: providers.tsx), so that none of it is in
 * the page's first JavaScript. The server renders it in full, so the page reads the same before
 * it loads; in the browser it comes to life once its chunk is there, which starts as the page
 * hydrates. `intl` carries only the namespaces the part translates with (lib/intl-config.ts).
 */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>) {
  const Part = lazy(async () => {
    const [Component, { Providers }] = await Promise.all([load(), import('./providers')]);
    function WithProviders({ intl, ...props }: P & { intl: ClientIntl }) {
      return (
        <Providers intl={intl}>
          <Component {...(props as P)} />
        </Providers>
      );
    }
    return { default: WithProviders };
  });
  return function LazyPart(props: P & { intl: ClientIntl }) {
    return (
      <Suspense fallback={null}>
        <Part {...props} />
      </Suspense>
    );
  };
}
