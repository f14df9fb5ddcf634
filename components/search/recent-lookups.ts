'use client';

import { useSyncExternalStore } from 'react';
import type { OrderKind } from '@/lib/orders/ids';

/** The last lookups, kept in this browser only (localStorage), newest first. */
export interface RecentLookup {
  kind: OrderKind;
  id: string;
  /** The shop a shop order was looked up in, when not the default one. */
  shop?: string;
  at: string;
}

const KEY = 'order-desk:recent';
const LIMIT = 10;
const listeners = new Set<() => void>();
let cache: { raw: string | null; value: RecentLookup[] } = { raw: null, value: [] };

function read(): RecentLookup[] {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    return cache.value;
  }
  if (raw === cache.raw) return cache.value;
  let value: RecentLookup[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) {
      value = parsed.filter(
        (x): x is RecentLookup =>
          typeof x === 'object' && x !== null && (x.kind === 'shop' || x.kind === 'service-provider') && typeof x.id === 'string' && typeof x.at === 'string' && (x.shop === undefined || typeof x.shop === 'string'),
      );
    }
  } catch {
    value = [];
  }
  cache = { raw, value };
  return value;
}

function write(value: RecentLookup[]) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(value));
  } catch {
    // Storage full or disabled: recent lookups are a convenience only.
  }
  listeners.forEach((l) => l());
}

export function rememberLookup(kind: OrderKind, id: string, shop: string | null = null) {
  const rest = read().filter((r) => !(r.kind === kind && r.id === id && (r.shop ?? null) === shop));
  write([{ kind, id, ...(shop ? { shop } : {}), at: new Date().toISOString() }, ...rest].slice(0, LIMIT));
}

export function clearLookups() {
  write([]);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const empty: RecentLookup[] = [];

export function useRecentLookups(): RecentLookup[] {
  return useSyncExternalStore(subscribe, read, () => empty);
}
