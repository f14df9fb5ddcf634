'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { NextIntlClientProvider } from 'next-intl';
import { useState, type ComponentType, type ReactNode } from 'react';
import type { ClientIntl } from '@/lib/intl-config';
import { getQueryClient } from '@/lib/query/query-client';

/**
 * What a client part that queries Order Desk's API needs around it: TanStack Query's client (one
 * for the whole browser, so every part and page shares its cache) and the messages it translates
 * with (only the namespaces it uses: lib/intl-config.ts).
 */
export function Providers({ intl, children }: { intl: ClientIntl; children: ReactNode }) {
  const [client] = useState(getQueryClient);
  return (
    <QueryClientProvider client={client}>
      <NextIntlClientProvider {...intl}>{children}</NextIntlClientProvider>
    </QueryClientProvider>
  );
}

/** `Component` inside Providers, taking `intl` beside its own props. */
export function withProviders<P extends object>(Component: ComponentType<P>) {
  return function WithProviders({ intl, ...props }: P & { intl: ClientIntl }) {
    return (
      <Providers intl={intl}>
        <Component {...(props as P)} />
      </Providers>
    );
  };
}
