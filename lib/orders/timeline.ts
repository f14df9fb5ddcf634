import type { Instant } from './time';

export type TimelineEventType =
  | 'created'
  | 'payment-requested'
  | 'paid'
  | 'invoice-requested'
  | 'validity-start'
  | 'validity-end'
  | 'payment-deadline'
  | 'closed'
  | 'refund-requested'
  | 'refund-finished'
  | 'profit-sharing-requested'
  | 'profit-sharing-finished'
  | 'updated';

export interface TimelineEvent {
  type: TimelineEventType;
  at: Instant;
  /** The refund or profit-sharing number the event belongs to. */
  ref?: string;
  amountFen?: string;
  /** WeChat's result string for a finished refund or profit sharing. */
  result?: string;
}

/** Ties keep the order the events were listed in, which follows the order's own life. */
export function buildTimeline(events: Array<TimelineEvent | null | undefined | false>): TimelineEvent[] {
  return events
    .filter((e): e is TimelineEvent => Boolean(e))
    .map((event, index) => ({ event, index, ms: Date.parse(event.at) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map(({ event }) => event);
}

/** An event at `at` when `at` is a real instant, otherwise nothing. */
export function eventAt(
  type: TimelineEventType,
  at: Instant | null,
  extra: Omit<TimelineEvent, 'type' | 'at'> = {},
): TimelineEvent | null {
  return at ? { type, at, ...extra } : null;
}
