import { randomUUID } from 'node:crypto';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** Page object for an order page: open it in a language and wait until the order (or error) shows. */
export class OrderPage {
  constructor(readonly page: Page) {}

  async open(path: string, locale: 'en' | 'zh-CN' = 'en') {
    await this.page.context().addCookies([{ name: 'NEXT_LOCALE', value: locale, url: test.info().project.use.baseURL! }]);
    await this.page.goto(path);
    await expect(this.page.getByTestId('order-skeleton')).toHaveCount(0, { timeout: 15_000 });
    // The page (an order or its error too) comes as HTML before React takes it over: until then
    // its buttons do nothing. React keeps an element's props on the element once it has.
    await this.page.waitForFunction(() => {
      const shown = [...document.querySelectorAll('[data-testid="language-switch"], [data-testid="as-of"], [data-testid="order-error"]')];
      return shown.length > 0 && shown.every((element) => Object.keys(element).some((key) => key.startsWith('__reactProps')));
    });
  }

  section(name: string | RegExp) {
    return this.page.getByRole('region', { name });
  }
}

export const test = base.extend<{ orderPage: OrderPage }>({
  orderPage: async ({ page }, provide) => {
    await provide(new OrderPage(page));
  },
});

export { expect };

export type Role = 'support' | 'finance' | 'admin';

export interface OwnUser {
  email: string;
  context: BrowserContext;
  page: Page;
}

/**
 * A user of its own for one test, made by the demo admin and signed in in a browser context of
 * its own: what the test then reads filtered by this user (audit entries, API keys, batches) holds
 * nothing another test, running beside it or before it, wrote. Close `context` when done.
 */
export async function ownUser(browser: Browser, role: Role, baseURL: string): Promise<OwnUser> {
  const email = `e2e-${role}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `e2e-password-${randomUUID()}`;
  const admin = await browser.newContext({ baseURL, storageState: 'e2e/.auth/admin.json' });
  try {
    const created = await admin.request.post('/api/admin/users', { data: { intent: 'create', name: `E2E ${role}`, email, role, password }, headers: { origin: baseURL } });
    expect(created.status(), await created.text()).toBe(200);
  } finally {
    await admin.close();
  }
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] }, locale: 'en-US', timezoneId: 'America/New_York' });
  const signedIn = await context.request.post('/api/auth/sign-in/email', { data: { email, password }, headers: { origin: baseURL } });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  return { email, context, page: await context.newPage() };
}

/**
 * Waits until React owns the element (it carries React's props). Typed text is kept from before
 * (components/ui/use-early-input.ts), but a click made before that does nothing.
 */
export async function hydrated(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const element = document.querySelector(`[data-testid="${id}"]`);
    return element !== null && Object.keys(element).some((key) => key.startsWith('__reactProps'));
  }, testId);
}

/**
 * A slow connection: the page's scripts are held back until the returned function is called, so
 * a spec can type into the page as it was first shown. Navigate with `waitUntil: 'commit'`.
 */
export async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_next/static/chunks/**', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
