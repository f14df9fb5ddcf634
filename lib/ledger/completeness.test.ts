import { describe, expect, it } from 'vitest';
import { purchasesComplete, shopDayCompleteness, type SourceFacts } from './completeness';

const zone = 'Asia/Shanghai';
/** 2024-03-01 in Asia/Shanghai: [begins, ends). */
const begins = Date.parse('2024-02-29T16:00:00Z');
const ends = Date.parse('2024-03-01T16:00:00Z');
const HOUR = 3_600_000;
const source = (extra: Partial<SourceFacts> = {}): SourceFacts => ({
  first: begins - 24 * HOUR,
  through: ends + HOUR,
  waiting: false,
  windows: [
    { begins: begins - 24 * HOUR, ends: begins, done: begins + 2 * HOUR },
    { begins, ends: begins + 12 * HOUR, done: begins + 13 * HOUR },
    { begins: begins + 12 * HOUR, ends, done: ends + 30 * 60_000 },
    { begins: ends, ends: ends + HOUR, done: ends + 3 * HOUR },
  ],
  ...extra,
});

describe('shopDayCompleteness', () => {
  it('is synced when every window from before the day through its end is done, at the last of the day’s windows', () => {
    expect(shopDayCompleteness(source(), begins, ends, zone, 30)).toEqual({ state: 'synced', syncedAt: '2024-03-02T00:30:00.000+08:00', refreshDays: 30 });
  });

  it('is partial while the day’s end is not yet listed, unbroken', () => {
    expect(shopDayCompleteness(source({ through: ends - 1 }), begins, ends, zone, 30).state).toBe('partial');
    expect(shopDayCompleteness(source({ through: null }), begins, ends, zone, 30)).toEqual({ state: 'partial', syncedAt: null, refreshDays: 30 });
  });

  it('is partial for a day sync began in the middle of (the orders created before its first window are not listed)', () => {
    expect(shopDayCompleteness(source({ first: begins + HOUR }), begins, ends, zone, 30).state).toBe('partial');
    expect(shopDayCompleteness(source({ first: begins }), begins, ends, zone, 30).state).toBe('synced');
  });

  it('is partial while an order sync listed waits for its first look, and for a shop sync has no source for', () => {
    expect(shopDayCompleteness(source({ waiting: true }), begins, ends, zone, 30).state).toBe('partial');
    expect(shopDayCompleteness(undefined, begins, ends, zone, 7)).toEqual({ state: 'partial', syncedAt: null, refreshDays: 7 });
  });
});

describe('purchasesComplete', () => {
  it('holds once the service provider’s last clean run started after the day ended', () => {
    expect(purchasesComplete(source({ through: ends }), ends)).toBe(true);
    expect(purchasesComplete(source({ through: ends - 1 }), ends)).toBe(false);
    expect(purchasesComplete(undefined, ends)).toBe(false);
  });
});
