import { z } from 'zod';

/**
 * Text that came from outside (a request header, a typed email, an order id in a URL) made safe
 * to store and to hand to a spreadsheet. Both are pure: the audit trail, the CSV exports and
 * the filters all use these, so the rules live in one place.
 */

const CONTROL = /[\u0000-\u001f\u007f]/g;
/** Half of a surrogate pair standing alone: PostgreSQL's jsonb refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether `value` holds a control character (NUL, CR, LF, tab, escape…). */
export const hasControlCharacters = (value: string): boolean => HAS_CONTROL.test(value);

/** A schema for text typed by a person or sent in a request: no control characters, at most `max`. */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacters(value), 'must not contain control characters');

/**
 * A rendering of `value` that PostgreSQL accepts and a reader can still read: control
 * characters become `\u0000`-style escapes (PostgreSQL refuses NUL in text), half a surrogate
 * pair becomes U+FFFD (jsonb refuses it), and the result is at most `max` characters, ending in
 * `…` when cut (never between the halves of a pair).
 */
export function storedText(value: string, max: number): string {
  const escaped = value.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(LONE_SURROGATE, '\uFFFD');
  return escaped.length <= max ? escaped : `${cutText(escaped, max - 1)}…`;
}

/** The first `max` UTF-16 units of `value`, one fewer where the last would be half a pair. */
export function cutText(value: string, max: number): string {
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** storedText for optional values. */
export const storedTextOrNull = (value: string | null | undefined, max: number): string | null =>
  value === null || value === undefined ? null : storedText(value, max);

/** Every string inside a JSON value made storable (PostgreSQL's jsonb refuses NUL too). */
export function storedJson(value: unknown, maxString: number): unknown {
  if (typeof value === 'string') return storedText(value, maxString);
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => storedJson(v, maxString));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).slice(0, 100).map(([k, v]) => [storedText(k, 64), storedJson(v, maxString)]));
  }
  return value;
}

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell value no spreadsheet runs as a formula: text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return (or their full-width forms) gets a leading `'`, as OWASP advises for CSV
 * injection. Plain numbers such as `-12.50` are left alone.
 */
export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
