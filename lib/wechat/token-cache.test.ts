import { describe, expect, it, vi } from 'vitest';
import { TokenCache, type FetchedToken } from './token-cache';

/** Like stable_token: normal mode answers the current token, a forced refresh replaces it. */
function fakeSource() {
  let n = 1;
  const calls: boolean[] = [];
  const fetchToken = vi.fn(async (_account: string, force: boolean): Promise<FetchedToken> => {
    calls.push(force);
    await new Promise((r) => setTimeout(r, 5));
    if (force) n += 1;
    return { token: `t${n}`, expiresInSec: 7200 };
  });
  /** Another server forces a refresh: the current token changes without this cache's help. */
  const forcedElsewhere = () => (n += 1);
  return { fetchToken, calls, forcedElsewhere };
}

describe('TokenCache', () => {
  it('shares one fetch among concurrent callers', async () => {
    const { fetchToken } = fakeSource();
    const cache = new TokenCache(fetchToken);
    const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.get('sp')));
    expect(new Set(tokens)).toEqual(new Set(['t1']));
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes ahead of expiry', async () => {
    let now = 0;
    const { fetchToken } = fakeSource();
    const cache = new TokenCache(fetchToken, { marginSec: 300, now: () => now });
    expect(await cache.get('sp')).toBe('t1');
    now = (7200 - 301) * 1000;
    await cache.get('sp');
    expect(fetchToken).toHaveBeenCalledTimes(1);
    now = (7200 - 299) * 1000;
    await cache.get('sp');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('asks again in normal mode first and uses the token another server just forced', async () => {
    const { fetchToken, calls, forcedElsewhere } = fakeSource();
    const cache = new TokenCache(fetchToken);
    const first = await cache.get('sp');
    forcedElsewhere();
    const next = await Promise.all(Array.from({ length: 20 }, () => cache.refreshAfterRejection('sp', first)));
    expect(new Set(next)).toEqual(new Set(['t2']));
    expect(calls).toEqual([false, false]);
  });

  it('forces one refresh, for all concurrent callers, only when WeChat hands back the rejected token', async () => {
    const { fetchToken, calls } = fakeSource();
    const cache = new TokenCache(fetchToken);
    const first = await cache.get('sp');
    const next = await Promise.all(Array.from({ length: 20 }, () => cache.refreshAfterRejection('sp', first)));
    expect(new Set(next)).toEqual(new Set(['t2']));
    expect(calls).toEqual([false, false, true]);
    // A late caller still holding the old token gets the new one without another fetch.
    expect(await cache.refreshAfterRejection('sp', first)).toBe('t2');
    expect(fetchToken).toHaveBeenCalledTimes(3);
  });

  it('does not force twice within the 30 s window, and answers the token WeChat hands out meanwhile', async () => {
    let now = 1_000_000;
    const { calls, fetchToken } = fakeSource();
    const cache = new TokenCache(fetchToken, { now: () => now });
    const t1 = await cache.get('sp');
    const t2 = await cache.refreshAfterRejection('sp', t1);
    now += 10_000;
    expect(await cache.refreshAfterRejection('sp', t2)).toBe(t2);
    now += 30_000;
    const t3 = await cache.get('sp');
    expect(await cache.refreshAfterRejection('sp', t3)).toBe('t3');
    expect(calls).toEqual([false, false, true, false, false, true]);
  });

  it('takes the shared lock around a recovery, so servers waiting on it see the token the holder forced', async () => {
    const { fetchToken, calls } = fakeSource();
    const held: string[] = [];
    const cache = new TokenCache(fetchToken, {
      forcedRefreshLock: async (account, work) => {
        held.push(account);
        return work();
      },
    });
    const first = await cache.get('sp');
    await Promise.all(Array.from({ length: 5 }, () => cache.refreshAfterRejection('sp', first)));
    expect(held).toEqual(['sp']);
    expect(calls).toEqual([false, false, true]);
  });

  it('keeps accounts apart and forgets a failed fetch', async () => {
    let fail = true;
    const cache = new TokenCache(async (account) => {
      if (fail) throw new Error('down');
      return { token: `${account}-token`, expiresInSec: 7200 };
    });
    await expect(cache.get('sp')).rejects.toThrow('down');
    fail = false;
    expect(await cache.get('sp')).toBe('sp-token');
    expect(await cache.get('shop:default')).toBe('shop:default-token');
  });
});
