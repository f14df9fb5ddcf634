import { describe, expect, it } from 'vitest';
import { chinaDayStart, dailyCost, dueBySchedule, firstSyncFrom, nextLookAt, pauseAfterMinuteLimit, windowsBetween, windowSeconds } from './plan';

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('windows of create time', () => {
  it('cuts a span at each midnight China time, no window over a day, no gap, nothing outside', () => {
    const from = new Date('2026-11-01T10:30:00Z');
    const to = new Date('2026-11-04T03:00:00Z');
    const windows = windowsBetween(from, to);
    expect(windows[0]!.beginsAt).toEqual(from);
    expect(windows.at(-1)!.endsAt).toEqual(to);
    for (const [i, w] of windows.entries()) {
      expect(w.endsAt.getTime() - w.beginsAt.getTime()).toBeLessThanOrEqual(DAY);
      if (i > 0) expect(w.beginsAt).toEqual(windows[i - 1]!.endsAt);
    }
    // 16:00 UTC is midnight in Beijing.
    expect(windows.map((w) => w.endsAt.toISOString())).toEqual(['2026-11-01T16:00:00.000Z', '2026-11-02T16:00:00.000Z', '2026-11-03T16:00:00.000Z', '2026-11-04T03:00:00.000Z']);
  });

  it('sends whole seconds, the end rounded up, and refuses a window over one day', () => {
    expect(windowSeconds({ beginsAt: new Date(1_000_500), endsAt: new Date(2_000_500) })).toEqual({ begin: 1000, end: 2001 });
    const day = chinaDayStart('2026-11-02');
    expect(windowSeconds({ beginsAt: day, endsAt: new Date(day.getTime() + DAY) }).end - windowSeconds({ beginsAt: day, endsAt: new Date(day.getTime() + DAY) }).begin).toBe(86_400);
    expect(() => windowSeconds({ beginsAt: day, endsAt: new Date(day.getTime() + DAY + 1000) })).toThrow(/over WeChat's one day/);
  });

  it('starts the first run at ORDER_DESK_SYNC_FROM, else 31 days back, at midnight China time', () => {
    expect(firstSyncFrom('2026-11-01', Date.now()).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(firstSyncFrom(undefined, Date.parse('2026-12-06T09:00:00Z')).toISOString()).toBe('2026-11-04T16:00:00.000Z');
  });
});

describe('the re-look schedule', () => {
  const created = new Date('2026-11-01T00:00:00Z');
  const after = (ms: number) => new Date(created.getTime() + ms);

  it('thins out: 1 hour, 1 day, 7 days and 30 days after creation, then never', () => {
    const looks: Date[] = [];
    let at: Date | null = after(5 * 60_000);
    while (at) {
      looks.push(at);
      at = nextLookAt({ createdAt: created, lookedAt: at, inProgress: false }, 30);
    }
    expect(looks.map((l) => l.getTime() - created.getTime())).toEqual([5 * 60_000, HOUR, DAY, 7 * DAY, 30 * DAY]);
  });

  it('looks daily while a refund or sharing is in progress, within the refresh span only', () => {
    expect(nextLookAt({ createdAt: created, lookedAt: after(2 * DAY), inProgress: true }, 30)).toEqual(after(3 * DAY));
    expect(nextLookAt({ createdAt: created, lookedAt: after(29.5 * DAY), inProgress: true }, 30)).toEqual(after(30 * DAY));
    expect(nextLookAt({ createdAt: created, lookedAt: after(30 * DAY), inProgress: true }, 30)).toBeNull();
    expect(nextLookAt({ createdAt: created, lookedAt: after(2 * DAY), inProgress: false }, 3)).toBeNull();
    expect(nextLookAt({ createdAt: created, lookedAt: after(10 * 60_000), inProgress: false }, 0)).toBeNull();
  });
});

describe('what a day of sync costs', () => {
  it('matches the calls the schedule itself makes in a steady state (simulated over 90 days)', () => {
    const perDay = 240;
    const refreshDays = 30;
    // Orders created evenly; each looked at when listed (within the run after its creation), then on the schedule.
    const counts = new Map<number, number>();
    for (let day = 0; day < 90; day += 1) {
      for (let n = 0; n < perDay; n += 1) {
        const createdAt = new Date(day * DAY + (n * DAY) / perDay);
        let at: Date | null = new Date(createdAt.getTime() + 10 * 60_000);
        while (at) {
          const d = Math.floor(at.getTime() / DAY);
          counts.set(d, (counts.get(d) ?? 0) + 1);
          at = nextLookAt({ createdAt, lookedAt: at, inProgress: false }, refreshDays);
        }
      }
    }
    const cost = dailyCost({ ordersPerDay: perDay, intervalMinutes: 15, refreshDays });
    // Day 60: every point of the schedule is reached by orders of earlier days.
    expect(counts.get(60)).toBe(cost.lookupCalls);
    expect(cost.lookupCalls).toBe(perDay * 5);
    expect(cost.listCalls).toBe(96 * 1 + 1);
    expect(dailyCost({ ordersPerDay: 20_000, intervalMinutes: 15, refreshDays }).listCalls).toBe(96 * 3 + 1);
  });
});

describe('the pause after 45011', () => {
  it('lasts until the next minute starts, and half a second more; a shorter period (tests) ends at its next boundary', () => {
    const minute = Date.UTC(2026, 11, 6, 4, 0, 0);
    expect(pauseAfterMinuteLimit(minute + 59_000)).toBe(1_500);
    expect(pauseAfterMinuteLimit(minute)).toBe(60_500);
    expect(pauseAfterMinuteLimit(minute + 20_250, 60)).toBe(40_250);
    expect(pauseAfterMinuteLimit(minute + 20_250, 5)).toBe(5_250);
    for (const at of [minute + 1, minute + 4_999, minute + 37_123]) expect((at + pauseAfterMinuteLimit(at, 5) - 500) % 5_000).toBe(0);
  });
});

describe('what the schedule runs', () => {
  it('a source never run, one whose time has come, or one with a run left open; not one that ran since, nor a paused one', () => {
    const now = Date.UTC(2026, 11, 6, 4, 0, 0);
    const at = (ms: number) => new Date(now + ms);
    expect(dueBySchedule({ runId: null, nextRunAt: null, pausedUntil: null }, now)).toBe(true);
    expect(dueBySchedule({ runId: null, nextRunAt: at(-1), pausedUntil: null }, now)).toBe(true);
    expect(dueBySchedule({ runId: 'left-open', nextRunAt: at(600_000), pausedUntil: null }, now)).toBe(true);
    // A second tick's job, run after the first tick's run ended: nothing due until the next run's time.
    expect(dueBySchedule({ runId: null, nextRunAt: at(900_000), pausedUntil: null }, now)).toBe(false);
    expect(dueBySchedule({ runId: null, nextRunAt: null, pausedUntil: at(3_600_000) }, now)).toBe(false);
    expect(dueBySchedule({ runId: 'left-open', nextRunAt: null, pausedUntil: at(-1) }, now)).toBe(true);
  });
});
