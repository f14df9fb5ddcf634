import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from './client-address';

describe('clientAddressFrom', () => {
  it('takes the connection itself when no proxy is trusted, whatever the headers say', () => {
    expect(clientAddressFrom('127.0.0.1', '203.0.113.9', 0)).toBe('127.0.0.1');
    expect(clientAddressFrom('::1', undefined, 0)).toBe('::1');
  });

  it('walks back one entry per trusted proxy, from the right', () => {
    expect(clientAddressFrom('10.0.0.2', '10.9.9.9, 198.51.100.77', 1)).toBe('198.51.100.77');
    expect(clientAddressFrom('10.0.0.2', '10.9.9.9, 198.51.100.77, 10.0.0.1', 2)).toBe('198.51.100.77');
    expect(clientAddressFrom('10.0.0.2', ['10.9.9.9', '198.51.100.77'], 1)).toBe('198.51.100.77');
  });

  it('stops at the farthest entry when there are fewer than the trusted hops', () => {
    expect(clientAddressFrom('10.0.0.2', '198.51.100.77', 3)).toBe('198.51.100.77');
    expect(clientAddressFrom('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });

  it('falls back to the connection when the trusted entry is not an address', () => {
    expect(clientAddressFrom('10.0.0.2', 'evil<script>', 1)).toBe('10.0.0.2');
    expect(clientAddressFrom(undefined, '198.51.100.77', 1)).toBeNull();
  });
});
