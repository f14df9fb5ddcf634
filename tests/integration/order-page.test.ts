import { parse } from 'csv-parse/sync';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, session, simControl } from './helpers';

/**
 * The order pages look the order up on the server (lookUpFor, the API's own path) and send it in
 * the HTML: the answer or the error, audited once under the page request's id.
 */
// The server's first order page loads the page's code, which on a busy machine can outlast the
// suite's 800 ms WeChat timeout for the lookup running meanwhile: not what these tests are about.
beforeAll(() => api('/orders/shop/shop-partial-001'));
beforeEach(() => simControl('reset'));

async function auditedUnder(orderId: string, requestId: string | null) {
  const csv = await api(`/api/audit.csv?action=order.lookup&orderId=${encodeURIComponent(orderId)}`, undefined, await session('admin@demo.local'));
  expect(csv.status).toBe(200);
  const rows = parse(csv.text, { columns: true, bom: true }) as Array<Record<string, string>>;
  return rows.filter((row) => row.request_id === requestId).map((row) => ({ status: row.status, errcode: row.errcode, user: row.user_email }));
}

describe('order pages prefetch on the server', () => {
  it('sends the order in the page and audits the view once, under the page request', async () => {
    const page = await api('/orders/shop/522346');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-testid="order-id"[^>]*>522346</);
    expect(page.text).toContain('data-testid="status-badge"');
    expect(await auditedUnder('522346', page.headers.get('x-request-id'))).toEqual([{ status: '200', errcode: '', user: 'support@demo.local' }]);
  });

  it('keeps 64-bit values exact through the page', async () => {
    const page = await api('/orders/service-provider/DD1000000000000000010');
    expect(page.text).toMatch(/data-testid="order-id"[^>]*>DD1000000000000000010</);
    expect(page.text).toContain('9223372036854775807');
  });

  it('sends a lookup error in the page, audited once, as the API answers it', async () => {
    const page = await api('/orders/shop/fault-45009');
    expect(page.text).toContain('data-code="rate_limited"');
    expect(page.text).toContain("The account&#x27;s daily API quota is used up.");
    expect(await auditedUnder('fault-45009', page.headers.get('x-request-id'))).toEqual([{ status: '429', errcode: '45009', user: 'support@demo.local' }]);

    const invalid = await api('/orders/service-provider/12%2045');
    expect(invalid.text).toContain('data-code="invalid_id"');
    expect(await auditedUnder('12 45', invalid.headers.get('x-request-id'))).toEqual([{ status: '400', errcode: '', user: 'support@demo.local' }]);
  });

  it('answers WeChat errors alike from a page and from the API, whichever made the WeChat client', async () => {
    // The process's WeChat client (on globalThis) is made by whichever code asks first, pages or
    // route handlers, which Next bundles apart: its errors must be recognised by both.
    for (let i = 0; i < 2; i += 1) {
      expect((await api('/orders/shop/fault-45011')).text).toContain('data-code="rate_limited"');
      const fromApi = await api('/api/orders/shop/fault-45011');
      expect(fromApi.status).toBe(429);
      expect(fromApi.body).toMatchObject({ error: { code: 'rate_limited', errcode: 45011 } });
    }
  });

  it('reads an id with broken or doubled percent-encoding once, as the id it is: a clear invalid id, never the error page', async () => {
    for (const [path, shown] of [
      ['/orders/shop/%25zz', '%zz'],
      ['/orders/shop/%25zz/print', '%zz'],
      ['/orders/shop/%2541BC', '%41BC'],
      ['/orders/service-provider/%2541BC/print', '%41BC'],
    ] as const) {
      const page = await api(path);
      expect(page.status, path).toBe(200);
      // An error thrown while rendering reaches the browser as a digest, which shows the error page.
      expect(page.text, path).not.toContain('\\"digest\\"');
      expect(page.text, path).toContain(`<title>${shown} · Order Desk</title>`);
    }
  });
});
