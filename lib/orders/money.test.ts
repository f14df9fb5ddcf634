import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCny, groupDigits, percentOf, sumFen, toBigInt } from './money';

describe('money', () => {
  it('formats fen as yuan with separators', () => {
    expect(formatCny('1')).toBe('¥0.01');
    expect(formatCny('123456')).toBe('¥1,234.56');
    expect(formatCny('-5')).toBe('-¥0.05');
    expect(formatCny('9223372036854775807')).toBe('¥92,233,720,368,547,758.07');
  });

  it('refuses anything that is not an integer', () => {
    expect(() => toBigInt('12.5')).toThrow(RangeError);
    expect(() => toBigInt('1e3')).toThrow(RangeError);
    expect(() => toBigInt('')).toThrow(RangeError);
  });

  it('computes percentages exactly and never rounds up to 100', () => {
    expect(percentOf('120', '1000')).toBe('12.00');
    expect(percentOf('9999999', '10000000')).toBe('99.99');
    expect(percentOf('9007199254740993', '18014398509481984')).toBe('50.00');
    expect(percentOf('1', '0')).toBeNull();
  });

  it('never loses a digit (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (fen) => {
        const text = formatCny(fen.toString());
        const digits = text.replace(/[¥,.-]/g, '');
        expect(BigInt(digits) * (fen < 0n ? -1n : 1n)).toBe(fen);
        expect(groupDigits(fen).replace(/,/g, '')).toBe(fen.toString());
      }),
    );
  });

  it('sums beyond 2^53 exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), { maxLength: 50 }), (values) => {
        expect(sumFen(values.map(String))).toBe(values.reduce((a, b) => a + b, 0n));
      }),
    );
  });
});
