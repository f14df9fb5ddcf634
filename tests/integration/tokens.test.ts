import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';
import { api, SECRET_VALUES, simStats, TOKEN_PREFIX } from './helpers';
import { DEMO_ACCOUNTS } from '../../wechat-sim/server';

// A server of its own, so its token cache is cold.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'info', ORDER_DESK_LOOKUPS_PER_MINUTE: '100000' } });
});
afterAll(() => stack?.stop());

const [sp, shop] = DEMO_ACCOUNTS;

describe('access tokens through the real route handlers', () => {
  it('fetches each token once for 100 concurrent lookups at a cold start', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api(i % 2 ? '/api/orders/shop/522346' : '/api/orders/service-provider/DD2981741311549200000', stack.app.url),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    const stats = await simStats(stack.sim.url);
    expect(stats.stableTokens).toEqual({ [sp!.appid]: 1, [shop!.appid]: 1 });
    expect(stats.orderCalls).toEqual({ 'service-provider': 50, shop: 50 });
  });

  it('costs no forced refresh when the token is invalidated mid-way and stable_token hands out a new one', async () => {
    stack.sim.invalidateTokens();
    const responses = await Promise.all(Array.from({ length: 30 }, () => api('/api/orders/shop/shop-paid-001', stack.app.url)));
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect((await simStats(stack.sim.url)).forcedRefreshes).toEqual({});
  });

  it('costs exactly one forced refresh when stable_token hands back the token WeChat rejected', async () => {
    stack.sim.invalidateTokens({ stale: true });
    const responses = await Promise.all(Array.from({ length: 30 }, () => api('/api/orders/shop/shop-paid-001', stack.app.url)));
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect((await simStats(stack.sim.url)).forcedRefreshes).toEqual({ [shop!.appid]: 1 });
  });

  it('never writes a token or AppSecret to the logs, and redacts access_token from logged URLs', () => {
    const output = stack.app.output();
    expect(output).toContain('access_token=[redacted]');
    expect(output).not.toContain(TOKEN_PREFIX);
    for (const secret of SECRET_VALUES) expect(output).not.toContain(secret);
  });
});

describe('the client bundle', () => {
  it('holds no AppSecret, token or WeChat credential setting', () => {
    const files = walk('.next/static');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of SECRET_VALUES) expect(text, file).not.toContain(secret);
      expect(text, file).not.toContain(TOKEN_PREFIX);
      expect(text, file).not.toContain('WECHAT_SP_APPSECRET');
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
