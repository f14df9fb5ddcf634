import AxeBuilder from '@axe-core/playwright';
import { expect, ownUser, test } from './fixtures';

test.describe('sign-in', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('lands where the person was going, and signs out', async ({ page }) => {
    await page.goto('/orders/shop/522346');
    await expect(page).toHaveURL(/\/login\?next=%2Forders%2Fshop%2F522346$/);
    await page.getByLabel('Email').fill('finance@demo.local');
    await page.getByLabel('Password').fill('orderdesk-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/orders\/shop\/522346$/);
    await expect(page.getByTestId('order-id')).toHaveText('522346');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/orders/shop/522346');
    await expect(page).toHaveURL(/\/login\?next=/);
  });

  test('says so when the password is wrong, in Chinese too', async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: baseURL! }]);
    await page.goto('/login');
    await page.getByLabel('邮箱').fill('support@demo.local');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('sign-in-error')).toHaveText('邮箱或密码不正确。');
    await page.screenshot({ path: 'test-results/screenshots/login-zh-CN-1280.png', fullPage: true });
  });

  test('never puts the password in an address, even when sent before the page’s script has run', async ({ browser, baseURL }) => {
    // Without JavaScript the form is what the browser submits itself, as it would on a click before hydration.
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    const addresses: string[] = [];
    page.on('request', (request) => addresses.push(request.url()));
    const statuses: number[] = [];
    page.on('response', (response) => response.request().method() === 'POST' && statuses.push(response.status()));
    await page.goto('/login?next=%2F');
    await page.getByLabel('Email').fill('support@demo.local');
    await page.getByLabel('Password').fill('orderdesk-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    expect(addresses.filter((url) => url.includes('orderdesk-demo') || url.includes('password='))).toEqual([]);
    // The browser posted the form to the page itself, which answers with the form again to use once it has loaded.
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    await context.close();
  });
});

test.describe('roles', () => {
  test('support sees no admin links and is refused the audit trail', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
    await page.goto('/admin/audit');
    await expect(page.getByTestId('forbidden')).toContainText('support');
  });
});

test.describe('admin', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  // Each test reads the entries of a user of its own: other tests (finance opens shop-refunded-001
  // too, and most write entries) run beside these and would otherwise move "the newest entry".
  test('reads the audit trail, filters it and downloads it as CSV', async ({ page, browser, baseURL }) => {
    // A user made and signed in first, then pages read under load: more than 30 s on a busy 2-core machine.
    test.slow();
    const own = await ownUser(browser, 'support', baseURL!);
    await own.page.goto('/orders/shop/shop-refunded-001');
    await expect(own.page.getByTestId('order-id')).toHaveText('shop-refunded-001');
    await page.goto('/');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByLabel('User (email)').fill(own.email);
    await page.getByLabel('Order id').fill('shop-refunded-001');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/orderId=shop-refunded-001/);
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(own.email);
    await expect(rows.first()).toContainText('shop-refunded-001');
    await expect(rows.first()).toContainText('200');
    await page.screenshot({ path: 'test-results/screenshots/audit-en-1280.png', fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^order-desk-audit-\d{4}-\d\d-\d\d\.csv$/);
    await own.context.close();
  });

  test('labels the actions, links order ids to their page, and pages back to older entries', async ({ page, context, baseURL, browser }) => {
    // A user made and signed in first, then pages read under load: more than 30 s on a busy 2-core machine.
    test.slow();
    const own = await ownUser(browser, 'support', baseURL!);
    const mine = `/admin/audit?user=${encodeURIComponent(own.email)}`;
    await own.page.goto('/orders/shop/shop-partial-001');
    await expect(own.page.getByTestId('order-id')).toHaveText('shop-partial-001');
    for (const [locale, label] of [['en', 'Order lookup'], ['zh-CN', '订单查询']] as const) {
      await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(mine);
      const row = page.getByTestId('audit-table').locator('tbody tr', { hasText: 'shop-partial-001' }).first();
      await expect(row).toContainText(label);
      await page.screenshot({ path: `test-results/screenshots/audit-${locale}-1440.png`, fullPage: true });
    }
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: baseURL! }]);
    await page.goto(`${mine}&orderId=shop-partial-001`);
    await page.getByTestId('audit-table').getByRole('link', { name: 'shop-partial-001' }).first().click();
    await expect(page).toHaveURL(/\/orders\/shop\/shop-partial-001$/);
    // A page holds 100 entries: 101 refused ids (audited, no WeChat call) make a second one.
    for (let i = 0; i < 101; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => own.page.request.get(`/api/orders/shop/not!an-id-${i + j}`)));
    }
    await own.context.close();
    await page.goto(mine);
    const newest = await page.locator('[data-audit-entry]').first().getAttribute('data-audit-entry');
    await page.getByTestId('audit-older').click();
    await expect(page).toHaveURL(/before=\d+/);
    const older = await page.locator('[data-audit-entry]').first().getAttribute('data-audit-entry');
    expect(BigInt(older!)).toBeLessThan(BigInt(newest!));
    await page.getByRole('link', { name: '← Newest entries' }).click();
    await expect(page).toHaveURL((url) => url.pathname === '/admin/audit' && url.searchParams.get('user') === own.email && !url.searchParams.has('before'));
    expect(await page.locator('[data-audit-entry]').first().getAttribute('data-audit-entry')).toBe(newest);
  });

  test('manages users from the users page', async ({ page }) => {
    const email = `e2e-${Date.now()}@example.com`;
    await page.goto('/admin/users');
    const create = page.getByRole('region', { name: 'Add a user' });
    await create.getByLabel('Name').fill('E2E Person');
    await create.getByLabel('Email').fill(email);
    await create.getByLabel('Role').selectOption('finance');
    await create.getByLabel('Password (12 characters or more)').fill('e2e-password-123');
    await create.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    const row = () => page.getByTestId('users-table').locator('tr', { hasText: email });
    await expect(row()).toContainText('Active');
    await row().getByRole('button', { name: 'Disable' }).click();
    await expect(row()).toContainText('Disabled');
    await page.screenshot({ path: 'test-results/screenshots/users-en-1280.png', fullPage: true });
  });

  for (const path of ['/admin/audit', '/admin/users', '/orders', '/orders/attention']) {
    test(`${path} has no serious axe violations and fits 375 px`, async ({ page, context, baseURL }) => {
      test.slow();
      for (const locale of ['en', 'zh-CN']) {
        await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
        await page.setViewportSize({ width: 375, height: 800 });
        await page.goto(path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} ${locale}`).toBeLessThanOrEqual(0);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), path).toEqual([]);
        await page.screenshot({ path: `test-results/screenshots/${path.split('/').pop()}-${locale}-375.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.screenshot({ path: `test-results/screenshots/${path.split('/').pop()}-${locale}-1440.png`, fullPage: true });
      }
    });
  }
});
