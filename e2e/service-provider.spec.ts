import { expect, test } from './fixtures';

test.describe('service-provider order page', () => {
  test('shows every section of the document example, times in Asia/Shanghai', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD2981741311549200000');
    await expect(page.getByTestId('status-badge')).toHaveText('Paid');
    await expect(page.getByTestId('price')).toHaveText('¥0.01');
    await expect(page.getByTestId('product-names')).toHaveText('spu name · sku name');
    await expect(page.getByText('10000111 / 20000176')).toBeVisible();
    await expect(page.getByText('100100', { exact: true })).toBeVisible();
    // The browser runs in New York; times follow the display setting.
    const timeline = page.getByTestId('timeline');
    await expect(timeline.locator('[data-event=created]')).toContainText('2023-06-20 20:57:21 GMT+8');
    await expect(timeline.locator('[data-event=paid]')).toContainText('2023-06-20 20:57:36 GMT+8');
    await expect(timeline.locator('[data-event=validity-end]')).toContainText('2024-06-19 20:57:36 GMT+8');
    await expect(timeline.locator('li')).toHaveCount(7);
    await expect(page.getByTestId('validity-state')).toContainText(/expired \d+ days ago/);
    await expect(page.getByTestId('invoice-status')).toContainText('Invoiced · 2');
    await expect(page.getByTestId('usage')).toContainText('0 of 1,000 used');
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  });

  test('is exact for 64-bit price and usage', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000010');
    await expect(page.getByTestId('price')).toHaveText('¥92,233,720,368,547,758.07');
    await expect(page.getByTestId('usage')).toContainText('9,007,199,254,740,993 of 18,014,398,509,481,984 used');
    await expect(page.getByTestId('usage-percent')).toHaveText('50.00%');
    await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
    await expect(page.getByTestId('usage')).toContainText('9,007,199,254,740,991 remaining');
  });

  test('says why usage and invoice are missing on an unpaid order', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000001');
    await expect(page.getByTestId('status-badge')).toHaveText('Awaiting payment');
    await expect(page.getByText('Usage is available once the order is paid.')).toBeVisible();
    await expect(page.getByTestId('invoice-status')).toHaveText('No invoice requested.');
    await expect(page.getByTestId('timeline').locator('[data-event=paid]')).toHaveCount(0);
    await expect(page.getByTestId('timeline').locator('[data-event=validity-end]')).toContainText('Upcoming');
  });

  test('warns near exhaustion and shows unknown codes with their number', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000011');
    await expect(page.getByTestId('usage-percent')).toHaveText('95.00%');
    await expect(page.getByRole('progressbar').locator('div')).toHaveClass(/bg-bad/);
    await orderPage.open('/orders/service-provider/DD1000000000000000008');
    await expect(page.getByTestId('status-badge')).toHaveText('Unknown (code 8)');
    await expect(page.getByTestId('invoice-status')).toHaveText('Unknown (code 7)');
  });

  test('renders WeChat text as text, never as HTML', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000012');
    await expect(page.getByTestId('product-names')).toHaveText('<img src=x onerror=alert(1)>短信资源包 · <b>十万条</b> & "quotes"');
    await expect(page.locator('main img')).toHaveCount(0);
    await expect(page.locator('main b')).toHaveCount(0);
  });

  test('reads in Chinese', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD2981741311549200000', 'zh-CN');
    await expect(page.getByTestId('status-badge')).toHaveText('支付成功');
    await expect(page.getByTestId('invoice-status')).toContainText('已开票 · 2');
    await expect(page.getByTestId('usage')).toContainText('已用 0 / 共 1,000');
    await expect(page.getByTestId('timeline').locator('[data-event=created]')).toContainText('订单创建');
    await expect(page.getByTestId('validity-state')).toContainText(/已过期 \d+ 天/);
  });
});
