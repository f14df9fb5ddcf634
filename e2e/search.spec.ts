import { expect, test } from './fixtures';

test.describe('search', () => {
  test('is focused on arrival and opens a service-provider order on Enter', async ({ page }) => {
    await page.goto('/');
    const box = page.getByLabel('Order id');
    await expect(box).toBeFocused();
    await box.fill('  "DD2981741311549200000"  ');
    await expect(page.getByTestId('search-note')).toHaveText('Looks like a Service-provider order.');
    await box.press('Enter');
    await expect(page).toHaveURL(/\/orders\/service-provider\/DD2981741311549200000$/);
    await expect(page.getByTestId('order-id')).toHaveText('DD2981741311549200000');
  });

  test('opens a shop order and remembers it under the box', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Order id').fill('522346');
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page).toHaveURL(/\/orders\/shop\/522346$/);
    await expect(page.getByTestId('order-id')).toHaveText('522346');
    await page.goto('/');
    await expect(page.getByTestId('recent-list')).toContainText('522346');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByTestId('recent-list')).toHaveCount(0);
  });

  test('explains ids WeChat cannot look up by, and refuses malformed input without a request', async ({ page }) => {
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/orders/')) apiCalls.push(r.url());
    });
    await page.goto('/');
    const box = page.getByLabel('Order id');
    await box.fill('4302900974202204024351451925');
    await box.press('Enter');
    await expect(page.getByTestId('search-note')).toContainText('transaction id');
    await expect(page.getByTestId('search-note')).toContainText('trade_no');
    await box.fill('50301901362022040218937476250');
    await expect(page.getByTestId('search-note')).toContainText('refund id');
    await box.fill('not an id!');
    await box.press('Enter');
    await expect(page.getByTestId('search-note')).toContainText('is not an order id');
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await box.fill('');
    await box.press('Enter');
    await expect(page.getByTestId('search-note')).toHaveText('Enter an order id.');
    await expect(page).toHaveURL(/\/$/);
    expect(apiCalls).toEqual([]);
  });

  test('lets the kind switch override the guess', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Shop order').check();
    await page.getByLabel('Order id').fill('DD1000000000000000002');
    await page.getByLabel('Order id').press('Enter');
    await expect(page).toHaveURL(/\/orders\/shop\/DD1000000000000000002$/);
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'not_found');
  });

  test('"/" focuses search from any page', async ({ page }) => {
    await page.goto('/orders/shop/522346');
    await expect(page.getByTestId('order-id')).toBeVisible();
    await page.keyboard.press('/');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByLabel('Order id')).toBeFocused();
    await page.getByRole('link', { name: /Order Desk/ }).first().focus();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Order id')).toBeFocused();
  });

  test('speaks Chinese', async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: baseURL! }]);
    await page.goto('/');
    await page.getByLabel('订单号').fill('4302900974202204024351451925');
    await expect(page.getByTestId('search-note')).toContainText('微信支付交易单号');
  });
});
