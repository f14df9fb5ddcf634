/**
 * What sync asks WeChat for, decided without asking (pure: no database, no clock of its own):
 * the windows of create time a shop's list is walked in, when an order is looked at again, and
 * what a day of sync costs in WeChat calls. docs/sync.md explains each figure.
 */

/** WeChat's day (and its daily quota) turns at midnight China time (UTC+8, no daylight saving time): our reading. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `shop/pay/getorderlist`: a window of at most one day of create time, pages of at most 100. */
export const SHOP_WINDOW_MAX_MS = DAY_MS;
export const SHOP_PAGE_SIZE = 100;
/** `service-provider/order/query_list`: pages of at most 20. */
export const SERVICE_PROVIDER_PAGE_SIZE = 20;
/**
 * A window ends this long before now: an order created a moment ago may not be listed yet (no
 * document says how soon it is); the next run's window starts where this one ended.
 */
export const LISTING_LAG_MS = 60_000;
/** Default start of the first run's backfill: this many days back, at midnight China time. */
export const DEFAULT_BACKFILL_DAYS = 31;

export interface Window {
  beginsAt: Date;
  endsAt: Date;
}

/** Midnight China time at or before `at`. */
export function chinaMidnight(at: number): number {
  return Math.floor((at + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
}

/** A date (YYYY-MM-DD) as midnight China time: where a backfill from that date starts. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** Where the first run starts: ORDER_DESK_SYNC_FROM's day, else DEFAULT_BACKFILL_DAYS back. */
export function firstSyncFrom(setting: string | undefined, now: number): Date {
  return setting ? chinaDayStart(setting) : new Date(chinaMidnight(now) - DEFAULT_BACKFILL_DAYS * DAY_MS);
}

/**
 * [from, to) cut at each midnight China time: each window at most one day, whole days where it
 * can, so a backfill's windows are the days finance thinks in.
 */
export function windowsBetween(from: Date, to: Date): Window[] {
  const windows: Window[] = [];
  let begins = from.getTime();
  const end = to.getTime();
  while (begins < end) {
    const ends = Math.min(end, chinaMidnight(begins) + DAY_MS);
    windows.push({ beginsAt: new Date(begins), endsAt: new Date(ends) });
    begins = ends;
  }
  return windows;
}

/**
 * The window as `shop/pay/getorderlist` takes it, in Unix seconds. Whether WeChat's ends are
 * inclusive is not documented: the end is rounded up and the next window starts at that same
 * second, so an order on a boundary is listed twice at worst (sync upserts), never missed.
 */
export function windowSeconds(window: Window): { begin: number; end: number } {
  const begin = Math.floor(window.beginsAt.getTime() / 1000);
  const end = Math.ceil(window.endsAt.getTime() / 1000);
  if (end - begin > SHOP_WINDOW_MAX_MS / 1000) throw new Error(`window of ${end - begin} s is over WeChat's one day`);
  return { begin, end };
}

/** When an order is looked at again after its creation (our schedule, within ORDER_DESK_SYNC_REFRESH_DAYS). */
export const RELOOK_AFTER_MS = [HOUR_MS, DAY_MS, 7 * DAY_MS, 30 * DAY_MS] as const;
/** While a refund or profit sharing is in progress: once a day. */
export const IN_PROGRESS_EVERY_MS = DAY_MS;

/**
 * When sync looks at an order again, or null: never (it is older than the refresh span). The next
 * point of the thinning schedule after the look just made; daily instead, when sooner, while a
 * refund or sharing is in progress. An order of unknown creation time is placed by its first look.
 */
export function nextLookAt(order: { createdAt: Date | null; lookedAt: Date; inProgress: boolean }, refreshDays: number): Date | null {
  const created = (order.createdAt ?? order.lookedAt).getTime();
  const looked = order.lookedAt.getTime();
  const last = created + refreshDays * DAY_MS;
  const planned = RELOOK_AFTER_MS.map((after) => created + after).find((at) => at > looked && at <= last);
  const daily = order.inProgress ? looked + IN_PROGRESS_EVERY_MS : undefined;
  const next = [planned, daily].filter((at): at is number => at !== undefined && at <= last);
  return next.length === 0 ? null : new Date(Math.min(...next));
}

export interface DailyCostInput {
  /** Orders created in the shop each day. */
  ordersPerDay: number;
  intervalMinutes: number;
  refreshDays: number;
  /** Days, on average, an order spends with a refund or sharing in progress (looked at daily meanwhile). */
  inProgressDaysPerOrder?: number;
}

export interface DailyCost {
  listCalls: number;
  lookupCalls: number;
  total: number;
}

/**
 * WeChat calls a day one shop costs once the backfill is done (a steady state: every day as many
 * orders reach each point of the schedule as are created). Listing: each run lists the window
 * since the last (ceil(orders in it / 100) pages, at least one), and a window is cut at midnight
 * China time once a day. Lookups: every order once when listed, then once at each point of the
 * schedule within the refresh span, plus once a day while a refund or sharing is in progress.
 */
export function dailyCost(input: DailyCostInput): DailyCost {
  const runs = Math.ceil(1440 / input.intervalMinutes);
  const perRun = input.ordersPerDay / runs;
  const listCalls = runs * Math.max(1, Math.ceil(perRun / SHOP_PAGE_SIZE)) + 1;
  const relooks = RELOOK_AFTER_MS.filter((after) => after <= input.refreshDays * DAY_MS).length;
  const lookupCalls = Math.ceil(input.ordersPerDay * (1 + relooks + (input.inProgressDaysPerOrder ?? 0)));
  return { listCalls, lookupCalls, total: listCalls + lookupCalls };
}

/**
 * How long a run waits after 45011 (WeChat's per-minute limit): until the next minute starts, and
 * half a second more for clocks that differ a little. `periodSeconds` is 60 unless a test sets
 * ORDER_DESK_SYNC_MINUTE_PAUSE_SECONDS lower (the simulator's 45011 is a fault of its own, not a minute's count).
 */
export function pauseAfterMinuteLimit(now: number, periodSeconds = 60): number {
  const period = periodSeconds * 1000;
  return period - (now % period) + 500;
}

/**
 * Whether the schedule runs a source now: it has a run left open (by a server that stopped), or its
 * next run's time has come, and it is not paused (45009, the share spent).
 */
export function dueBySchedule(source: { runId: string | null; nextRunAt: Date | null; pausedUntil: Date | null }, now: number): boolean {
  if (source.pausedUntil && source.pausedUntil.getTime() > now) return false;
  return source.runId !== null || source.nextRunAt === null || source.nextRunAt.getTime() <= now;
}
