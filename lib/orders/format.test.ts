import { describe, expect, it } from 'vitest';
import { formatInstant, formatRelative } from './format';

describe('formatInstant', () => {
  it('writes the time in the display zone with its offset', () => {
    expect(formatInstant('2023-06-20T12:57:21.964Z', 'Asia/Shanghai')).toBe('2023-06-20 20:57:21 GMT+8');
    expect(formatInstant('2023-06-20T12:57:21.964Z', 'UTC')).toBe('2023-06-20 12:57:21 GMT+0');
    expect(formatInstant('2023-12-31T23:30:00Z', 'America/New_York')).toBe('2023-12-31 18:30:00 GMT-5');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2024-01-10T00:00:00Z');
  it('speaks both languages', () => {
    expect(formatRelative('2024-01-07T00:00:00Z', now, 'en')).toBe('3 days ago');
    expect(formatRelative('2024-01-07T00:00:00Z', now, 'zh-CN')).toBe('3天前');
    expect(formatRelative('2024-03-10T00:00:00Z', now, 'en')).toBe('in 2 months');
  });
});
