import { expect, test } from '@playwright/test';
import { freePort, removeFreshDataDirs, startStack, type Stack } from '../tests/support/stack';
import { startOidcProvider } from '../tests/support/oidc-provider';

/**
 * Single sign-on through a real OpenID Connect provider, with local sign-in switched off: a
 * dashboard and simulator of their own, so the shared server keeps its settings.
 */
test.describe.configure({ mode: 'serial' });

let stack: Stack;
let oidc: Awaited<ReturnType<typeof startOidcProvider>>;

test.use({ storageState: { cookies: [], origins: [] } });

test.beforeAll(async () => {
  // Starts an OIDC provider and a server of its own: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  const appPort = await freePort();
  const oidcPort = await freePort();
  oidc = await startOidcProvider({
    port: oidcPort,
    clientId: 'order-desk',
    clientSecret: 'order-desk-test-client-secret',
    redirectUri: `http://127.0.0.1:${appPort}/api/auth/callback/oidc`,
  });
  stack = await startStack({
    port: appPort,
    env: {
      ORDER_DESK_OIDC_ISSUER: oidc.issuer,
      ORDER_DESK_OIDC_CLIENT_ID: 'order-desk',
      ORDER_DESK_OIDC_CLIENT_SECRET: 'order-desk-test-client-secret',
      ORDER_DESK_OIDC_NAME: 'Test SSO',
      ORDER_DESK_LOCAL_SIGN_IN: '0',
    },
  });
});

test.afterAll(async () => {
  await stack?.stop();
  await oidc?.close();
  removeFreshDataDirs();
});

test('signs in through the OpenID Connect provider and lands where it was going', async ({ page }) => {
  await page.goto(`${stack.app.url}/orders/shop/522346`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign in with Test SSO' }).click();
  await page.locator('input[name=login]').fill('alice');
  await page.locator('input[name=password]').fill('anything');
  await page.locator('button[type=submit]').click();
  const consent = page.locator('button[type=submit]');
  if (await consent.isVisible().catch(() => false)) await consent.click();
  await expect(page).toHaveURL(`${stack.app.url}/orders/shop/522346`);
  await expect(page.getByTestId('signed-in-as')).toContainText('alice@sso.example.com (support)');
  await expect(page.getByTestId('order-id')).toHaveText('522346');
});

test('refuses password sign-in when local sign-in is off', async ({ request }) => {
  const response = await request.post(`${stack.app.url}/api/auth/sign-in/email`, {
    headers: { origin: stack.app.url },
    data: { email: 'support@demo.local', password: 'orderdesk-demo' },
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect(response.status()).toBeLessThan(500);
});
