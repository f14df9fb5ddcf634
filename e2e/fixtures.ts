import { test as base, expect, type Page } from '@playwright/test';

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
