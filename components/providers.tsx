'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { NextIntlClientProvider } from 'next-intl';
import { useState, type ReactNode } from 'react';
import type { ClientIntl } from '@/lib/intl-config';
import { getQueryClient } from '@/lib/query/query-client';

/**
 * What a lazily loaded part of a page (lazy-part.tsx) needs around it: TanStack Query's client
 * (one for the whole browser, so every part and page shares its cache) and the messages it
 * translates with.
 */
export function Providers({ intl, children }: { intl: ClientIntl; children: ReactNode }) {
  const [client] = useState(getQueryClient);
  return (
    <QueryClientProvider client={client}>
      <NextIntlClientProvider {...intl}>{children}</NextIntlClientProvider>
    </QueryClientProvider>
  );
}
