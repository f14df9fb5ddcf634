import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

const everyPage = [
  '/',
  '/orders/service-provider/DD2981741311549200000',
  '/orders/service-provider/DD1000000000000000001',
  '/orders/shop/522346',
  '/orders/shop/shop-partial-001',
  '/orders/shop/shop-many-refunds',
  '/account/api-keys',
  '/orders/shop/fault-45009',
];

test.describe('on every page', () => {
  test('a deep link survives a reload', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-partial-001');
    await page.reload();
    await expect(page.getByTestId('order-id')).toHaveText('shop-partial-001');
    await expect(page.getByTestId('as-of')).toContainText(/Data as of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+8/);
  });

  test('copy buttons put the id, the summary and the raw JSON on the clipboard', async ({ orderPage, page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await orderPage.open('/orders/shop/522346');
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.getByRole('button', { name: 'Copy transaction id' }).click();
    expect(await clipboard()).toBe('4302900974202204024351451925');
    await page.getByRole('button', { name: 'Copy summary' }).click();
    const summary = await clipboard();
    expect(summary).toContain('Trade number: 522346');
    expect(summary).toContain('Amount: ¥0.01');
    expect(summary).toContain('Remaining after refunds: ¥0.00');
    await page.getByText("WeChat's raw answer (JSON)").click();
    await page.getByRole('button', { name: 'Copy JSON' }).click();
    expect(JSON.parse(await clipboard())).toMatchObject({ trade_no: '522346', amount: 1 });
  });

  test('refresh fetches the order again', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD2981741311549200000');
    const before = await page.getByTestId('as-of').textContent();
    await page.waitForTimeout(1100);
    const answer = page.waitForResponse((r) => r.url().includes('/api/orders/service-provider/'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    expect((await answer).status()).toBe(200);
    await expect(page.getByTestId('as-of')).not.toHaveText(before!);
  });

  test('language and theme are chosen and remembered', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.getByLabel('订单号')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await page.getByTestId('theme-switch').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(15, 18, 22)');
    await page.getByTestId('language-switch').selectOption('en');
    await expect(page.getByLabel('Order id')).toBeVisible();
  });

  test('the default language follows the browser', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ locale: 'zh-CN', baseURL: baseURL!, storageState: 'e2e/.auth/support.json' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByLabel('订单号')).toBeVisible();
    await context.close();
  });

  test('nothing scrolls sideways at 375 px', async ({ orderPage, page }) => {
    // Sixteen page loads; on a busy 2-core machine that can pass 30 s.
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of everyPage) {
      for (const locale of ['en', 'zh-CN'] as const) {
        await orderPage.open(path, locale);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} ${locale}`).toBeLessThanOrEqual(0);
      }
    }
  });

  for (const path of everyPage) {
    test(`no serious or critical axe violations: ${path}`, async ({ orderPage, page, baseURL }) => {
      // axe walks every node twice (light and dark); the 40-refund page takes ~25 s on a busy 2-core machine.
      test.setTimeout(90_000);
      for (const theme of ['light', 'dark']) {
        await page.context().addCookies([{ name: 'theme', value: theme, url: baseURL! }]);
        await orderPage.open(path);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${path} ${theme}`).toEqual([]);
      }
    });
  }

  test('is keyboard reachable: skip link, then the controls', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/522346');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Order Desk' })).toBeFocused();
    await page.getByRole('button', { name: 'Refresh' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('order-id')).toHaveText('522346');
  });
});
