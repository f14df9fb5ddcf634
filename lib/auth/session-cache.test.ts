import { beforeEach, describe, expect, it } from 'vitest';
import { forgetSession, forgetUser, rememberedSession, resetSessionCache, SESSION_CACHE_MS, type CheckedSession } from './session-cache';

const COOKIE = '__Secure-better-auth.session_token';
const signed = (token: string) => encodeURIComponent(`${token}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg==`);
const withCookie = (token: string, extra: Record<string, string> = {}) => new Headers({ cookie: `${COOKIE}=${signed(token)}`, ...extra });

let now = 1_000_000;
beforeEach(() => {
  now = 1_000_000;
  resetSessionCache(() => now);
});

/** Stands in for better-auth: answers from `sessions` and counts how often it was asked. */
function checker(sessions: Record<string, string>) {
  let asked = 0;
  const check = (headers: Headers) => async (): Promise<CheckedSession<string> | null> => {
    asked += 1;
    const token = decodeURIComponent(/session_token=([^;]+)/.exec(headers.get('cookie') ?? '')?.[1] ?? '').split('.')[0]!;
    const user = sessions[token];
    return user ? { user, userId: user, token, expiresAt: new Date(now + 3_600_000) } : null;
  };
  return { check, asked: () => asked };
}

const ask = (c: ReturnType<typeof checker>, headers: Headers) => rememberedSession(headers, c.check(headers));

describe('session cache', () => {
  it('asks once per cookie within SESSION_CACHE_MS, and again after', async () => {
    const c = checker({ tokenA: 'alice' });
    expect(await ask(c, withCookie('tokenA'))).toBe('alice');
    now += SESSION_CACHE_MS - 1;
    expect(await ask(c, withCookie('tokenA'))).toBe('alice');
    expect(c.asked()).toBe(1);
    now += 1;
    expect(await ask(c, withCookie('tokenA'))).toBe('alice');
    expect(c.asked()).toBe(2);
  });

  it('shares one check between concurrent requests on a cookie', async () => {
    const c = checker({ tokenA: 'alice' });
    expect(await Promise.all(Array.from({ length: 10 }, () => ask(c, withCookie('tokenA'))))).toEqual(Array(10).fill('alice'));
    expect(c.asked()).toBe(1);
  });

  it('counts SESSION_CACHE_MS from when the check began, not when it answered', async () => {
    const headers = withCookie('tokenA');
    const slow = rememberedSession(headers, async () => {
      now += SESSION_CACHE_MS; // the database took the whole time
      return { user: 'alice', userId: 'alice', token: 'tokenA', expiresAt: new Date(now + 3_600_000) };
    });
    expect(await slow).toBe('alice');
    const c = checker({});
    expect(await ask(c, headers)).toBeNull();
    expect(c.asked()).toBe(1);
  });

  it('remembers neither a refusal nor a session that is not the cookie’s own', async () => {
    const c = checker({});
    expect(await ask(c, withCookie('nobody'))).toBeNull();
    expect(await ask(c, withCookie('nobody'))).toBeNull();
    expect(c.asked()).toBe(2);
    // better-auth answered for another token (say, a second cookie of the same name): asked each time.
    const other = rememberedSession(withCookie('tokenA'), async () => ({ user: 'bob', userId: 'bob', token: 'tokenB', expiresAt: new Date(now + 3_600_000) }));
    expect(await other).toBe('bob');
    expect(await ask(checker({}), withCookie('tokenA'))).toBeNull();
  });

  it('leaves requests without a session cookie to better-auth every time', async () => {
    let asked = 0;
    const apiKey = new Headers({ 'x-api-key': 'od_key' });
    for (let i = 0; i < 3; i++) {
      await rememberedSession(apiKey, async () => {
        asked += 1;
        return { user: 'script', userId: 'script', token: 'none', expiresAt: new Date(now + 3_600_000) };
      });
    }
    expect(asked).toBe(3);
  });

  it('does not outlive the session itself', async () => {
    const headers = withCookie('tokenA');
    await rememberedSession(headers, async () => ({ user: 'alice', userId: 'alice', token: 'tokenA', expiresAt: new Date(now + 100) }));
    now += 100;
    expect(await ask(checker({}), headers)).toBeNull();
  });

  it('forgets a signed-out session and a changed user at once, other users’ sessions not', async () => {
    const c = checker({ tokenA: 'alice', tokenB: 'bob', tokenC: 'carol' });
    for (const t of ['tokenA', 'tokenB', 'tokenC']) await ask(c, withCookie(t));
    forgetSession(withCookie('tokenA'));
    forgetUser('bob');
    const revoked = checker({ tokenC: 'carol' });
    expect(await ask(revoked, withCookie('tokenA'))).toBeNull();
    expect(await ask(revoked, withCookie('tokenB'))).toBeNull();
    expect(await ask(revoked, withCookie('tokenC'))).toBe('carol');
    expect(revoked.asked()).toBe(2);
  });

  it('does not keep the answer of a check that was running when the user changed', async () => {
    let answer!: (s: CheckedSession<string>) => void;
    const running = rememberedSession(withCookie('tokenA'), () => new Promise<CheckedSession<string>>((resolve) => (answer = resolve)));
    forgetUser('alice');
    answer({ user: 'alice', userId: 'alice', token: 'tokenA', expiresAt: new Date(now + 3_600_000) });
    expect(await running).toBe('alice');
    const after = checker({});
    expect(await ask(after, withCookie('tokenA'))).toBeNull();
    expect(after.asked()).toBe(1);
  });
});
