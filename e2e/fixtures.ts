import { test as base, expect, type Page } from '@playwright/test';

/** Page object for an order page: open it in a language and wait until the order (or error) shows. */
export class OrderPage {
  constructor(readonly page: Page) {}

  async open(path: string, locale: 'en' | 'zh-CN' = 'en') {
    await this.page.context().addCookies([{ name: 'NEXT_LOCALE', value: locale, url: test.info().project.use.baseURL! }]);
    await this.page.goto(path);
    await expect(this.page.getByTestId('order-skeleton')).toHaveCount(0, { timeout: 15_000 });
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
