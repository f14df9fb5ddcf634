import { hash, randomFor } from './generated';

/**
 * One stream of listed orders (one shop, or one SPU): how many orders each UTC day has and at
 * which second each was created, drawn from a key (seed, account) and the day alone. A day is
 * drawn when first asked and kept, so start-up costs nothing and memory grows with the days asked.
 */
export const DAY = 86_400;
/** Orders per day at most: a day's sequence number has five digits in ids. */
export const MAX_PER_DAY = 99_999;
const CACHED_DAYS = 2_000;

export const dayOf = (unixSec: number) => Math.floor(unixSec / DAY);

/** `20261206` for the UTC day. */
export function dayText(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The day of `20261206`, or undefined when the text is not a real date. */
export function dayFromText(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const day = dayOf(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 1000);
  return dayText(day) === text ? day : undefined;
}

export interface OrderDaysOptions {
  /** Seeds every draw: the same key gives the same orders in every run. */
  key: string;
  /** The first day with orders. */
  firstDay: number;
  /** Orders on an average day. */
  perDay: number;
  /** Each day has perDay × (1 ± jitter) orders. */
  jitter: number;
  /** Put orders exactly on 00:00:00 UTC and 16:00:00 UTC (midnight in China) on some days: window edges. */
  edges: boolean;
}

export class OrderDays {
  private readonly cache = new Map<number, Int32Array>();

  constructor(readonly options: OrderDaysOptions) {}

  get firstDay(): number {
    return this.options.firstDay;
  }

  /** How many orders the day has in all. */
  count(day: number): number {
    const { firstDay, perDay, jitter, key } = this.options;
    if (day < firstDay) return 0;
    const factor = 1 - jitter + 2 * jitter * randomFor(`${key}:count:${day}`).next();
    return Math.min(MAX_PER_DAY, Math.round(perDay * factor));
  }

  /** The day's orders' create times as seconds into the day, ascending: the sequence number is the index. */
  offsets(day: number): Int32Array {
    const cached = this.cache.get(day);
    if (cached) return cached;
    const count = this.count(day);
    const r = randomFor(`${this.options.key}:offsets:${day}`);
    const offsets = Int32Array.from({ length: count }, () => r.int(0, DAY - 1));
    if (this.options.edges && count >= 2) {
      const edge = hash(`${this.options.key}:edge:${day}`) % 4;
      if (edge === 0) offsets[0] = 0;
      if (edge === 1) offsets[1] = 16 * 3600;
    }
    offsets.sort();
    if (this.cache.size >= CACHED_DAYS) this.cache.clear();
    this.cache.set(day, offsets);
    return offsets;
  }

  /** Create time (unix seconds) of the day's `seq`-th order, if it has one. */
  createTime(day: number, seq: number): number | undefined {
    if (day < this.options.firstDay || !Number.isInteger(seq) || seq < 0 || seq >= this.count(day)) return undefined;
    return day * DAY + this.offsets(day)[seq]!;
  }

  /** How many of the day's orders were created at or before `now`. */
  countUpTo(day: number, now: number): number {
    if (day < this.options.firstDay || day > dayOf(now)) return 0;
    if (day < dayOf(now)) return this.count(day);
    return firstAbove(this.offsets(day), now - day * DAY);
  }
}

/** The index of the first offset greater than `value` (binary search). */
export function firstAbove(offsets: Int32Array, value: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (offsets[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The index of the first offset at or above `value`. */
export function firstAtOrAbove(offsets: Int32Array, value: number): number {
  return firstAbove(offsets, value - 1);
}
