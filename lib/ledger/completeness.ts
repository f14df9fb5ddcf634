/**
 * How complete a ledger day is, from what sync has done (pure: lib/ledger/query.ts reads the
 * facts). docs/ledger.md, "Completeness", says the rule in words.
 */
import type { LedgerCompleteness } from '@/lib/api/contract';
import { TZDate } from '@date-fns/tz';

/** One sync source as the ledger reads it; times are epoch milliseconds. */
export interface SourceFacts {
  /** sync_source.synced_through: the end of the unbroken run of done windows from the first (set when a run ends). */
  through: number | null;
  /** The start of the source's first window. */
  first: number | null;
  /** An order the source listed still waits for its first look. */
  waiting: boolean;
  /** Its done windows that overlap the days asked, with when each was done. */
  windows: Array<{ begins: number; ends: number; done: number | null }>;
}

/**
 * A shop's day [begins, ends) is 'synced' when its windows start at or before the day's start, run
 * done and unbroken through at least its end, and no listed order waits for its first look;
 * `syncedAt` is then the latest `done` of the windows overlapping the day. Otherwise 'partial'.
 */
export function shopDayCompleteness(source: SourceFacts | undefined, begins: number, ends: number, zone: string, refreshDays: number): LedgerCompleteness {
  const synced = source !== undefined && !source.waiting && source.first !== null && source.first <= begins && source.through !== null && source.through >= ends;
  if (!synced) return { state: 'partial', syncedAt: null, refreshDays };
  let last: number | null = null;
  for (const w of source.windows) if (w.begins < ends && w.ends > begins && w.done !== null && (last === null || w.done > last)) last = w.done;
  return { state: 'synced', syncedAt: last === null ? null : new TZDate(last, zone).toISOString(), refreshDays };
}

/** Purchases of a day ending at `ends` are complete once the service provider's last run without a failure started after it. */
export function purchasesComplete(source: SourceFacts | undefined, ends: number): boolean {
  return source?.through != null && source.through >= ends;
}
