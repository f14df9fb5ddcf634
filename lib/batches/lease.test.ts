import { describe, expect, it } from 'vitest';
import { leaseSecondsFor } from './lease';

describe('leaseSecondsFor', () => {
  it('outlasts a token fetch and the order call, every attempt timing out, with the longest backoff between them', () => {
    // The defaults: 10 s, 2 retries, 200 ms: 2 × (30 s + 3.2 s) + 5 s.
    expect(leaseSecondsFor({ timeoutMs: 10_000, retries: 2, backoffMs: 200 })).toBe(72);
    // The integration tests' 800 ms: 2 × (2.4 s + 3.2 s) + 5 s, not the 33 s a flat 30 s margin gave.
    expect(leaseSecondsFor({ timeoutMs: 800, retries: 2, backoffMs: 200 })).toBe(17);
    expect(leaseSecondsFor({ timeoutMs: 100, retries: 0, backoffMs: 200 })).toBe(6);
  });
});
