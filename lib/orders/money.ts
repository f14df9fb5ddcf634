/**
 * Money is integer fen, a BigInt while computing and a decimal string in every shape that
 * crosses a boundary. Nothing here goes through a JavaScript number.
 */
export type Fen = string;

const INTEGER = /^-?\d+$/;

export function toBigInt(value: string | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!INTEGER.test(value)) throw new RangeError(`not an integer: ${JSON.stringify(value)}`);
  return BigInt(value);
}

export function sumFen(values: Iterable<string | bigint>): bigint {
  let total = 0n;
  for (const v of values) total += toBigInt(v);
  return total;
}

/** `123456` fen -> `1,234.56` (grouped, two decimals, sign kept). */
export function formatYuanDigits(fen: string | bigint): string {
  const value = toBigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/** `123456` fen -> `¥1,234.56`. */
export function formatCny(fen: string | bigint): string {
  const digits = formatYuanDigits(fen);
  return digits.startsWith('-') ? `-¥${digits.slice(1)}` : `¥${digits}`;
}

/** Thousands separators for any decimal integer string, exact at any size. */
export function groupDigits(value: string | bigint): string {
  const text = typeof value === 'bigint' ? value.toString() : value;
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return (negative ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * used/all as a percentage with two decimals, truncated (never rounds 99.999% up to 100%),
 * computed exactly in BigInt. Null when `all` is zero.
 */
export function percentOf(used: string | bigint, all: string | bigint): string | null {
  const u = toBigInt(used);
  const a = toBigInt(all);
  if (a <= 0n) return null;
  const basisPoints = (u * 10_000n) / a;
  const whole = basisPoints / 100n;
  const fraction = (basisPoints % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}
