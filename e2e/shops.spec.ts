import { expect, test } from './fixtures';

/**
 * Two mini-program shops (the demo's WECHAT_SHOPS: 旗舰店 `main` and 奥莱店 `outlet`), as support
 * sees them: a shop picker, a trade number looked up in every shop, and the shop on the order page.
 */
test.describe('several shops', () => {
  test('a trade number in both shops offers both; the one picked opens in its shop', async ({ page }) => {
    await page.goto('/');
    const picker = page.getByTestId('shop-picker');
    await expect(picker.locator('option')).toHaveText(['All shops', '旗舰店', '奥莱店']);
    await page.getByLabel('Order id').fill('shop-both-001');
    await page.getByLabel('Order id').press('Enter');
    const list = page.getByTestId('search-matches');
    await expect(list).toContainText('2 orders carry “shop-both-001”');
    await expect(list.getByRole('link')).toHaveCount(2);
    await expect(list.getByRole('link', { name: /旗舰店/ })).toContainText('¥50.00');
    const outlet = list.getByRole('link', { name: /奥莱店/ });
    await expect(outlet).toContainText('¥77.00');
    await outlet.click();
    await expect(page).toHaveURL(/\/orders\/shop\/shop-both-001\?shop=outlet$/);
    await expect(page.getByTestId('shop-name')).toHaveText('奥莱店 (outlet)');
    await expect(page.getByTestId('amount')).toHaveText('¥77.00');
  });

  test('a shop picked first looks the trade number up there alone', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
    await page.goto('/');
    await page.getByTestId('shop-picker').selectOption({ label: '奥莱店' });
    await page.getByLabel('Order id').fill('outlet-paid-001');
    await page.getByLabel('Order id').press('Enter');
    await expect(page).toHaveURL(/\/orders\/shop\/outlet-paid-001\?shop=outlet$/);
    await expect(page.getByTestId('shop-name')).toHaveText('奥莱店 (outlet)');
    await expect(page.getByTestId('description')).toContainText('Outlet annual card');
    // The summary staff paste into a ticket names the shop too.
    await page.getByRole('button', { name: 'Copy summary' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Shop: 奥莱店 (outlet)');
  });

  test('a trade number no shop has says which shops were asked', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Order id').fill('no-shop-has-this');
    await page.getByLabel('Order id').press('Enter');
    await expect(page.getByTestId('search-no-match')).toContainText('No shop has an order with the trade number “no-shop-has-this” (looked up just now in 旗舰店, 奥莱店)');
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    for (const width of [375, 1440]) {
      test(`screenshots of the shop picker and an order of the second shop, ${locale} ${width}px`, async ({ page, context, baseURL, orderPage }) => {
        await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
        await page.setViewportSize({ width, height: 900 });
        await page.goto('/');
        await page.locator('#order-search').fill('shop-both-001');
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('search-matches').getByRole('link')).toHaveCount(2);
        await page.screenshot({ path: `test-results/screenshots/shops-search-${locale}-${width}.png`, fullPage: true });
        await orderPage.open('/orders/shop/shop-both-001?shop=outlet', locale);
        await expect(page.getByTestId('shop-name')).toBeVisible();
        await page.screenshot({ path: `test-results/screenshots/shops-order-${locale}-${width}.png`, fullPage: true });
      });
    }
  }
});
