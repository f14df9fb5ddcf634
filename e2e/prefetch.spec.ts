import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The order page in one round trip: the server looks the order up while the skeleton shows and
 * hands it to the page, so the browser asks /api/orders only when staff refresh. Each test
 * browses with a user agent of its own and counts the audit entries carrying it (the admin's
 * CSV), so a second lookup anywhere would show.
 */
type AuditRow = Record<'order_id' | 'status' | 'user_agent' | 'request_id', string>;

async function browse(browser: Browser) {
  const userAgent = `order-desk-e2e prefetch ${randomUUID()}`;
  const context = await browser.newContext({ storageState: 'e2e/.auth/support.json', userAgent, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/orders/')) apiCalls.push(request.url());
  });
  // A server-rendered order that the browser renders differently (a hydration mismatch) is reported here.
  // The app has no favicon: the browser's own request for one is not the page's doing.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { page, apiCalls, consoleErrors, userAgent, close: () => context.close() };
}

async function auditEntries(browser: Browser, orderId: string, userAgent: string): Promise<AuditRow[]> {
  const admin = await browser.newContext({ storageState: 'e2e/.auth/admin.json' });
  try {
    const response = await admin.request.get(`/api/audit.csv?action=order.lookup&orderId=${encodeURIComponent(orderId)}`);
    expect(response.status()).toBe(200);
    const rows = parse(await response.text(), { columns: true, bom: true }) as AuditRow[];
    return rows.filter((row) => row.user_agent === userAgent);
  } finally {
    await admin.close();
  }
}

/** Lets anything the page would still ask for go out before counting. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
}

test.describe('order page prefetched on the server', () => {
  test('first load: the order without asking the API, audited once; refresh asks the API', async ({ browser }) => {
    const { page, apiCalls, consoleErrors, userAgent, close } = await browse(browser);
    const response = await page.goto('/orders/shop/522346');
    await expect(page.getByTestId('order-id')).toHaveText('522346');
    await expect(page.getByTestId('status-badge')).toHaveText('Refunded');
    await settle(page);
    expect(apiCalls).toEqual([]);
    expect(consoleErrors).toEqual([]);

    const viewed = await auditEntries(browser, '522346', userAgent);
    expect(viewed.map((row) => [row.status, row.request_id])).toEqual([['200', response!.headers()['x-request-id']]]);

    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/orders/shop/522346');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const apiResponse = await refreshed;
    expect(apiResponse.status()).toBe(200);
    await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled();
    await settle(page);
    expect(apiCalls).toHaveLength(1);
    const after = await auditEntries(browser, '522346', userAgent);
    expect(after.map((row) => row.request_id).sort()).toEqual([response!.headers()['x-request-id'], apiResponse.headers()['x-request-id']].sort());
    await close();
  });

  test('an error found on the server shows without the browser asking again', async ({ browser }) => {
    const { page, apiCalls, consoleErrors, userAgent, close } = await browse(browser);
    await page.goto('/orders/shop/fault-45009');
    await expect(page.getByTestId('order-error')).toContainText("The account's daily API quota is used up.");
    await expect(page.getByTestId('error-errcode')).toContainText('HTTP 429');
    await settle(page);
    expect(apiCalls).toEqual([]);
    expect((await auditEntries(browser, 'fault-45009', userAgent)).map((row) => row.status)).toEqual(['429']);

    await page.goto('/orders/service-provider/DD2981741311549300000');
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'not_found');
    await settle(page);
    expect(apiCalls).toEqual([]);
    expect((await auditEntries(browser, 'DD2981741311549300000', userAgent)).map((row) => row.status)).toEqual(['404']);
    expect(consoleErrors).toEqual([]);
    await close();
  });

  test('following a link from the search page: one lookup, on the server; links shown are not looked up', async ({ browser }) => {
    const { page, apiCalls, userAgent, close } = await browse(browser);
    await page.goto('/');
    const example = page.getByRole('link', { name: /DD2981741311549200000/ });
    await example.hover();
    await settle(page);
    expect(await auditEntries(browser, 'DD2981741311549200000', userAgent)).toEqual([]);

    await example.click();
    await expect(page.getByTestId('order-id')).toHaveText('DD2981741311549200000');
    await settle(page);
    expect(apiCalls).toEqual([]);
    expect((await auditEntries(browser, 'DD2981741311549200000', userAgent)).map((row) => row.status)).toEqual(['200']);
    await close();
  });
});
