import { beforeEach, describe, expect, it } from 'vitest';
import { api, appUrl, SECRET_VALUES, session, simControl, simStats, TOKEN_PREFIX } from './helpers';

beforeEach(() => simControl('reset'));

function expectNoSecrets(text: string) {
  for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
  expect(text).not.toContain(TOKEN_PREFIX);
}

describe('GET /api/orders/service-provider/{orderId}', () => {
  it('answers the document example, normalised, with the raw order and fetch time', async () => {
    const { status, headers, body, text } = await api('/api/orders/service-provider/DD2981741311549200000');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store, no-transform');
    expect(body.order).toMatchObject({
      kind: 'service-provider',
      orderId: 'DD2981741311549200000',
      priceFen: '1',
      status: { code: 2, key: 'paid', en: 'Paid', zh: '支付成功' },
      createdAt: '2023-06-20T12:57:21.964Z',
      payment: { requestedAt: '2023-06-20T12:57:25.000Z', paidAt: '2023-06-20T12:57:36.000Z' },
      validity: { until: '2024-06-19T12:57:36.000Z', state: 'expired' },
      usage: { used: '0', all: '1000', percent: '0.00' },
    });
    expect(body.raw).toMatchObject({ orderId: 'DD2981741311549200000', orderProductInfo: { validity: 1718801856 } });
    expect(Date.parse(body.fetchedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expectNoSecrets(text);
  });

  it('keeps 64-bit price and usage exact', async () => {
    const { body } = await api('/api/orders/service-provider/DD1000000000000000010');
    expect(body.order).toMatchObject({ priceFen: '9223372036854775807', usage: { used: '9007199254740993', all: '18014398509481984', percent: '50.00' } });
  });
});

describe('compression', () => {
  it('sends an order answer as it is, though the browser accepts gzip, and still compresses a page', async () => {
    const headers = { cookie: await session(), 'accept-encoding': 'gzip' };
    // node:http, which leaves the body as sent (fetch would decompress it and hide the encoding).
    const { request } = await import('node:http');
    const get = (path: string) =>
      new Promise<{ encoding: string | undefined; cacheControl: string | undefined; bytes: number }>((resolve, reject) => {
        request(`${appUrl()}${path}`, { headers }, (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () => resolve({ encoding: response.headers['content-encoding'], cacheControl: response.headers['cache-control'], bytes }));
        })
          .on('error', reject)
          .end();
      });
    const answer = await get('/api/orders/shop/522346');
    expect(answer).toMatchObject({ encoding: undefined, cacheControl: 'no-store, no-transform' });
    expect(answer.bytes).toBeGreaterThan(1024);
    expect((await get('/orders/shop/522346')).encoding).toBe('gzip');
  });
});

describe('GET /api/orders/shop/{tradeNo}', () => {
  it('answers the document example with totals and the derived state', async () => {
    const { status, headers, body } = await api('/api/orders/shop/522346');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store, no-transform');
    expect(body.order).toMatchObject({
      kind: 'shop',
      tradeNo: '522346',
      amountFen: '1',
      state: { key: 'refunded' },
      refundTotals: { succeededFen: '1', inProgressFen: '0', failedFen: '0' },
      remainingFen: '0',
      profitSharingFrom: '2022-05-02T06:18:35.000Z',
    });
  });

  it('keeps an amount beyond 2^53 exact, in the order and in raw', async () => {
    const { body, text } = await api('/api/orders/shop/shop-big-001');
    expect(body.order).toMatchObject({ amountFen: '9007199254740993', remainingFen: '9007199254740992' });
    expect(text).toContain('9007199254740993');
  });
});

describe('readings the documents leave open', () => {
  it('totals unrecognised refund and sharing results apart, shows them raw, and reads a null mchid as missing', async () => {
    const { status, body } = await api('/api/orders/shop/shop-odd-results');
    expect(status).toBe(200);
    expect(body.order).toMatchObject({
      refundTotals: { succeededFen: '1000', inProgressFen: '300', failedFen: '0', unknownFen: '2500' },
      profitSharingTotals: { succeededFen: '700', inProgressFen: '0', failedFen: '0', unknownFen: '400' },
      refunds: [{}, { result: 'REFUNDCLOSE', outcome: { key: 'unknown' } }, { result: null, outcome: { key: 'unknown' } }, {}],
      profitSharing: [{ mchId: null }, { result: 'CANCELLED', outcome: { key: 'unknown' } }],
    });
    expect(body.raw).toMatchObject({ profit_sharing_list: [{ mchid: null }, {}] });
  });

  it('shows unknown flags with their number and the payment deadline only while unpaid', async () => {
    const { body } = await api('/api/orders/shop/shop-unknown-flags');
    expect(body.order).toMatchObject({ closeStatus: { code: 2, key: 'unknown' }, profitSharingFrozen: { code: 2, key: 'unknown' }, paymentDeadline: { applies: false } });
    const unpaid = await api('/api/orders/shop/shop-unpaid-001');
    expect(unpaid.body.order).toMatchObject({ paymentDeadline: { at: '2099-01-01T00:00:00.000Z', applies: true } });
  });

  it('marks open readings and says why validity does not apply', async () => {
    const { body } = await api('/api/orders/service-provider/DD1000000000000000006');
    expect(body.order).toMatchObject({ status: { code: 6, key: 'refunded' }, validity: { state: 'not-applicable', notApplicable: 'refunded' } });
    const refunding = await api('/api/orders/service-provider/DD1000000000000000005');
    expect(refunding.body.order).toMatchObject({ status: { code: 5, note: { en: expect.any(String) } }, invoice: { status: { code: 1, note: { en: expect.any(String) } } } });
  });
});

describe('errors', () => {
  it.each([
    ['/api/orders/service-provider/DD12%20OR%201', 400, 'invalid_id'],
    ['/api/orders/service-provider/a%2Fb', 400, 'invalid_id'],
    ['/api/orders/service-provider/' + 'D'.repeat(65), 400, 'invalid_id'],
    ['/api/orders/shop/' + 'x'.repeat(33), 400, 'invalid_id'],
    ['/api/orders/shop/%3Cscript%3E', 400, 'invalid_id'],
  ])('%s is refused before any WeChat call', async (path, status, code) => {
    const response = await api(path);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code });
    expect((await simStats()).orderCalls).toEqual({ 'service-provider': 0, shop: 0 });
    expect((await simStats()).stableTokens).toEqual({});
  });

  it.each([
    ['/api/orders/service-provider/DD1', 404, 'not_found', 10120002],
    ['/api/orders/shop/no-such-order', 404, 'not_found', undefined],
    ['/api/orders/shop/fault-45009', 429, 'rate_limited', 45009],
    ['/api/orders/shop/fault-45011', 429, 'rate_limited', 45011],
    ['/api/orders/shop/fault-40164', 502, 'wechat_error', 40164],
    ['/api/orders/shop/fault-89503', 502, 'wechat_error', 89503],
    ['/api/orders/shop/fault-61004', 502, 'wechat_error', 61004],
    ['/api/orders/shop/fault-99999', 502, 'wechat_error', 99999],
    ['/api/orders/service-provider/DD9991', 502, 'wechat_error', -1],
    ['/api/orders/service-provider/DD99940001', 502, 'wechat_error', 40001],
    ['/api/orders/service-provider/DD99942001', 502, 'wechat_error', 42001],
    ['/api/orders/shop/fault-40013', 503, 'misconfigured', 40013],
    ['/api/orders/shop/fault-40125', 503, 'misconfigured', 40125],
    ['/api/orders/shop/fault-48001', 503, 'misconfigured', 48001],
    ['/api/orders/shop/fault-41001', 500, 'internal', 41001],
    ['/api/orders/shop/fault-43002', 500, 'internal', 43002],
    ['/api/orders/service-provider/DD99910120405', 500, 'internal', 10120405],
    ['/api/orders/shop/fault-malformed', 502, 'invalid_response', undefined],
    ['/api/orders/service-provider/DD999701', 502, 'invalid_response', undefined],
    ['/api/orders/shop/fault-500', 502, 'upstream_unreachable', undefined],
    ['/api/orders/shop/fault-drop', 502, 'upstream_unreachable', undefined],
    ['/api/orders/shop/fault-slow', 504, 'timeout', undefined],
  ])('%s answers %i %s', async (path, status, code, errcode) => {
    const { status: got, headers, body, text } = await api(path);
    expect(got).toBe(status);
    expect(headers.get('cache-control')).toBe('no-store, no-transform');
    const error = body.error as Record<string, unknown>;
    expect(error).toMatchObject({ code });
    expect(error.errcode).toBe(errcode);
    expect(typeof error.message).toBe('string');
    expect(typeof error.action).toBe('string');
    expect(error.zh).toMatchObject({ message: expect.any(String), action: expect.any(String) });
    if (errcode !== undefined && errcode > 0) expect(`${error.message as string}`).not.toBe('');
    expectNoSecrets(text);
  });

  it('asks WeChat about a service-provider id unlike the example and reports its "parameter error"', async () => {
    const { status, body } = await api('/api/orders/service-provider/sp-order_1');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'not_found', errcode: 10120002, message: expect.stringContaining('“parameter error”') });
    expect((await simStats()).orderCalls['service-provider']).toBe(1);
  });

  it('keeps serving after every fault', async () => {
    const { status } = await api('/api/orders/shop/522346');
    expect(status).toBe(200);
  });
});
