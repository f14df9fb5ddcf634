import { describe, expect, it } from 'vitest';
import { clientAddressFrom, serverOriginFrom } from './client-address';

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

describe('serverOriginFrom', () => {
  const plain = { encrypted: false, host: 'desk.internal:3000' };
  const forged = { host: 'evil.example', proto: 'https' };

  it('takes the connection’s scheme and Host header when no proxy is trusted, whatever X-Forwarded-* say', () => {
    expect(serverOriginFrom(plain, { host: undefined, proto: undefined }, 0)).toBe('http://desk.internal:3000');
    expect(serverOriginFrom(plain, forged, 0)).toBe('http://desk.internal:3000');
    expect(serverOriginFrom({ encrypted: true, host: 'desk.example.com' }, { host: undefined, proto: 'http' }, 0)).toBe('https://desk.example.com');
  });

  it('takes what the nearest trusted proxy forwarded, from the right, scheme and host alike', () => {
    expect(serverOriginFrom(plain, { host: 'desk.example.com', proto: 'https' }, 1)).toBe('https://desk.example.com');
    expect(serverOriginFrom(plain, { host: 'evil.example, desk.example.com', proto: 'http, https' }, 1)).toBe('https://desk.example.com');
    expect(serverOriginFrom(plain, { host: 'desk.example.com, lb.internal', proto: 'https, http' }, 2)).toBe('https://desk.example.com');
    // Fewer entries than hops: the farthest there is; none at all: the connection's own.
    expect(serverOriginFrom(plain, { host: 'desk.example.com', proto: 'https' }, 3)).toBe('https://desk.example.com');
    expect(serverOriginFrom(plain, { host: undefined, proto: undefined }, 1)).toBe('http://desk.internal:3000');
  });

  it('makes no origin of a scheme other than http(s) or a host that is not one', () => {
    expect(serverOriginFrom(plain, { host: 'desk.example.com', proto: 'javascript' }, 1)).toBeNull();
    expect(serverOriginFrom(plain, { host: 'evil.example/@desk', proto: 'https' }, 1)).toBeNull();
    expect(serverOriginFrom({ encrypted: false, host: undefined }, { host: undefined, proto: undefined }, 0)).toBeNull();
  });

  it('writes an origin as browsers do: default ports dropped, host in lower case', () => {
    expect(serverOriginFrom(plain, { host: 'Desk.Example.com:443', proto: 'HTTPS' }, 1)).toBe('https://desk.example.com');
  });
});
