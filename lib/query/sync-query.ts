import type { SyncAnswer } from '@/lib/api/sync-contract';
import { SYNC_PATH, SYNC_RUN_PATH } from '@/lib/api/sync-contract';
import { fetchJson } from './api-client';

/** The /sync page's query key and calls (GET /api/sync, POST /api/sync/run). */
export const syncQueryKey = ['sync'] as const;

export function fetchSync(signal?: AbortSignal): Promise<SyncAnswer> {
  return fetchJson<SyncAnswer>(SYNC_PATH, { signal: signal ?? null });
}

export function postSyncRun(input: { source?: string; from?: string }): Promise<{ queued: string[] }> {
  return fetchJson<{ queued: string[] }>(SYNC_RUN_PATH, { method: 'POST', body: JSON.stringify(input) });
}
