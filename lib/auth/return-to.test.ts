import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/orders/shop/522346', '/orders/shop/522346'],
    ['/orders/service-provider/DD1?tab=raw#usage', '/orders/service-provider/DD1?tab=raw#usage'],
    ['/admin/audit?user=a%40b.c', '/admin/audit?user=a%40b.c'],
    ['/search?q=%E8%AE%A2%E5%8D%95', '/search?q=%E8%AE%A2%E5%8D%95'],
  ])('keeps a path on this site: %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['backslash', '/\\evil.com'],
    ['two backslashes', '\\\\evil.com'],
    ['encoded backslash', '/%5Cevil.com'],
    ['encoded backslash, lower case', '/%5cevil.com'],
    ['tab', '/\t/evil.com'],
    ['encoded tab', '/%09/evil.com'],
    ['encoded slashes', '/%2F%2Fevil.com'],
    ['encoded slash', '/%2Fevil.com'],
    ['double-encoded slashes', '/%252F%252Fevil.com'],
    ['scheme without slashes', 'https:evil.com'],
    ['full URL', 'https://evil.com/'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: after a slash', '/javascript:alert(1)'.replace('/', '')],
    ['CR/LF', '/\r\nLocation: https://evil.com'],
    ['encoded CR/LF', '/%0d%0aLocation:%20https://evil.com'],
    ['newline then slashes', '/\n/evil.com'],
    ['NUL', '/\0/evil.com'],
    ['very long', `/${'a'.repeat(5000)}`],
    ['empty', ''],
    ['relative', 'orders'],
    ['broken percent-encoding', '/%E0%A4%A'],
  ])('refuses %s', (_name, value) => {
    expect(safeReturnTo(value)).toBe('/');
  });

  it('takes the first of repeated values and refuses missing ones', () => {
    expect(safeReturnTo(['/a', '//evil.com'])).toBe('/a');
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
  });

  it('answers only values that a browser resolves to this site', () => {
    for (const value of ['/%09/evil.com', '/\t/evil.com', '/%5Cevil.com', '/a/../..//evil.com', '/.//evil.com']) {
      const resolved = new URL(safeReturnTo(value), 'https://desk.example');
      expect(resolved.origin, value).toBe('https://desk.example');
      expect(resolved.pathname.startsWith('//'), value).toBe(false);
    }
  });
});
