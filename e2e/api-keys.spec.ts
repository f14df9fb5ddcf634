import { request as httpRequest, type Page } from '@playwright/test';
import { expect, ownUser, test } from './fixtures';

/** The API as a script sees it: no cookies, only the key. */
async function lookUpWith(baseURL: string, key: string) {
  const script = await httpRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const response = await script.get('/api/orders/shop/522346', { headers: { 'x-api-key': key } });
    return { status: response.status(), body: (await response.json()) as { order?: { tradeNo: string } } };
  } finally {
    await script.dispose();
  }
}

async function createKey(page: Page, name: string, expiry: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Expires after').selectOption({ label: expiry });
  await page.getByRole('button', { name: 'Create key' }).click();
  const value = page.getByTestId('new-api-key-value');
  await expect(value).toHaveText(/^od_[A-Za-z]{64}$/);
  return (await value.textContent())!;
}

/*
 * Each test makes keys as a user of its own: the shared demo user's keys outlive a run that fails
 * half-way (MAX_KEYS_PER_USER is 20, and the screenshots look for one row by its name).
 */
test('a user creates a key, sees it once, a script uses it, and revoking it stops the script', async ({ browser, baseURL }) => {
  const { page, context } = await ownUser(browser, 'support', baseURL!);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const name = `e2e ${Date.now()}`;
  await page.goto('/');
  await page.getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/account\/api-keys$/);

  const key = await createKey(page, name, '30 days');
  await expect(page.getByTestId('new-api-key')).toContainText('shown only this once');
  await page.getByRole('button', { name: 'Copy key' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  const row = page.getByTestId('api-keys-table').locator('tr', { hasText: name });
  await expect(row).toContainText(`${key.slice(0, 10)}…`);
  await expect(row.locator('td[data-label="Last used"]')).toHaveText('Never');

  // Once dismissed (or the page reloaded) the key is nowhere on the page.
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(key);

  const used = await lookUpWith(baseURL!, key);
  expect(used.status).toBe(200);
  expect(used.body.order?.tradeNo).toBe('522346');
  await page.reload();
  await expect(row.locator('td[data-label="Last used"]')).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+8/);

  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText(`Revoke “${name}”? Scripts using it stop working at once.`);
  await row.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(page.getByTestId('api-keys-table').locator('tr', { hasText: name })).toHaveCount(0);
  expect((await lookUpWith(baseURL!, key)).status).toBe(401);
  await context.close();
});

test('a page asked with only a key goes to sign-in', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL: baseURL!, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { 'x-api-key': 'od_DemoOnlyFinanceKeyForTheLocalOrderDeskDemoNeverUseItInProduction' } });
  const page = await context.newPage();
  await page.goto('/account/api-keys');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Fapi-keys$/);
  await context.close();
});

for (const locale of ['en', 'zh-CN'] as const) {
  for (const width of [375, 1440]) {
    test(`screenshots of the API keys page ${locale} ${width}px`, async ({ browser, baseURL }) => {
      const { page, context } = await ownUser(browser, 'support', baseURL!);
      await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/account/api-keys');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(locale === 'en' ? 'API keys' : 'API 密钥');
      const name = locale === 'en' ? `Month-end reconciliation ${width}` : `月末对账 ${width}`;
      await page.getByLabel(locale === 'en' ? 'Name' : '名称').fill(name);
      await page.getByLabel(locale === 'en' ? 'Expires after' : '有效期').selectOption('90');
      await page.getByRole('button', { name: locale === 'en' ? 'Create key' : '创建密钥' }).click();
      await expect(page.getByTestId('new-api-key-value')).toHaveText(/^od_/);
      const row = page.getByTestId('api-keys-table').locator('tr', { hasText: name });
      await expect(row).toHaveCount(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `test-results/screenshots/api-keys-${locale}-${width}.png`, fullPage: true });
      await row.getByRole('button', { name: locale === 'en' ? 'Revoke' : '撤销' }).click();
      await page.screenshot({ path: `test-results/screenshots/api-keys-revoke-${locale}-${width}.png`, fullPage: true });
      await row.getByRole('button', { name: locale === 'en' ? 'Yes, revoke' : '确定撤销' }).click();
      await expect(row).toHaveCount(0);
      await context.close();
    });
  }
}
