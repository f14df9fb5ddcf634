import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startStack, type Stack } from '../support/stack';
import { SECRET_VALUES } from './helpers';

// The simulator hands out tokens that all start with this canary: no page, RSC payload, API
// answer or log line may ever contain it, nor an AppSecret.
const CANARY = 'CANARY7f3aQ';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ sim: { tokenPrefix: CANARY }, env: { LOG_LEVEL: 'debug' } });
});
afterAll(() => stack?.stop());

function expectClean(text: string, where: string) {
  expect(text, where).not.toContain(CANARY);
  for (const secret of SECRET_VALUES) expect(text, where).not.toContain(secret);
}

describe('secrets', () => {
  it('appear in no HTML, RSC payload, API answer or log line', async () => {
    const cookie = await signInCookie(stack.app.url, 'admin@demo.local');
    const pages = ['/', '/orders/service-provider/DD2981741311549200000', '/orders/shop/522346', '/admin/audit', '/admin/users', '/login'];
    const apis = [
      '/api/orders/service-provider/DD2981741311549200000',
      '/api/orders/shop/522346',
      '/api/orders/shop/fault-40001',
      '/api/orders/shop/fault-40164',
      '/api/orders/shop/fault-malformed',
      '/api/orders/service-provider/DD99940001',
      '/api/audit.csv',
    ];
    stack.sim.invalidateTokens();
    for (const path of apis) {
      const response = await fetch(`${stack.app.url}${path}`, { headers: { cookie } });
      expectClean(await response.text(), path);
    }
    for (const path of pages) {
      const html = await fetch(`${stack.app.url}${path}`, { headers: { cookie } });
      expect(html.status, path).toBe(200);
      expectClean(await html.text(), `${path} (HTML)`);
      const rsc = await fetch(`${stack.app.url}${path}`, { headers: { cookie, rsc: '1' } });
      expectClean(await rsc.text(), `${path} (RSC)`);
    }
    // The canary really was in use: WeChat calls were made with it.
    const stats = (await (await fetch(`${stack.sim.url}/__sim/stats`)).json()) as { orderCalls: { shop: number } };
    expect(stats.orderCalls.shop).toBeGreaterThan(0);
    const logs = stack.app.output();
    expect(logs).toContain('access_token=[redacted]');
    expectClean(logs, 'server logs');
  });
});
