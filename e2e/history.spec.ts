import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/**
 * An order's History (issue 24): the page's first load asks nothing more; opened, it lists what
 * WeChat answered, newest first, what changed in words, the raw change on demand, and a download
 * of the evidence. The simulator answers a `turn-refund-…` order's refund PROCESSING the first
 * time, SUCCESS after.
 */
const unique = () => `turn-refund-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

for (const locale of ['en', 'zh-CN'] as const) {
  test(`the history of a changing order, ${locale}`, async ({ page, orderPage }) => {
    const tradeNo = unique();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/history')) asked.push(request.url());
    });
    await orderPage.open(`/orders/shop/${tradeNo}`, locale);
    // Looked up again (the page's Refresh): WeChat now says SUCCESS.
    await page.getByTestId('as-of').waitFor();
    await orderPage.open(`/orders/shop/${tradeNo}`, locale);
    expect(asked).toEqual([]);

    const history = page.getByTestId('history');
    await history.locator('summary').click();
    const versions = history.getByTestId('history-version');
    await expect(versions).toHaveCount(2);
    expect(asked).toHaveLength(1);
    const zh = locale === 'zh-CN';
    await expect(versions.first().getByTestId('history-changes')).toContainText(zh ? /退款 5\d{3}… \d{6}：处理中 → 成功/ : /Refund 5\d{3}… \d{6}: in progress → succeeded/);
    await expect(versions.nth(1)).toContainText(zh ? '保存的第一次应答。' : 'The first answer kept.');
    await versions.first().getByText(zh ? '原始变化' : 'Raw change').click();
    await expect(versions.first().locator('pre')).toContainText('"path": "refund_list[0].result"');

    for (const width of [375, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await history.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/screenshots/history-${locale}-${width}.png`, fullPage: true });
    }

    const downloading = page.waitForEvent('download');
    await versions.first().getByTestId('evidence-link').click();
    const file = JSON.parse(readFileSync((await (await downloading).path())!, 'utf8')) as { answer: { body: string; sha256: string }; order: { id: string } };
    expect(file.order.id).toBe(tradeNo);
    expect(createHash('sha256').update(file.answer.body, 'utf8').digest('hex')).toBe(file.answer.sha256);
    expect(file.answer.body).toContain('"SUCCESS"');
  });
}

for (const locale of ['en', 'zh-CN'] as const) {
  test(`the print view prints on A4 with the ids in full, every list, the history and the hash, ${locale}`, async ({ page, orderPage }) => {
    const tradeNo = unique();
    await orderPage.open(`/orders/shop/${tradeNo}`, locale);
    await orderPage.open(`/orders/shop/${tradeNo}`, locale);
    await page.getByTestId('print-link').click();
    const view = page.getByTestId('print-view');
    await expect(view.getByTestId('print-id')).toHaveText(tradeNo);
    const history = view.getByTestId('print-history').locator(':scope > li');
    await expect(history).toHaveCount(2);
    const zh = locale === 'zh-CN';
    await expect(view.getByTestId('print-history')).toContainText(zh ? /退款 5\d{3}… \d{6}：处理中 → 成功/ : /Refund 5\d{3}… \d{6}: in progress → succeeded/);
    // Ids in full, in the refunds table.
    await expect(view.getByTestId('print-refunds')).toContainText(/5\d{28}/);
    await expect(view.getByTestId('print-refunds')).toContainText(`R-${tradeNo}`);
    const sha = (await view.getByTestId('print-sha256').textContent())!;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);

    // On paper: no navigation and no buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('body header')).toBeHidden();
    for (const button of await page.getByRole('button').all()) await expect(button).toBeHidden();
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: `test-results/screenshots/print-${locale}.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    // Chromium rounds A4 (595.28 × 841.89 points) to whole pixels: 595.92 × 842.88.
    expect(text).toMatch(/\/MediaBox \[0 0 595\.9\d* 842\.8\d*\]/);
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(1);
  });
}
