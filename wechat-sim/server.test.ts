import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from './server';

let sim: Simulator;
const shop = DEMO_ACCOUNTS[1]!;

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

async function stableToken(forceRefresh = false): Promise<string> {
  const response = await fetch(`${sim.url}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: shop.appid, secret: shop.secret, force_refresh: forceRefresh }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The errcode an order call with this token gets (0: accepted). */
async function errcodeWith(token: string): Promise<number> {
  const response = await fetch(`${sim.url}/shop/pay/getorder?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ trade_no: '522346' }),
  });
  return ((await response.json()) as { errcode: number }).errcode;
}

describe('simulator stable_token', () => {
  it('hands every caller the same token in normal mode while it is valid', async () => {
    const tokens = await Promise.all(Array.from({ length: 5 }, () => stableToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(await errcodeWith(tokens[0]!)).toBe(0);
  });

  it('force_refresh issues a new token and invalidates the previous one at once', async () => {
    const before = await stableToken();
    const forced = await stableToken(true);
    expect(forced).not.toBe(before);
    expect(await errcodeWith(before)).toBe(40001);
    expect(await errcodeWith(forced)).toBe(0);
    expect(await stableToken()).toBe(forced);
    expect(sim.stats().forcedRefreshes).toEqual({ [shop.appid]: 1 });
  });

  it('after /__sim/invalidate-tokens, rejects the current token and hands out a new one in normal mode', async () => {
    const before = await stableToken();
    expect((await fetch(`${sim.url}/__sim/invalidate-tokens`, { method: 'POST' })).status).toBe(200);
    expect(await errcodeWith(before)).toBe(40001);
    const after = await stableToken();
    expect(after).not.toBe(before);
    expect(await errcodeWith(after)).toBe(0);
  });

  it('after /__sim/invalidate-tokens?stale=1, keeps handing back the rejected token until a forced refresh', async () => {
    const before = await stableToken();
    expect((await fetch(`${sim.url}/__sim/invalidate-tokens?stale=1`, { method: 'POST' })).status).toBe(200);
    expect(await errcodeWith(before)).toBe(40001);
    expect(await stableToken()).toBe(before);
    const forced = await stableToken(true);
    expect(forced).not.toBe(before);
    expect(await errcodeWith(forced)).toBe(0);
    expect(await stableToken()).toBe(forced);
  });
});

describe('simulator answers that disagree with our guesses (issue 20, item 11)', () => {
  async function shopAnswer(tradeNo: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${sim.url}/shop/pay/getorder?access_token=${await stableToken()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trade_no: tradeNo }),
    });
    return (await response.json()) as Record<string, unknown>;
  }
  const resultsOf = (answer: Record<string, unknown>, list: string) => ((answer.order as Record<string, unknown>)[list] as Array<{ result?: string }> | undefined)?.map((r) => r.result ?? null);

  it('changes a turn-refund- order between lookups: PROCESSING first, SUCCESS after, again after a reset', async () => {
    expect(resultsOf(await shopAnswer('turn-refund-a1'), 'refund_list')).toEqual(['PROCESSING']);
    expect(resultsOf(await shopAnswer('turn-refund-a1'), 'refund_list')).toEqual(['SUCCESS']);
    expect(resultsOf(await shopAnswer('turn-refund-a1'), 'refund_list')).toEqual(['SUCCESS']);
    // Another id of the family starts from its first version.
    expect(resultsOf(await shopAnswer('turn-refund-a2'), 'refund_list')).toEqual(['PROCESSING']);
    sim.reset();
    expect(resultsOf(await shopAnswer('turn-refund-a1'), 'refund_list')).toEqual(['PROCESSING']);
  });

  it('makes a sharing appear on a turn-sharing- order', async () => {
    expect(resultsOf(await shopAnswer('turn-sharing-b1'), 'profit_sharing_list')).toBeUndefined();
    expect(resultsOf(await shopAnswer('turn-sharing-b1'), 'profit_sharing_list')).toEqual(['SUCCESS']);
  });

  it('answers without errmsg where the document does, and trade numbers shaped like WeChat Pay ids or DD', async () => {
    const bare = await shopAnswer('shop-no-errmsg');
    expect(bare.errcode).toBe(0);
    expect('errmsg' in bare).toBe(false);
    for (const tradeNo of ['4000000000202401010000000028', '50000000002024010100000000029', '30000000002024010100000000000032', 'DD3000000000000000001']) {
      expect((await shopAnswer(tradeNo)).order, tradeNo).toMatchObject({ trade_no: tradeNo });
    }
    const closed = (await shopAnswer('shop-closed-refunded')).order as { close_status: number; refund_list: unknown[] };
    expect(closed.close_status).toBe(1);
    expect(closed.refund_list).toHaveLength(2);
    expect(resultsOf(await shopAnswer('shop-every-result'), 'refund_list')).toEqual(['SUCCESS', 'PROCESSING', 'FAIL', 'REFUNDCLOSE', 'CANCELLED', null, null]);
  });
});
