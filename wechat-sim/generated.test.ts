import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseServerEnv } from '@/lib/env/server';
import { createWeChatClient, type WeChatClient } from '@/lib/wechat/client';
import { configFromEnv } from '@/lib/wechat/config';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import { generatedFate, generatedId } from './generated';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from './server';

let sim: Simulator;
let client: WeChatClient;
const [spAccount, shopAccount] = DEMO_ACCOUNTS as [(typeof DEMO_ACCOUNTS)[0], (typeof DEMO_ACCOUNTS)[0]];
const tokens = new Map<string, string>();

beforeAll(async () => {
  sim = await startSimulator();
  const env = parseServerEnv({
    WECHAT_API_BASE: sim.url,
    WECHAT_SP_APPID: spAccount.appid,
    WECHAT_SP_APPSECRET: spAccount.secret,
    WECHAT_SHOP_APPID: shopAccount.appid,
    WECHAT_SHOP_APPSECRET: shopAccount.secret,
  });
  client = createWeChatClient(configFromEnv(env), { backoffMs: 1 });
});
afterEach(() => sim.reset());
afterAll(async () => {
  await client.close();
  await sim.close();
});

async function token(account: (typeof DEMO_ACCOUNTS)[0]): Promise<string> {
  const known = tokens.get(account.appid);
  if (known) return known;
  const response = await fetch(`${sim.url}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: account.appid, secret: account.secret }),
  });
  const { access_token } = (await response.json()) as { access_token: string };
  tokens.set(account.appid, access_token);
  return access_token;
}

/** The simulator's answer to one order call, as text (so 64-bit numbers stay exact). */
async function answer(kind: 'service-provider' | 'shop', id: string): Promise<string> {
  if (kind === 'shop') {
    const response = await fetch(`${sim.url}/shop/pay/getorder?access_token=${await token(shopAccount)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trade_no: id }),
    });
    return response.text();
  }
  const response = await fetch(`${sim.url}/wxa/charge/service-provider/order/get?access_token=${await token(spAccount)}&orderId=${id}`);
  return response.text();
}

const errcodeOf = (text: string) => (JSON.parse(text) as { errcode: number }).errcode;
const hasOrder = (text: string) => 'order' in (JSON.parse(text) as object);

describe('generated orders', () => {
  it('answer by the id’s last two digits: 00–04 not found, 05 busy once, 06 always busy, others an order', async () => {
    for (const kind of ['service-provider', 'shop'] as const) {
      const notFound = kind === 'shop' ? 0 : 10120002;
      for (let n = 1200; n < 1210; n += 1) {
        const id = generatedId(kind, n);
        const [first, second] = [await answer(kind, id), await answer(kind, id)];
        const ending = n % 100;
        if (ending <= 4) {
          expect([errcodeOf(first), hasOrder(first)], id).toEqual([notFound, false]);
        } else if (ending === 5) {
          expect([errcodeOf(first), errcodeOf(second), hasOrder(second)], id).toEqual([-1, 0, true]);
        } else if (ending === 6) {
          expect([errcodeOf(first), errcodeOf(second)], id).toEqual([-1, -1]);
        } else {
          expect([errcodeOf(first), hasOrder(first)], id).toEqual([0, true]);
          expect(second, `${id} answers the same every time`).toBe(first);
        }
      }
    }
    expect(generatedId('service-provider', 107)).toBe('DD8000000000000000107');
    expect(generatedId('shop', 107)).toBe('bulk-000107');
  });

  it('take a hash for a bulk- id not ending in two digits, and leave ids outside the patterns unknown', async () => {
    const named = Array.from({ length: 1000 }, (_, i) => `bulk-order-${String.fromCharCode(97 + (i % 26))}${i}x`);
    const fates = new Set(named.map(generatedFate));
    expect(fates).toEqual(new Set(['found', 'not-found', 'busy-once', 'busy']));
    const found = named.find((id) => generatedFate(id) === 'found')!;
    expect(hasOrder(await answer('shop', found))).toBe(true);
    // Too long for a trade number, or not DD8 and digits: answered as any unknown id.
    expect(hasOrder(await answer('shop', `bulk-${'1'.repeat(28)}07`))).toBe(false);
    expect(errcodeOf(await answer('service-provider', 'DD8abc07'))).toBe(10120002);
    expect(errcodeOf(await answer('service-provider', 'DD7000000000000000107'))).toBe(10120002);
  });

  it('are orders Order Desk reads, varying in state, money, refunds and sharing, exact beyond 2^53', async () => {
    const states = new Set<string>();
    const refundOutcomes = new Set<string>();
    const sharingOutcomes = new Set<string>();
    const statuses = new Set<number>();
    let withSharing = 0;
    const amounts = new Set<string>();
    for (let n = 7; n < 200; n += 1) {
      if (generatedFate(generatedId('shop', n)) !== 'found') continue;
      const { order: raw } = await client.getShopPayOrder(generatedId('shop', n));
      const order = normaliseShopOrder(raw, new Date().toISOString());
      states.add(order.state.key);
      amounts.add(order.amountFen);
      for (const r of order.refunds) refundOutcomes.add(r.outcome.key);
      for (const s of order.profitSharing) sharingOutcomes.add(s.outcome.key);
      if (order.profitSharing.length > 0) withSharing += 1;
      expect(BigInt(order.remainingFen ?? 0)).toBeGreaterThanOrEqual(0n);
      const sp = await client.getServiceProviderOrder(generatedId('service-provider', n));
      statuses.add(normaliseServiceProviderOrder(sp.order, new Date().toISOString()).status.code as number);
    }
    expect(states).toEqual(new Set(['paid', 'partly-refunded', 'refunded', 'unpaid', 'closed']));
    expect(refundOutcomes).toEqual(new Set(['succeeded', 'in-progress', 'failed']));
    expect(sharingOutcomes).toEqual(new Set(['succeeded', 'in-progress', 'failed']));
    expect(withSharing).toBeGreaterThan(20);
    expect(amounts.size).toBeGreaterThan(150);
    expect(statuses).toEqual(new Set([1, 2, 3, 5, 6, 7, 9]));

    const big = await answer('shop', generatedId('shop', 199));
    const amount = /"amount":(\d+),/.exec(big)![1]!;
    expect(BigInt(amount)).toBeGreaterThan(2n ** 53n);
    expect(normaliseShopOrder((await client.getShopPayOrder(generatedId('shop', 199))).order, new Date().toISOString()).amountFen).toBe(amount);
  }, 30_000);

  it('keep the fixtures and faults answering as before', async () => {
    expect(JSON.parse(await answer('shop', '522346'))).toMatchObject({ errcode: 0, order: { trade_no: '522346', amount: 1 } });
    expect(JSON.parse(await answer('service-provider', 'DD2981741311549200000'))).toMatchObject({ errcode: 0, order: { orderId: 'DD2981741311549200000' } });
    expect(errcodeOf(await answer('shop', 'fault-45009'))).toBe(45009);
    expect(errcodeOf(await answer('service-provider', 'DD99945011'))).toBe(45011);
  });

  it('count the ids asked for more than once, until a reset', async () => {
    await answer('shop', 'bulk-000107');
    await answer('shop', 'bulk-000108');
    await answer('shop', 'bulk-000107');
    await answer('service-provider', 'DD8000000000000000107');
    expect(Object.keys(sim.stats().orderIds).filter((key) => sim.stats().orderIds[key]! > 1)).toEqual(['shop:bulk-000107']);
    expect(sim.stats().orderCalls).toEqual({ 'service-provider': 1, shop: 3 });
    sim.reset();
    expect(sim.stats().orderIds).toEqual({});
  });
});
