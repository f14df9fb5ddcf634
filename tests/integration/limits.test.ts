import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAttempt, signInCookie, startStack, type Stack } from '../../scripts/stack';
import { api } from './helpers';

// A server of its own with a low lookup limit, so the rest of the suite is not throttled.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { ORDER_DESK_LOOKUPS_PER_MINUTE: '3' } });
});
afterAll(() => stack?.stop());

const attempt = (email: string, password: string) => signInAttempt(stack.app.url, email, password);

describe('limits', () => {
  it('answers 429 once a user passes ORDER_DESK_LOOKUPS_PER_MINUTE, without calling WeChat', async () => {
    const cookie = await signInCookie(stack.app.url, 'support@demo.local');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api('/api/orders/shop/522346', stack.app.url, cookie)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await api('/api/orders/shop/522346', stack.app.url, cookie);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('3 lookups in the last minute') });
    const stats = (await (await fetch(`${stack.sim.url}/__sim/stats`)).json()) as { orderCalls: { shop: number } };
    expect(stats.orderCalls.shop).toBe(3);
    // Another user has a limit of their own.
    expect((await api('/api/orders/shop/522346', stack.app.url, await signInCookie(stack.app.url, 'finance@demo.local'))).status).toBe(200);
  });

  it('throttles failed sign-ins per account with a clear 429', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt('admin@demo.local', `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const blocked = await attempt('admin@demo.local', 'orderdesk-demo');
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { message: string }).message).toContain('Too many failed sign-ins');
  });
});
