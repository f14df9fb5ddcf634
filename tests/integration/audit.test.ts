import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { freshDataDir, signInAttempt, startStack } from '../support/stack';
import { api, appUrl, session, signIn } from './helpers';
import { INTEGRATION_ENV } from './settings';

type Row = Record<string, string>;

async function auditCsv(query: string, base = appUrl(), cookie?: string): Promise<Row[]> {
  const response = await fetch(`${base}/api/audit.csv?${query}`, { headers: { cookie: cookie ?? (await session('admin@demo.local', base)) } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/csv');
  return parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Row[];
}

describe('audit trail', () => {
  it('records a successful and a failed lookup with who, what, outcome and request id', async () => {
    const support = await session('support@demo.local');
    const ok = await api('/api/orders/shop/shop-paid-001', appUrl(), support);
    const failed = await api('/api/orders/shop/fault-45009', appUrl(), support);
    const rows = await auditCsv('orderId=shop-paid-001');
    expect(rows[0]).toMatchObject({ action: 'order.lookup', user_email: 'support@demo.local', user_role: 'support', order_kind: 'shop', order_id: 'shop-paid-001', shop: 'default', status: '200', errcode: '' });
    expect(rows[0]!.request_id).toBe(ok.headers.get('x-request-id'));
    expect(rows[0]!.user_agent).not.toBe('');
    const failures = await auditCsv('orderId=fault-45009&outcome=failure&kind=shop&user=support');
    expect(failures[0]).toMatchObject({ status: '429', errcode: '45009' });
    expect(failures[0]!.request_id).toBe(failed.headers.get('x-request-id'));
  });

  it('records a refused malformed id too', async () => {
    await api('/api/orders/service-provider/not.an.id', appUrl(), await session('finance@demo.local'));
    const rows = await auditCsv('orderId=not.an.id');
    expect(rows[0]).toMatchObject({ status: '400', user_email: 'finance@demo.local' });
  });

  it('tells a print from an evidence download in the CSV: each entry carries its detail', async () => {
    const finance = await session('finance@demo.local');
    // An order of its own, so entries written beside this test cannot be mistaken for these.
    expect((await api('/api/orders/shop/shop-every-result', appUrl(), finance)).status).toBe(200);
    const print = await api('/orders/shop/shop-every-result/print', appUrl(), finance);
    const evidence = await api('/api/orders/shop/shop-every-result/evidence', appUrl(), finance);
    expect([print.status, evidence.status]).toEqual([200, 200]);
    const rows = await auditCsv('orderId=shop-every-result&action=order.evidence');
    const detailOf = (requestId: string | null) => JSON.parse(rows.find((row) => row.request_id === requestId)?.detail ?? 'null') as Record<string, unknown> | null;
    expect(detailOf(print.headers.get('x-request-id'))).toMatchObject({ print: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(detailOf(evidence.headers.get('x-request-id'))).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(detailOf(evidence.headers.get('x-request-id'))).not.toHaveProperty('print');
  });

  it('writes exactly one entry for each of 60 concurrent lookups', async () => {
    const id = `concurrent-${Date.now()}`.slice(0, 32);
    const support = await session('support@demo.local');
    const answers = await Promise.all(Array.from({ length: 60 }, () => api(`/api/orders/shop/${id}`, appUrl(), support)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([404]));
    const rows = await auditCsv(`orderId=${id}`);
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(60);
  });

  it('records sign-ins and failed sign-ins', async () => {
    await signIn('finance@demo.local');
    const failed = await signInAttempt(appUrl(), 'finance@demo.local', 'wrong-password-123');
    expect(failed.status).toBe(401);
    const rows = await auditCsv('user=finance@demo.local');
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.sign-in', 'auth.sign-in-failed']));
  });

  it('filters by time range and refuses a bad filter', async () => {
    expect(await auditCsv('from=2000-01-01&to=2000-01-02')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditCsv(`from=${today}`)).length).toBeGreaterThan(0);
    const bad = await fetch(`${appUrl()}/api/audit.csv?kind=pizza`, { headers: { cookie: await session('admin@demo.local') } });
    expect(bad.status).toBe(400);
  });

  it('reads dates and times without an offset in the display timezone (Asia/Shanghai), the zone the page shows', async () => {
    const looked = await api('/api/orders/shop/shop-paid-001', appUrl(), await session('support@demo.local'));
    const requestId = looked.headers.get('x-request-id')!;
    const entry = (await auditCsv('orderId=shop-paid-001')).find((r) => r.request_id === requestId)!;
    const at = Date.parse(entry.at!);
    // Shanghai is UTC+8 all year: its wall-clock time is the UTC one moved 8 hours on.
    const shanghai = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19);
    const ids = async (query: string) => (await auditCsv(`orderId=shop-paid-001&${query}`)).map((r) => r.request_id);

    expect(await ids(`from=${shanghai(at - 1000)}&to=${shanghai(at + 1000)}`)).toContain(requestId);
    // Read as UTC, this bound would lie 8 hours after the entry and keep it.
    expect(await ids(`to=${shanghai(at - 1000)}`)).not.toContain(requestId);
    // A date is the whole of that day in Shanghai.
    const day = shanghai(at).slice(0, 10);
    const dayBefore = shanghai(at - 24 * 3600_000).slice(0, 10);
    expect(await ids(`from=${day}&to=${day}`)).toContain(requestId);
    expect(await ids(`to=${dayBefore}`)).not.toContain(requestId);
    // A time with an offset is taken as it is.
    expect(await ids(`from=${encodeURIComponent(new Date(at + 60_000).toISOString())}`)).not.toContain(requestId);
  });

  it('survives a restart', async () => {
    const dataDir = freshDataDir();
    // The suite's settings: on PostgreSQL these servers share the lookup counters with it.
    const env = { ...INTEGRATION_ENV, ORDER_DESK_DATA_DIR: dataDir };
    const first = await startStack({ env });
    const id = 'restart-check-1';
    try {
      expect((await api(`/api/orders/shop/${id}`, first.app.url, await signIn('support@demo.local', first.app.url))).status).toBe(404);
    } finally {
      await first.stop();
    }
    const second = await startStack({ env });
    try {
      const rows = await auditCsv(`orderId=${id}`, second.app.url, await signIn('admin@demo.local', second.app.url));
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows[0]).toMatchObject({ order_id: id, user_email: 'support@demo.local' });
    } finally {
      await second.stop();
    }
  });

  it('pages the audit page on the server, newest first, every entry once, with labelled actions and linked order ids', async () => {
    const id = `audit-page-${Date.now().toString(36)}`;
    for (let i = 0; i < 105; i++) expect((await api(`/api/orders/shop/${id}`)).status).toBe(404);
    const cookie = await session('admin@demo.local');
    const page = async (query: string, locale = 'en') => {
      const response = await fetch(`${appUrl()}/admin/audit?${query}`, { headers: { cookie: `${cookie}; NEXT_LOCALE=${locale}` } });
      expect(response.status).toBe(200);
      const html = await response.text();
      const rows = [...html.matchAll(/data-audit-entry="(\d+)"/g)].map((m) => BigInt(m[1]!));
      const older = /<a href="([^"]*)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      expect(html).not.toMatch(/audit\.csv[^"]*before=/);
      return { html, rows, older };
    };
    const first = await page(`orderId=${id}`);
    expect(first.rows).toHaveLength(100);
    expect(first.older).toBeDefined();
    const second = await page(new URL(first.older!, appUrl()).search.slice(1));
    expect(second.rows).toHaveLength(5);
    expect(second.older).toBeUndefined();
    const all = [...first.rows, ...second.rows];
    expect(new Set(all).size).toBe(105);
    expect(all).toEqual([...all].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    // The action in words, the order id a link to its page, in both languages.
    expect(first.html).toContain('Order lookup');
    expect(first.html).toContain(`href="/orders/shop/${id}"`);
    expect((await page(`orderId=${id}`, 'zh-CN')).html).toContain('订单查询');
    // A cursor that is not an entry id is a bad filter, not a 500.
    for (const cursor of ['abc', '9999999999999999999', '-1']) {
      expect((await page(`before=${cursor}`)).html).toContain('These filters are not valid.');
    }
  });
});
