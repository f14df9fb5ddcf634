import { expect, test } from '@playwright/test';

/**
 * Every run leaves a screenshot of each page, in both languages, narrow and wide, under
 * test-results/screenshots/, to be looked at.
 */
const pages = [
  { name: 'search', path: '/', ready: 'Order Desk' },
  { name: 'service-provider', path: '/orders/service-provider/DD2981741311549200000', ready: 'DD2981741311549200000' },
  { name: 'service-provider-64bit', path: '/orders/service-provider/DD1000000000000000010', ready: 'DD1000000000000000010' },
  { name: 'shop', path: '/orders/shop/522346', ready: '522346' },
  { name: 'shop-partial', path: '/orders/shop/shop-partial-001', ready: 'shop-partial-001' },
  // Readings the documents leave open, and values WeChat sent that Order Desk does not recognise.
  { name: 'service-provider-refunding', path: '/orders/service-provider/DD1000000000000000005', ready: 'DD1000000000000000005' },
  { name: 'service-provider-refunded', path: '/orders/service-provider/DD1000000000000000006', ready: 'DD1000000000000000006' },
  { name: 'shop-odd-results', path: '/orders/shop/shop-odd-results', ready: 'shop-odd-results' },
  { name: 'shop-unknown-flags', path: '/orders/shop/shop-unknown-flags', ready: 'shop-unknown-flags' },
  { name: 'error-quota', path: '/orders/shop/fault-45009', ready: '45009' },
];

for (const locale of ['en', 'zh-CN'] as const) {
  for (const width of [375, 1440]) {
    test(`screenshots ${locale} ${width}px`, async ({ page, context, baseURL }) => {
      // Ten pages, each a WeChat lookup and a full-page screenshot: about 30 s on a busy 2-core machine.
      test.slow();
      await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
      await page.setViewportSize({ width, height: 900 });
      for (const p of pages) {
        await page.goto(p.path);
        await expect(page.getByText(p.ready).first()).toBeVisible();
        await expect(page.getByTestId('order-skeleton')).toHaveCount(0);
        await page.screenshot({ path: `test-results/screenshots/${p.name}-${locale}-${width}.png`, fullPage: true });
      }
    });
  }
}

test('screenshots in the dark theme', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'theme', value: 'dark', url: baseURL! }]);
  await page.setViewportSize({ width: 1440, height: 900 });
  for (const p of pages.filter((x) => x.name === 'shop-partial' || x.name === 'service-provider-64bit')) {
    await page.goto(p.path);
    await expect(page.getByText(p.ready).first()).toBeVisible();
    await expect(page.getByTestId('order-skeleton')).toHaveCount(0);
    await page.screenshot({ path: `test-results/screenshots/${p.name}-dark-1440.png`, fullPage: true });
  }
});
