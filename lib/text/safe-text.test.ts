import { describe, expect, it } from 'vitest';
import { hasControlCharacters, spreadsheetText, storedJson, storedText } from './safe-text';

describe('storedText', () => {
  it('escapes control characters so PostgreSQL accepts them and a reader sees them', () => {
    expect(storedText('52\u00002346', 128)).toBe('52\\u00002346');
    expect(storedText('a\r\nb\t\u007f', 128)).toBe('a\\u000d\\u000ab\\u0009\\u007f');
    expect(storedText('订单 522346', 128)).toBe('订单 522346');
  });

  it('caps the length, marking the cut', () => {
    const long = storedText('x'.repeat(10_000), 254);
    expect(long).toHaveLength(254);
    expect(long.endsWith('…')).toBe(true);
    expect(storedText('\u0000'.repeat(100), 20)).toHaveLength(20);
  });

  it('makes every string in a JSON value storable, keys included', () => {
    expect(storedJson({ 'k\u0000': ['v\u0000', 1, null, { deep: 'x'.repeat(600) }] }, 512)).toEqual({
      'k\\u0000': ['v\\u0000', 1, null, { deep: `${'x'.repeat(511)}…` }],
    });
  });

  it('finds control characters', () => {
    expect(hasControlCharacters('abc')).toBe(false);
    expect(hasControlCharacters('a\u0000')).toBe(true);
    expect(hasControlCharacters('a\nb')).toBe(true);
  });
});

describe('spreadsheetText', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3+cmd|" /C calc"!A0', `'-2+3+cmd|" /C calc"!A0`],
    ['@SUM(1,2)', `'@SUM(1,2)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['＝1+1', `'＝1+1`],
  ])('escapes a formula: %s', (value, expected) => {
    expect(spreadsheetText(value)).toBe(expected);
  });

  it.each(['support@demo.local', 'Mozilla/5.0', '-12.50', '+86', '4200001234202401011234567890', 'a=b', ''])('leaves %s alone', (value) => {
    expect(spreadsheetText(value)).toBe(value);
  });

  it('never leaves half a surrogate pair, which jsonb refuses, when it cuts or is given one', () => {
    const cut = storedText(`${'a'.repeat(38)}😀x`, 40);
    expect(cut).toBe(`${'a'.repeat(38)}…`);
    expect(storedText('\ud83dabc\ude00', 10)).toBe('\ufffdabc\ufffd');
    expect(storedText('😀', 10)).toBe('😀');
    for (const text of [storedText(`${'a'.repeat(38)}😀x`, 40), storedText('\ud83d', 5)]) expect(() => JSON.parse(JSON.stringify(text))).not.toThrow();
    expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(cut)).toBe(false);
  });
});
