import { formatDate } from '@/lib/orders/format';

/**
 * The range the /ledger page shows, from its query string: `range=30` (the default) or `range=90`
 * (the last 30 or 90 days up to today, today included), or `range=custom` with `from` and `to`
 * as the person typed them (GET /api/ledger checks those and says what is wrong with them).
 * Days are 'YYYY-MM-DD' in ORDER_DESK_TIMEZONE.
 */
export type LedgerPreset = '30' | '90' | 'custom';

export interface LedgerRange {
  preset: LedgerPreset;
  from: string;
  to: string;
  /** null: every shop. */
  shop: string | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `day` moved by `days` (negative: back), on the calendar: no time zone or clock change is involved. */
export function shiftDay(day: string, days: number): string {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return date.toISOString().slice(0, 10);
}

/** Today in `timeZone`, as a day. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return formatDate(now.toISOString(), timeZone);
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();

/** The range a query string asks for; `today` is today's day in ORDER_DESK_TIMEZONE. */
export function ledgerRangeOf(params: Record<string, string | string[] | undefined>, today: string): LedgerRange {
  const shop = first(params.shop) || null;
  const asked = first(params.range);
  const from = first(params.from);
  const to = first(params.to);
  const days = asked === '90' ? 90 : 30;
  const preset: LedgerRange = { preset: days === 90 ? '90' : '30', from: shiftDay(today, -(days - 1)), to: today, shop };
  // A custom range is one the person gave both ends of: asked for as such, or typed into the
  // form's dates while its range still named a preset (whose own dates the form shows).
  if (from && to && (asked === 'custom' || asked === '' || from !== preset.from || to !== preset.to)) return { preset: 'custom', from, to, shop };
  return preset;
}

/** The page's own query string for a range (what its links and form send). */
export function ledgerRangeQuery(range: { preset: LedgerPreset; from?: string; to?: string; shop: string | null }): URLSearchParams {
  const query = new URLSearchParams({ range: range.preset });
  if (range.preset === 'custom') {
    query.set('from', range.from ?? '');
    query.set('to', range.to ?? '');
  }
  if (range.shop) query.set('shop', range.shop);
  return query;
}
