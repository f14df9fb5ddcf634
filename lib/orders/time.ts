/**
 * The one place WeChat times become instants (units per field: docs/wechat-api.md). The
 * service-provider API sends createTime and updateTime in milliseconds and every other time in
 * seconds; the shop API sends seconds only.
 * 0, negative or absent means "none" (never 1970). Instants travel as ISO-8601 UTC strings.
 */
export type Instant = string;

const MAX_MS = 8.64e15;

function toInstant(ms: number): Instant | null {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_MS) return null;
  return new Date(ms).toISOString();
}

export function fromSeconds(value: number | undefined | null): Instant | null {
  return value == null ? null : toInstant(value * 1000);
}

export function fromMillis(value: number | undefined | null): Instant | null {
  return value == null ? null : toInstant(value);
}

export function addDays(instant: Instant, days: number): Instant {
  return new Date(Date.parse(instant) + days * 86_400_000).toISOString();
}

/** Whole days from `from` to `to`, rounded towards zero. */
export function daysBetween(from: Instant, to: Instant): number {
  return Math.trunc((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
