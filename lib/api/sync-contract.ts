/**
 * What GET /api/sync answers (issue 22: scripts outside this repo read it; keep these shapes) and
 * POST /api/sync/run takes. `failures` is ours, added beside the fields: the windows (or
 * SPUs) that failed, for the /sync page.
 */
export type SyncState = 'idle' | 'running' | 'paused' | 'failed';

export interface SyncProblem {
  en: string;
  zh: string;
  /** WeChat's errcode and errmsg, as sent, when WeChat answered one. */
  errcode?: number;
  errmsg?: string;
  action?: { en: string; zh: string };
  /** A pause that ends by itself (WeChat's next day, for 45009). */
  until?: string;
}

export interface SyncRunView {
  startedAt: string;
  finishedAt: string | null;
  windowsDone: number;
  windowsTotal: number;
  ordersListed: number;
  ordersLookedUp: number;
  failedWindows: number;
  problem?: SyncProblem;
  /** Ours: 'schedule', or who asked. */
  startedBy: string;
}

export interface SyncFailure {
  /** A shop's window of create time, or a service-provider SPU. */
  window: { from: string; to: string } | { spuId: string };
  errcode: number | null;
  problem: SyncProblem | null;
}

export interface SyncSourceView {
  source: string;
  name: string;
  enabled: boolean;
  state: SyncState;
  syncedThrough: string | null;
  lastRun: SyncRunView | null;
  nextRunAt: string | null;
  failures: SyncFailure[];
}

export interface SyncAnswer {
  sources: SyncSourceView[];
}

export const SYNC_PATH = '/api/sync';
export const SYNC_RUN_PATH = '/api/sync/run';
