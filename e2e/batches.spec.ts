import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, holdScripts, hydrated, ownUser, test } from './fixtures';

/**
 * A finance user's batch from an uploaded spreadsheet to downloaded results, in Chromium
 * against the demo server and simulator; and screenshots of both batch pages. Each test is a
 * finance user of its own, so its list of batches (and any per-user limit on batches) is its own.
 */

const IDS = Array.from({ length: 60 }, (_, i) => `bulk-e2e-${String(i + 10).padStart(4, '0')}`);

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('月结');
  sheet.addRow(['序号', '商户订单号']);
  IDS.forEach((id, i) => sheet.addRow([i + 1, id]));
  sheet.addRow([IDS.length + 1, 4.2e27]); // what Excel does to a 28-digit id in a number cell
  sheet.getColumn(2).numFmt = '@';
  return Buffer.from(await book.xlsx.writeBuffer());
}

test('a finance user uploads an XLSX, previews it, watches it run to done and downloads both files', async ({ browser, baseURL }) => {
  // A batch runs beside the other specs' batches, which share WeChat's pacing: it may wait its turn.
  test.slow();
  const { page, context } = await ownUser(browser, 'finance', baseURL!);
  await page.goto('/batches');
  // The tabs are React's alone: a click before the form is hydrated does nothing.
  await hydrated(page, 'batch-paste');
  await page.getByRole('tab', { name: 'Upload a file' }).click();
  await page.getByTestId('batch-file').setInputFiles({ name: 'month-end.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook() });
  await page.getByTestId('batch-preview').click();
  await expect(page.getByTestId('preview-ids')).toHaveText('60 ids to look up');
  await expect(page.getByTestId('preview-invalid')).toContainText('1 invalid id');
  await expect(page.getByTestId('batch-preview-result')).toContainText('Format Cells');

  await page.getByTestId('batch-start').click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toHaveAttribute('aria-valuemax', '61');
  await expect(page.getByTestId('batch-status')).toHaveText('Done', { timeout: 75_000 });
  await expect(progress).toHaveAttribute('aria-valuenow', '61');
  await expect(page.getByTestId('count-invalid')).toHaveText('1');
  const found = Number(await page.getByTestId('count-found').textContent());
  expect(found).toBeGreaterThan(40);

  // The results table filters by outcome, and each found order links to its page.
  await page.getByTestId('filter-invalid').click();
  await expect(page.getByTestId('batch-item')).toHaveCount(1);
  await page.getByTestId('filter-found').click();
  await expect(page.getByTestId('batch-item')).toHaveCount(found);
  await expect(page.getByTestId('batch-item').first().getByRole('link')).toHaveAttribute('href', /^\/orders\/shop\/bulk-e2e-/);

  for (const [testId, extension] of [['download-csv', 'csv'], ['download-xlsx', 'xlsx']] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^order-desk-batch-.*\\.${extension}$`));
    const bytes = readFileSync((await download.path())!);
    if (extension === 'csv') {
      const text = bytes.toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      for (const id of IDS.slice(0, 5)) expect(text).toContain(`"${id}"`);
    } else {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(book.getWorksheet('Orders')!.rowCount).toBe(62);
    }
  }

  // A reload, or another browser, shows the same batch.
  await page.reload();
  await expect(page.getByTestId('batch-status')).toHaveText('Done');
  await page.goto('/batches');
  await expect(page.getByTestId('batch-link')).toHaveText(['month-end.xlsx']);
  await context.close();
});

test('keeps ids typed before the page’s script ran: Preview takes them once it has', async ({ browser, baseURL }) => {
  const { page, context } = await ownUser(browser, 'finance', baseURL!);
  const scriptsMayLoad = await holdScripts(page);
  await page.goto('/batches', { waitUntil: 'commit' });
  const paste = page.getByTestId('batch-paste');
  await paste.fill('bulk-e2e-0010\nbulk-e2e-0011\nbulk-e2e-0012');
  scriptsMayLoad();
  await hydrated(page, 'batch-paste');
  await expect(paste).toHaveValue('bulk-e2e-0010\nbulk-e2e-0011\nbulk-e2e-0012');
  await expect(page.getByTestId('batch-preview')).toBeEnabled();
  await page.getByTestId('batch-preview').click();
  await expect(page.getByTestId('preview-ids')).toHaveText('3 ids to look up');
  await context.close();
});

test('support is refused the batch pages', async ({ browser }) => {
  const context = await browser.newContext({ storageState: 'e2e/.auth/support.json' });
  const page = await context.newPage();
  const response = await page.goto('/batches');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await context.close();
});

for (const locale of ['en', 'zh-CN'] as const) {
  for (const width of [375, 1440]) {
    test(`batch screenshots ${locale} ${width}px`, async ({ browser, baseURL }) => {
      test.slow();
      const { page, context } = await ownUser(browser, 'finance', baseURL!);
      await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
      await page.setViewportSize({ width, height: 900 });
      const created = await page.request.post('/api/batches', {
        data: { ids: ['522346', 'shop-partial-001', 'DD2981741311549200000', 'bulk-000142', 'bulk-000100', 'fault-busy', 'not/valid', ...IDS.slice(0, 12)] },
        headers: { origin: baseURL! },
      });
      expect(created.status()).toBe(201);
      const { batch } = (await created.json()) as { batch: { id: string } };
      await page.goto(`/batches/${batch.id}`);
      await expect(page.getByTestId('batch-status')).toHaveText(locale === 'en' ? 'Done' : '已完成', { timeout: 75_000 });
      await expect(page.getByTestId('batch-item').first()).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/batch-${locale}-${width}.png`, fullPage: true });
      await page.goto('/batches');
      // On a loaded machine the form's code may arrive after the page: text typed before is lost to it.
      await hydrated(page, 'batch-paste');
      await page.getByTestId('batch-paste').fill('522346\nbad/id\n4200001234202401011234567890.0\n522346');
      await page.getByTestId('batch-preview').click();
      await expect(page.getByTestId('batch-preview-result')).toBeVisible();
      await expect(page.getByTestId('batch-link').first()).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/batches-${locale}-${width}.png`, fullPage: true });
      await context.close();
    });
  }
}
