import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const total = (page: Page, key: string) => page.locator(`[data-total=${key}] dd`);

test.describe('shop order page', () => {
  test('shows the document example: refunded, shared, reconciled', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/522346');
    await expect(page.getByTestId('status-badge')).toHaveText('Refunded');
    await expect(page.getByTestId('amount')).toHaveText('¥0.01');
    await expect(page.getByTestId('description')).toHaveText('测试商品');
    await expect(page.getByText('4302900974202204024351451925', { exact: true })).toBeVisible();
    await expect(page.getByText('1623426221', { exact: true }).first()).toBeVisible();
    await expect(total(page, 'refunded')).toHaveText('¥0.01');
    await expect(total(page, 'remaining')).toHaveText('¥0.00');
    await expect(total(page, 'shared')).toHaveText('¥0.01');
    await expect(page.getByTestId('sharing-from')).toContainText('2022-05-02 14:18:35 GMT+8');
    await expect(page.getByTestId('frozen-badge')).toHaveText('Can be shared');
    const refunds = page.getByTestId('refund-table');
    await expect(refunds).toContainText('522347');
    await expect(refunds).toContainText('50301901362022040218937476250');
    await expect(refunds).toContainText('2022-04-02 14:21:23 GMT+8');
    await expect(page.getByTestId('sharing-table')).toContainText('30002107912022040228952584675');
    const events = page.getByTestId('timeline').locator('li');
    // expire_time is a payment deadline: on this paid order it is no longer an event.
    await expect(events).toHaveCount(7);
    await expect(events.nth(2)).toContainText('Refund 522347 requested');
  });

  test('totals refunds that succeeded, are in progress and failed', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-partial-001');
    await expect(page.getByTestId('status-badge')).toHaveText('Partly refunded');
    await expect(total(page, 'amount')).toHaveText('¥100.00');
    await expect(total(page, 'refunded')).toHaveText('¥30.00');
    await expect(total(page, 'refunds-in-progress')).toHaveText('¥20.00');
    await expect(total(page, 'refunds-failed')).toHaveText('¥10.00');
    await expect(total(page, 'remaining')).toHaveText('¥70.00');
    const rows = page.getByTestId('refund-table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText('In progress');
    await expect(rows.nth(2)).toContainText('Failed · FAIL');
    await expect(rows.nth(2)).toContainText('余额不足 insufficient balance');
  });

  test('shows profit sharing in progress, failed and frozen', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-sharing-001');
    await expect(page.getByTestId('frozen-badge')).toHaveText('Frozen: cannot be shared now');
    await expect(page.getByTestId('sharing-from')).toContainText('2023-11-22 06:14:20 GMT+8');
    await expect(page.getByTestId('sharing-from')).toContainText('7 days after payment');
    const rows = page.getByTestId('sharing-table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('1623426221');
    await expect(rows.nth(1)).toContainText('In progress');
    await expect(rows.nth(2)).toContainText('receiver account abnormal');
    await expect(total(page, 'shared')).toHaveText('¥15.00');
  });

  test('keeps dozens of refunds readable', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-many-refunds');
    await expect(page.getByTestId('refund-table').locator('tbody tr')).toHaveCount(40);
    await expect(page.getByText('40 refunds')).toBeVisible();
    await expect(total(page, 'refunded')).toHaveText('¥400.00');
    await expect(total(page, 'remaining')).toHaveText('¥600.00');
  });

  test('is exact beyond 2^53 and renders HTML-like text as text', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-big-001');
    await expect(page.getByTestId('amount')).toHaveText('¥90,071,992,547,409.93');
    await expect(total(page, 'remaining')).toHaveText('¥90,071,992,547,409.92');
    await orderPage.open('/orders/shop/shop-html-001');
    await expect(page.getByTestId('description')).toHaveText('<script>alert("x")</script> 年度会员 & "quotes" <b>bold</b>');
    await expect(page.getByTestId('refund-table')).toContainText('<img src=x onerror=alert(2)> 退款失败');
    await expect(page.locator('main img, main b')).toHaveCount(0);
  });

  test('shows unpaid and closed orders', async ({ orderPage, page }) => {
    await orderPage.open('/orders/shop/shop-unpaid-001');
    await expect(page.getByTestId('status-badge')).toHaveText('Unpaid');
    await expect(page.getByTestId('sharing-from')).toContainText('Not paid yet');
    await orderPage.open('/orders/shop/shop-closed-001', 'zh-CN');
    await expect(page.getByTestId('status-badge')).toHaveText('已关闭');
    await expect(page.getByTestId('timeline').locator('[data-event=closed]')).toContainText('订单关闭');
  });
});
