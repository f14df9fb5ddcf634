import type { Instant } from './time';

/**
 * Times as staff read them: `YYYY-MM-DD HH:mm:ss` in the display time zone, with the zone's
 * offset written next to it, so a time is never ambiguous.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

export function formatInstant(instant: Instant, timeZone: string): string {
  const parts = Object.fromEntries(partsFormat(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const zone = (parts.timeZoneName ?? '').replace(/^GMT$/, 'GMT+0');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${zone}`;
}

/** `2023-06-20` in the display time zone. */
export function formatDate(instant: Instant, timeZone: string): string {
  return formatInstant(instant, timeZone).slice(0, 10);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 days ago", "in 2 months", "3天前", relative to `now`. */
export function formatRelative(instant: Instant, now: number, locale: string): string {
  const diff = Date.parse(instant) - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second') return format.format(Math.trunc(diff / size), unit);
  }
  return format.format(0, 'second');
}
