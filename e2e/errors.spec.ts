import { expect, test } from './fixtures';

test.describe('errors staff can act on', () => {
  test('not found names the id and kind', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/no-such-order');
    const error = page.getByTestId('order-error');
    await expect(error).toHaveAttribute('data-code', 'not_found');
    await expect(error).toContainText('No such order');
    await expect(error).toContainText('WeChat has no Shop order with the id “no-such-order”.');
  });

  test('quota reached: the message, the errcode and what to do', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/fault-45009');
    const error = page.getByTestId('order-error');
    await expect(error).toContainText("The account's daily API quota is used up.");
    await expect(error).toContainText('Wait for the daily reset');
    await expect(page.getByTestId('error-errcode')).toContainText('WeChat errcode 45009');
    await expect(page.getByTestId('error-errcode')).toContainText('HTTP 429');
  });

  test('whitelist, timeout, garbled answer and a dropped connection, in Chinese', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/fault-40164', 'zh-CN');
    await expect(page.getByTestId('order-error')).toContainText('本服务器的 IP 不在该账号的 IP 白名单中。');
    await orderPage.open('/orders/shop/fault-slow', 'zh-CN');
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'timeout');
    await expect(page.getByTestId('order-error')).toContainText('微信未在 1500 毫秒内响应。');
    await orderPage.open('/orders/service-provider/DD999701', 'zh-CN');
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'invalid_response');
    await orderPage.open('/orders/shop/fault-drop', 'zh-CN');
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'upstream_unreachable');
  });

  test('a malformed id in the URL is refused with the rule', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/12%2045');
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'invalid_id');
    await expect(page.getByTestId('order-error')).toContainText('letters, digits, _ or -');
  });

  test('retry asks again', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/fault-45011');
    let asked = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/orders/shop/fault-45011')) asked += 1;
    });
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => asked).toBe(1);
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'rate_limited');
  });
});
