import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test } from './fixtures';

/** A finance user's view of the orders Order Desk has seen, and what needs attention. */
test.use({ storageState: 'e2e/.auth/finance.json' });

test('a finance user filters the orders seen and downloads them as CSV', async ({ page, orderPage }) => {
  // Seen: two shop orders with a refund in progress, one without.
  for (const id of ['shop-partial-001', 'shop-odd-results', 'shop-refunded-001']) await orderPage.open(`/orders/shop/${id}`);
  await page.goto('/');
  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Orders', exact: true })).toBeVisible();
  await page.getByLabel('Kind').selectOption('shop');
  await page.getByLabel('Refunds in progress').check();
  await page.getByLabel('Amount from (¥)').fill('100');
  await page.getByLabel('Amount to (¥)').fill('100');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/refundsInProgress=1/);
  const table = page.getByTestId('orders-table');
  await expect(table).toContainText('shop-partial-001');
  await expect(table).toContainText('shop-odd-results');
  await expect(table).not.toContainText('shop-refunded-001');
  await expect(table).toContainText('¥100.00');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('orders-csv').click();
  const download = await downloading;
  const rows = parse(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  // Every order seen matching the filter, whoever looked it up: other specs look up orders too, so
  // the file holds these two and whatever else matches, never an order that does not.
  const ids = rows.map((r) => r.order_id);
  expect(ids).toEqual(expect.arrayContaining(['shop-odd-results', 'shop-partial-001']));
  expect(ids).not.toContain('shop-refunded-001');
  for (const row of rows) expect([row.order_id, row.kind, row.amount_fen]).toEqual([row.order_id, 'shop', '10000']);

  await table.getByRole('link', { name: 'shop-partial-001' }).click();
  await expect(page.getByTestId('order-id')).toHaveText('shop-partial-001');
});

test('the home page counts what needs attention, and the list says why', async ({ page, orderPage }) => {
  await orderPage.open('/orders/shop/shop-sharing-001');
  await page.goto('/');
  const summary = page.getByTestId('attention-summary');
  await expect(summary).toContainText('need attention');
  await summary.getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Needs attention' })).toBeVisible();
  await expect(page.getByTestId('attention-recheck')).toBeVisible();
  // A page of at most 100 lines; other tests' orders may fill it, so find this one in the list.
  expect(await page.getByTestId('attention-table').locator('tbody tr').count()).toBeLessThanOrEqual(100);
  await page.getByTestId('attention-find').fill('shop-sharing-001');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page).toHaveURL(/[?&]order=shop-sharing-001/);
  await expect(page.getByTestId('attention-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('attention-table').getByRole('row', { name: /shop-sharing-001/ })).toContainText('A profit sharing failed');
  await page.goto('/orders/attention?page=0');
  await expect(page.getByTestId('filter-error')).toContainText('use a page number from 1 to 10');
});

test.describe('in Chinese', () => {
  test('the attention list speaks Chinese', async ({ page, context, baseURL, orderPage }) => {
    await orderPage.open('/orders/shop/shop-partial-001');
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: baseURL! }]);
    await page.goto('/orders/attention?order=shop-partial-001');
    await expect(page.getByRole('heading', { name: '待处理' })).toBeVisible();
    await expect(page.getByTestId('attention-table')).toContainText('有退款失败');
  });
});

test.describe('support', () => {
  test.use({ storageState: 'e2e/.auth/support.json' });
  test('sees neither the list nor its link', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Orders', exact: true })).toHaveCount(0);
    await expect(page.getByTestId('attention-summary')).toHaveCount(0);
    await page.goto('/orders');
    await expect(page.getByTestId('forbidden')).toBeVisible();
  });
});
