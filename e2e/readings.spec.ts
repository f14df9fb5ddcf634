import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Issue 9: what the pages say is what WeChat said, with the raw value beside every open reading. */
const total = (page: Page, key: string) => page.locator(`[data-total=${key}] dd`);

test.describe('shop order readings', () => {
  test('names the profit-sharing mchid as the document does: the merchant id', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-sharing-001');
    const table = page.getByTestId('sharing-table');
    await expect(table.getByRole('columnheader', { name: 'Merchant id' })).toBeVisible();
    await expect(page.getByText('Receiving merchant')).toHaveCount(0);
    await expect(table.locator('tbody tr').first()).toContainText('1623426221');
    await orderPage.open('/orders/shop/shop-sharing-001', 'zh-CN');
    await expect(page.getByTestId('sharing-table').getByRole('columnheader', { name: '商户号' })).toBeVisible();
  });

  test('keeps unrecognised results out of the other totals and shows them raw', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-odd-results');
    await expect(total(page, 'refunded')).toHaveText('¥10.00');
    await expect(total(page, 'refunds-in-progress')).toHaveText('¥3.00');
    await expect(total(page, 'refunds-failed')).toHaveText('¥0.00');
    await expect(total(page, 'refunds-unknown')).toHaveText('¥25.00');
    await expect(total(page, 'sharing-unknown')).toHaveText('¥4.00');
    const refunds = page.getByTestId('refund-table').locator('tbody tr');
    await expect(refunds.nth(1)).toContainText('Unknown result · REFUNDCLOSE');
    await expect(refunds.nth(2)).toContainText('Unknown result · finished without a result');
    await expect(refunds.nth(3)).toContainText('In progress · PROCESSING');
    const sharing = page.getByTestId('sharing-table').locator('tbody tr');
    await expect(sharing.nth(1)).toContainText('Unknown result · CANCELLED');
    // A sharing record whose mchid is null shows nothing invented.
    await expect(sharing.nth(0).locator('td').nth(2)).toHaveText('—');
    await expect(page.getByText('null', { exact: true })).toHaveCount(0);
  });

  test('hides the unknown totals when there are none', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-partial-001');
    await expect(page.locator('[data-total=refunds-unknown]')).toHaveCount(0);
    await expect(page.locator('[data-total=sharing-unknown]')).toHaveCount(0);
  });

  test('shows unknown flags as unknown, with their number', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-unknown-flags');
    await expect(page.getByTestId('frozen-badge')).toHaveText('Frozen flag: Unknown (code 2)');
    await expect(page.getByTestId('close-status')).toHaveText('Unknown (code 2)');
    await orderPage.open('/orders/shop/shop-open-001');
    await expect(page.getByTestId('close-status')).toHaveText('Open');
    await orderPage.open('/orders/shop/shop-unknown-flags', 'zh-CN');
    await expect(page.getByTestId('frozen-badge')).toHaveText('冻结标志：未知（代码 2）');
  });

  test('shows the payment deadline only while it matters', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/522346');
    await expect(page.getByText('Order expires')).toHaveCount(0);
    await expect(page.getByTestId('timeline').locator('[data-event=payment-deadline]')).toHaveCount(0);
    await expect(page.getByTestId('payment-deadline')).toContainText('2022-04-29 00:00:00 GMT+8');
    await expect(page.getByTestId('payment-deadline')).toContainText('paid, no longer applies');
    await orderPage.open('/orders/shop/shop-unpaid-001');
    await expect(page.getByTestId('timeline').locator('[data-event=payment-deadline]')).toContainText('Payment deadline');
    await expect(page.getByTestId('payment-deadline')).toContainText('2099-01-01 08:00:00 GMT+8');
    await expect(page.getByTestId('payment-deadline')).not.toContainText('no longer applies');
  });
});

test.describe('service-provider order readings', () => {
  test('shows the raw code beside readings the document leaves open', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000005');
    await expect(page.getByTestId('status-badge')).toHaveText('Refunding · 5');
    await expect(page.getByTestId('status-note')).toContainText('document');
    await expect(page.getByTestId('invoice-status')).toContainText('Invoicing · 1');
    await expect(page.getByTestId('invoice-status')).toContainText('“Billed”');
    await orderPage.open('/orders/service-provider/DD2981741311549200000');
    await expect(page.getByTestId('status-badge')).toHaveText('Paid');
    await expect(page.getByTestId('status-note')).toHaveCount(0);
    await expect(page.getByTestId('invoice-status')).toContainText('Invoiced · 2');
    await orderPage.open('/orders/service-provider/DD1000000000000000005', 'zh-CN');
    await expect(page.getByTestId('status-badge')).toHaveText('退款中 · 5');
    await expect(page.getByTestId('invoice-status')).toContainText('开票中 · 1');
  });

  test('calls validity active only for a paid order, and says why otherwise', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000002');
    await expect(page.getByTestId('validity-state')).toContainText(/\d+ days remaining/);
    for (const [id, why] of [
      ['DD1000000000000000001', 'not paid'],
      ['DD1000000000000000003', 'order timed out'],
      ['DD1000000000000000006', 'order refunded'],
      ['DD1000000000000000009', 'order cancelled'],
    ] as const) {
      await orderPage.open(`/orders/service-provider/${id}`);
      await expect(page.getByTestId('validity-state')).toHaveText(`Does not apply: ${why}`);
    }
    await orderPage.open('/orders/service-provider/DD1000000000000000006', 'zh-CN');
    await expect(page.getByTestId('validity-state')).toHaveText('不适用：订单已退款');
  });

  test('reads an order without payInfo and one whose times are zero', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1000000000000000014');
    await expect(page.getByTestId('status-badge')).toHaveText('Awaiting payment');
    await expect(page.getByTestId('timeline').locator('[data-event=payment-requested]')).toHaveCount(0);
    await orderPage.open('/orders/service-provider/DD1000000000000000015');
    await expect(page.getByTestId('timeline').locator('[data-event=created]')).toHaveCount(0);
    await expect(page.getByText('1970')).toHaveCount(0);
  });

  test('says WeChat answered "parameter error" for an order it cannot find', async ({ orderPage, page }) => {
    await orderPage.open('/orders/service-provider/DD1');
    const error = page.getByTestId('order-error');
    await expect(error).toHaveAttribute('data-code', 'not_found');
    await expect(error).toContainText('“parameter error”');
    await expect(page.getByTestId('error-errcode')).toContainText('WeChat errcode 10120002');
    await orderPage.open('/orders/service-provider/DD1', 'zh-CN');
    await expect(page.getByTestId('order-error')).toContainText('“参数错误”');
  });

  test('looks up an id that is not DD + digits, with a warning first', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Service-provider order').check();
    await page.getByLabel('Order id').fill('sp-order_1');
    await expect(page.getByTestId('search-note')).toContainText('does not look like');
    await page.getByLabel('Order id').press('Enter');
    await expect(page).toHaveURL(/\/orders\/service-provider\/sp-order_1$/);
    await expect(page.getByTestId('order-error')).toHaveAttribute('data-code', 'not_found');
  });
});
