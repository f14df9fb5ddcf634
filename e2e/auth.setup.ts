import { expect, test as setup } from '@playwright/test';

/** Signs in once per role through the login page and keeps the session for the other specs. */
for (const role of ['support', 'finance', 'admin'] as const) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    await page.getByLabel('Email').fill(`${role}@demo.local`);
    await page.getByLabel('Password').fill('orderdesk-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in hashes the password (scrypt): on a loaded machine that outlasts the 5 s default.
    await expect(page).toHaveURL(/\/$/, { timeout: 30_000 });
    await expect(page.getByTestId('signed-in-as')).toContainText(`${role}@demo.local`);
    await page.context().storageState({ path: `e2e/.auth/${role}.json` });
  });
}
