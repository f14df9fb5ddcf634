import { expect, test } from '@playwright/test';

/**
 * What a finance user sees of WeChat's answers in batches and the attention list (issue 20,
 * items 1-4): a parameter error counted as what it is, "remaining" only where money remains, and
 * a result Order Desk does not recognise raising its own reason. Ids of its own, so other tests
 * running beside it change nothing here.
 */
test.use({ storageState: 'e2e/.auth/finance.json' });

test('a batch counts 10120002 as a parameter error and totals "remaining" over paid shop orders only', async ({ page, baseURL }) => {
  test.slow();
  const created = await page.request.post('/api/batches', {
    data: { ids: ['DD9990000000000000777', 'rd-e2e-nosuch-1', 'shop-unpaid-001', 'DD1000000000000000001', 'shop-partial-001'] },
    headers: { origin: baseURL! },
  });
  expect(created.status()).toBe(201);
  const { batch } = (await created.json()) as { batch: { id: string } };
  await page.goto(`/batches/${batch.id}`);
  await expect(page.getByTestId('batch-status')).toHaveText('Done', { timeout: 75_000 });
  const counts = page.getByTestId('batch-counts');
  await expect(counts).toContainText('WeChat: parameter error, 10120002');
  await expect(page.getByTestId('count-parameter-error')).toHaveText('1');
  await expect(page.getByTestId('count-not-found')).toHaveText('1');
  await expect(page.getByTestId('count-found')).toHaveText('3');
  // shop-partial-001: ¥100.00 less ¥30.00 refunded; the unpaid shop order and the unpaid service-provider order hold nothing.
  await expect(page.getByTestId('total-remaining')).toHaveText('¥70.00');
  const unpaid = page.getByTestId('batch-item').filter({ hasText: 'shop-unpaid-001' });
  await expect(unpaid).toContainText('¥100.00');
  await expect(unpaid.locator('td').nth(6)).toHaveText(/—$/);
});

test('the attention list shows a result Order Desk does not recognise as its own reason, in both languages', async ({ page, context, baseURL }) => {
  expect((await page.request.get('/api/orders/shop/shop-odd-results')).status()).toBe(200);
  await page.goto('/orders/attention?order=shop-odd-results');
  const row = page.getByTestId('attention-table').getByRole('row', { name: /shop-odd-results/ });
  await expect(row.locator('[data-reason="result-unknown"]')).toHaveText('A refund or profit sharing has a result Order Desk does not recognise: result unknown');
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: baseURL! }]);
  await page.reload();
  await expect(page.getByTestId('attention-table').getByRole('row', { name: /shop-odd-results/ }).locator('[data-reason="result-unknown"]')).toHaveText('有退款或分账的结果 Order Desk 无法识别：结果未知');
});
