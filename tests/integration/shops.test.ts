import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, twoShopsEnv } from '../support/stack';
import { DEMO_ACCOUNTS, startSimulator, type Simulator } from '../../wechat-sim/server';
import { api, ownServerEnv, simStats, ServerWithDatabase } from './helpers';

/**
 * Several shops (issue 12): two mini programs configured with WECHAT_SHOPS, `main` (旗舰店) and
 * `outlet` (奥莱店), each its own app at the simulator with orders of its own; `shop-both-001`
 * is an order in each. A server of its own, so the rest of the suite keeps the single shop.
 */
let sim: Simulator;
let server: ServerWithDatabase;
let support: string;
const [, mainApp, outletApp] = DEMO_ACCOUNTS;

beforeAll(async () => {
  sim = await startSimulator();
  server = await ServerWithDatabase.start(await ownServerEnv(sim.url, { ...twoShopsEnv(), WECHAT_TIMEOUT_MS: '5000' }));
  support = await signInCookie(server.url, 'support@demo.local');
});
afterAll(async () => {
  await server?.app.stop();
  await sim?.close();
});

interface Match {
  kind: string;
  shop: string | null;
  shopName: string | null;
  id: string;
  href: string;
  state: string | null;
  amountFen: string | null;
  matchedOn: string;
  problem?: { en: string; zh: string };
}

async function search(q: string, shop?: string, extra = '') {
  const response = await api(`/api/search?q=${encodeURIComponent(q)}${shop ? `&shop=${shop}` : ''}${extra}`, server.url, support);
  const body = response.body as { matches?: Match[]; lookedUpIn?: { id: string; name: string }[]; error?: { code: string; message: string } };
  return { status: response.status, matches: body.matches ?? [], lookedUpIn: body.lookedUpIn, error: body.error };
}

/** How often each shop's app was asked for a trade number, since the simulator's last reset. */
async function asked(tradeNo: string) {
  const stats = await simStats(sim.url);
  return { main: stats.orderIdsByApp[`${mainApp!.appid}:${tradeNo}`] ?? 0, outlet: stats.orderIdsByApp[`${outletApp!.appid}:${tradeNo}`] ?? 0 };
}

describe('several shops', () => {
  it('looks a trade number up in the shop named, the first shop when none is, and says which', async () => {
    sim.reset();
    const inMain = await api('/api/orders/shop/shop-both-001', server.url, support);
    expect(inMain.status).toBe(200);
    expect(inMain.body).toMatchObject({ shop: { id: 'main', name: '旗舰店' }, order: { amountFen: '5000' } });
    const inOutlet = await api('/api/orders/shop/shop-both-001?shop=outlet', server.url, support);
    expect(inOutlet.status).toBe(200);
    expect(inOutlet.body).toMatchObject({ shop: { id: 'outlet', name: '奥莱店' }, order: { amountFen: '7700', mchId: '1900000119' } });
    expect(await asked('shop-both-001')).toEqual({ main: 1, outlet: 1 });

    // An order only the second shop has: not found in the first.
    expect((await api('/api/orders/shop/outlet-paid-001', server.url, support)).status).toBe(404);
    expect((await api('/api/orders/shop/outlet-paid-001?shop=outlet', server.url, support)).status).toBe(200);

    // Each shop's app has its own token.
    const stats = await simStats(sim.url);
    expect(stats.stableTokens[mainApp!.appid]).toBe(1);
    expect(stats.stableTokens[outletApp!.appid]).toBe(1);
  });

  it('answers an unknown shop with a 400 naming the shops there are, asks WeChat nothing, and audits it', async () => {
    sim.reset();
    for (const shop of ['nope', 'default', 'MAIN', '%3Cscript%3E', 'x'.repeat(300)]) {
      const answer = await api(`/api/orders/shop/shop-both-001?shop=${shop}`, server.url, support);
      expect(answer.status, shop).toBe(400);
      expect(answer.body.error, shop).toMatchObject({ code: 'invalid_request' });
      expect((answer.body.error as { message: string }).message, shop).toContain('Shops: main (旗舰店), outlet (奥莱店).');
      expect((await search('shop-both-001', shop)).status, shop).toBe(400);
    }
    expect(await asked('shop-both-001')).toEqual({ main: 0, outlet: 0 });
    const admin = await signInCookie(server.url, 'admin@demo.local');
    const audit = await fetch(`${server.url}/api/audit.csv?orderId=shop-both-001&outcome=failure`, { headers: { cookie: admin } });
    const rows = parse((await audit.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.action === 'order.lookup' && r.status === '400').map((r) => r.shop)).toContain('nope');
    // A refused search is audited as well, with what it named.
    expect(rows.filter((r) => r.action === 'order.search' && r.status === '400').map((r) => r.shop)).toEqual(expect.arrayContaining(['nope', 'MAIN']));
  });

  it('reads the query as a trade number when told to (kind=shop), in every shop', async () => {
    sim.reset();
    // Looks like a service-provider id; as a trade number it is asked of each shop, and no shop has it.
    const forced = await search('DD1000000000000000002', undefined, '&kind=shop');
    expect(forced.status).toBe(200);
    expect(forced.matches).toEqual([]);
    expect(forced.lookedUpIn?.map((s) => s.id)).toEqual(['main', 'outlet']);
    expect(await asked('DD1000000000000000002')).toEqual({ main: 1, outlet: 1 });
    expect((await search('DD1000000000000000002', undefined, '&kind=service-provider')).status).toBe(400);
    expect((await search('4302900974202204024351451925999999', undefined, '&kind=shop')).status).toBe(400);
  });

  it('finds a trade number in every shop that has it when no shop is chosen, asking each shop once', async () => {
    sim.reset();
    const both = await search('shop-both-001');
    expect(both.status).toBe(200);
    expect(both.lookedUpIn).toEqual([
      { id: 'main', name: '旗舰店' },
      { id: 'outlet', name: '奥莱店' },
    ]);
    expect(both.matches.map((m) => ({ shop: m.shop, shopName: m.shopName, href: m.href, amountFen: m.amountFen, state: m.state }))).toEqual(
      expect.arrayContaining([
        { shop: 'main', shopName: '旗舰店', href: '/orders/shop/shop-both-001', amountFen: '5000', state: 'paid' },
        { shop: 'outlet', shopName: '奥莱店', href: '/orders/shop/shop-both-001?shop=outlet', amountFen: '7700', state: 'paid' },
      ]),
    );
    expect(both.matches).toHaveLength(2);
    expect(await asked('shop-both-001')).toEqual({ main: 1, outlet: 1 });

    // One shop has it: one match, in that shop.
    const outletOnly = await search('outlet-refund-001');
    expect(outletOnly.matches.map((m) => [m.shop, m.href])).toEqual([['outlet', '/orders/shop/outlet-refund-001?shop=outlet']]);
    // None has it: no match, and the shops asked.
    const none = await search('no-such-trade-001');
    expect(none.matches).toEqual([]);
    expect(none.lookedUpIn?.map((s) => s.id)).toEqual(['main', 'outlet']);
    // A shop whose WeChat fails is offered with the problem, not dropped as "not found".
    const failing = await search('fault-45009');
    expect(failing.matches.map((m) => [m.shop, Boolean(m.problem?.en.length)])).toEqual([
      ['main', true],
      ['outlet', true],
    ]);
  });

  it('searches one shop when one is chosen, and finds other ids of an order in its own shop', async () => {
    sim.reset();
    const chosen = await search('shop-both-001', 'outlet');
    expect(chosen.matches.map((m) => m.shop)).toEqual(['outlet']);
    expect(chosen.lookedUpIn).toBeUndefined();
    expect(await asked('shop-both-001')).toEqual({ main: 0, outlet: 0 });

    // The refund id of the outlet's order (looked up above) leads to it in its shop.
    const byRefund = await search('50301901362023120100000000001');
    expect(byRefund.matches.map((m) => [m.shop, m.id, m.matchedOn, m.href])).toEqual([['outlet', 'outlet-refund-001', 'refund-id', '/orders/shop/outlet-refund-001?shop=outlet']]);
    // The outlet's transaction id of shop-both-001 finds the outlet's order, not the main shop's.
    const byTransaction = await search('4200009876202312010000000003');
    expect(byTransaction.matches.map((m) => [m.shop, m.id])).toEqual([['outlet', 'shop-both-001']]);
  });

  it('keeps one index row per shop, and names the shop on the order page, in the list and in the audit CSV', async () => {
    const rows = () => server.sql<{ shop: string; amount_fen: string }>(`select shop, amount_fen::text from order_index where order_id = 'shop-both-001' order by shop`);
    await expect.poll(rows, { timeout: 20_000 }).toEqual([
      { shop: 'main', amount_fen: '5000' },
      { shop: 'outlet', amount_fen: '7700' },
    ]);

    const page = await fetch(`${server.url}/orders/shop/shop-both-001?shop=outlet`, { headers: { cookie: support } });
    const html = await page.text();
    expect(html).toContain('奥莱店 (outlet)');
    expect(html).toContain('77.00');

    const finance = await signInCookie(server.url, 'finance@demo.local');
    const list = await (await fetch(`${server.url}/orders?shop=outlet`, { headers: { cookie: finance } })).text();
    expect(list).toContain('href="/orders/shop/shop-both-001?shop=outlet"');
    expect(list).not.toContain('href="/orders/shop/shop-both-001"');

    const admin = await signInCookie(server.url, 'admin@demo.local');
    const csv = await (await fetch(`${server.url}/api/audit.csv?orderId=shop-both-001&outcome=success`, { headers: { cookie: admin } })).text();
    const audit = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const lookups = audit.filter((r) => r.action === 'order.lookup');
    expect(new Set(lookups.map((r) => `${r.shop}:${r.shop_name}`))).toEqual(new Set(['main:旗舰店', 'outlet:奥莱店']));
  });

  it('runs a batch in the shop chosen, or the shop a file row names by id or name', async () => {
    sim.reset();
    const finance = await signInCookie(server.url, 'finance@demo.local');
    const post = (body: unknown) =>
      fetch(`${server.url}/api/batches`, { method: 'POST', headers: { cookie: finance, origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { batch?: { id: string; total: number }; error?: { message: string } } }));
    const created = await post({ ids: ['outlet-paid-001', 'shop-both-001'], kind: 'shop', shop: 'outlet' });
    expect(created.status).toBe(201);
    const id = created.body.batch!.id;
    let status = '';
    for (let i = 0; i < 100 && status !== 'done'; i++) {
      status = ((await api(`/api/batches/${id}`, server.url, finance)).body.batch as { status: string }).status;
      if (status !== 'done') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('done');
    const batch = (await api(`/api/batches/${id}`, server.url, finance)).body.batch as { found: number; totals: { amountFen: string } };
    expect(batch.found).toBe(2);
    expect(await asked('outlet-paid-001')).toEqual({ main: 0, outlet: 1 });
    expect(await asked('shop-both-001')).toEqual({ main: 0, outlet: 1 });

    const unknown = await post({ ids: ['outlet-paid-001'], kind: 'shop', shop: 'elsewhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error!.message).toContain('Shops: main (旗舰店), outlet (奥莱店).');

    // A shop column names each row's shop by id or by name; a name of no shop makes that row invalid.
    const form = new FormData();
    form.set('file', new File(['trade_no,店铺\nshop-both-001,奥莱店\nshop-both-001,main\nshop-both-001,Elsewhere\n'], 'shops.csv', { type: 'text/csv' }));
    const preview = await fetch(`${server.url}/api/batches?dryRun=1`, { method: 'POST', headers: { cookie: finance, origin: server.url }, body: form });
    const body = (await preview.json()) as { ids: number; invalid: { raw: string; row: number }[] };
    expect(body.ids).toBe(2);
    expect(body.invalid.map((i) => i.row)).toEqual([4]);

    // A shop name cut inside an emoji is still stored: a batch, never a 500 (jsonb refuses half a pair).
    const emoji = new FormData();
    emoji.set('file', new File([`trade_no,shop\nshop-both-001,${'a'.repeat(39)}😀x\nshop-both-001,outlet\n`], 'emoji.csv', { type: 'text/csv' }));
    const started = await fetch(`${server.url}/api/batches`, { method: 'POST', headers: { cookie: finance, origin: server.url }, body: emoji });
    expect(started.status).toBe(201);
    expect(((await started.json()) as { batch: { invalid: number } }).batch.invalid).toBe(1);
    // Half a surrogate pair pasted as an id is an invalid id, stored: never a 500.
    const halves = await post({ ids: ['\ud83dx', 'ab\udc00', 'shop-both-001'], kind: 'auto' });
    expect(halves.status).toBe(201);
    expect(halves.body.batch!.total).toBeGreaterThanOrEqual(1);
  });
});

describe('history in several shops', () => {
  it('keeps each shop\'s versions of a trade number apart: a version of another shop is a 404, its own a 200', async () => {
    // shop-both-001 is an order in each shop, with other amounts: one version each.
    expect((await api('/api/orders/shop/shop-both-001?shop=main', server.url, support)).status).toBe(200);
    expect((await api('/api/orders/shop/shop-both-001?shop=outlet', server.url, support)).status).toBe(200);
    const versions = async (shop: string) => {
      const response = await api(`/api/orders/shop/shop-both-001/history?shop=${shop}`, server.url, support);
      expect(response.status).toBe(200);
      return (response.body as { versions: Array<{ id: string; sha256: string }> }).versions;
    };
    const [main] = await versions('main');
    const [outlet] = await versions('outlet');
    expect(main!.id).not.toBe(outlet!.id);
    expect(main!.sha256).not.toBe(outlet!.sha256);
    const evidence = (shop: string, version: string) => fetch(`${server.url}/api/orders/shop/shop-both-001/evidence?shop=${shop}&version=${version}`, { headers: { cookie: support } });
    const own = await evidence('outlet', outlet!.id);
    expect(own.status).toBe(200);
    expect(((await own.json()) as { order: { shop: { id: string } }; answer: { body: string } }).answer.body).toContain('7700');
    expect((await evidence('main', main!.id)).status).toBe(200);
    // Each shop's version asked for under the other shop: none such.
    const crossed = await evidence('main', outlet!.id);
    expect(crossed.status).toBe(404);
    expect(((await crossed.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await evidence('outlet', main!.id)).status).toBe(404);
    // With no shop named, the first shop's (main): the outlet's version is not among them.
    expect((await evidence('', outlet!.id)).status).toBe(404);
  });
});
