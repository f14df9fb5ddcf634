import { describe, expect, it } from 'vitest';
import type { LedgerDayView } from '@/lib/api/contract';
import { ledgerChartData } from './ledger-chart-data';
import { ledgerRangeOf, ledgerRangeQuery, shiftDay, todayIn } from './ledger-range';

describe('the /ledger range', () => {
  it('moves days on the calendar, across months, years and 29 February', () => {
    expect(shiftDay('2026-12-06', -29)).toBe('2026-11-07');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDay('2027-01-01', -90)).toBe('2026-10-03');
    expect(() => shiftDay('06/12/2026', 1)).toThrow(RangeError);
  });

  it('takes today in the display zone, not the machine’s', () => {
    // 2026-12-05 20:30 UTC is already 6 December in Shanghai, still 5 December in New York.
    const now = new Date('2026-12-05T20:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-12-06');
    expect(todayIn('America/New_York', now)).toBe('2026-12-05');
  });

  it('reads the presets and a custom range, 30 days by default', () => {
    expect(ledgerRangeOf({}, '2026-12-06')).toEqual({ preset: '30', from: '2026-11-07', to: '2026-12-06', shop: null });
    expect(ledgerRangeOf({ range: '90', shop: 'outlet' }, '2026-12-06')).toEqual({ preset: '90', from: '2026-09-08', to: '2026-12-06', shop: 'outlet' });
    expect(ledgerRangeOf({ range: 'custom', from: '2026-01-01', to: '2026-01-31' }, '2026-12-06')).toEqual({ preset: 'custom', from: '2026-01-01', to: '2026-01-31', shop: null });
    // A custom range is passed on as typed: GET /api/ledger says what is wrong with it.
    expect(ledgerRangeOf({ from: '2026-02-30', to: 'x' }, '2026-12-06')).toMatchObject({ preset: 'custom', from: '2026-02-30', to: 'x' });
    // The form sends a preset with its own dates: still the preset. Other dates were typed: a custom range.
    expect(ledgerRangeOf({ range: '90', from: '2026-09-08', to: '2026-12-06' }, '2026-12-06').preset).toBe('90');
    expect(ledgerRangeOf({ range: '30', from: '2026-01-01', to: '2026-01-31' }, '2026-12-06')).toMatchObject({ preset: 'custom', from: '2026-01-01', to: '2026-01-31' });
    // One missing end is no custom range.
    expect(ledgerRangeOf({ range: 'custom', from: '2026-01-01' }, '2026-12-06').preset).toBe('30');
  });

  it('writes the page’s query string back', () => {
    expect(ledgerRangeQuery({ preset: '90', shop: null }).toString()).toBe('range=90');
    expect(ledgerRangeQuery({ preset: 'custom', from: '2026-01-01', to: '2026-01-31', shop: 'main' }).toString()).toBe('range=custom&from=2026-01-01&to=2026-01-31&shop=main');
  });
});

const row = (day: string, shop: string, paidFen: string, refundedFen: string): LedgerDayView => ({
  day,
  shop,
  paidCount: 1,
  paidFen,
  refundedCount: 1,
  refundedFen,
  refundInProgressFen: '0',
  sharedCount: 0,
  sharedFen: '0',
  netFen: (BigInt(paidFen) - BigInt(refundedFen)).toString(),
  complete: true,
  completeness: { state: 'synced', syncedAt: null, refreshDays: 30 },
});

describe('the /ledger chart’s series', () => {
  it('adds the shops of each day up exactly, oldest day first', () => {
    const data = ledgerChartData([row('2026-12-02', 'main', '9007199254740993', '1'), row('2026-12-01', 'main', '100', '0'), row('2026-12-02', 'outlet', '9007199254740993', '2')]);
    expect(data.days).toEqual(['2026-12-01', '2026-12-02']);
    // 2 × (2^53 + 1): a number would say …984 or …988; the legend's figures stay exact.
    expect(data.paidFen).toEqual(['100', '18014398509481986']);
    expect(data.refundedFen).toEqual(['0', '3']);
    expect(data.paidYuan[0]).toBe(1);
    expect(data.paidYuan[1]).toBeCloseTo(180143985094819.86, -2);
  });

  it('turns to a logarithmic scale only when one day dwarfs the others', () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03'];
    const even = ledgerChartData(days.map((day) => row(day, 'main', '100000', '5000')));
    expect(even.logScale).toBe(false);
    const outlier = ledgerChartData([...days.map((day) => row(day, 'main', '100000', '0')), row('2026-12-04', 'main', '9007199254740993', '0')]);
    expect(outlier.logScale).toBe(true);
    expect(ledgerChartData([]).logScale).toBe(false);
  });
});
