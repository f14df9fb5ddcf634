'use client';

import { withProviders } from '@/components/providers';
import { LedgerView } from '@/components/ledger/ledger-view';

/** The ledger page's client part with TanStack Query and its messages, one chunk (parts.tsx loads it). */
export const LedgerWithProviders = withProviders(LedgerView);
