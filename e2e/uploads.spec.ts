import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { hydrated } from './fixtures';

/**
 * The preview of an uploaded workbook names the sheet read, in the reader's language, and never
 * reads a hidden sheet (issue 20, item 15).
 */
test.use({ storageState: 'e2e/.auth/finance.json' });

async function workbookWithHiddenFirstSheet(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const hidden = book.addWorksheet('Old');
  hidden.addRows([['shop-paid-001'], ['shop-paid-002'], ['shop-paid-003']]);
  hidden.state = 'veryHidden';
  book.addWorksheet('本月').addRows([['商户订单号'], ['bulk-e2e-upload-1']]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const WORDS = {
  en: { tab: 'Upload a file', ids: '1 id to look up', sheet: 'Read from the sheet “本月”' },
  'zh-CN': { tab: '上传文件', ids: '待查询 1 个单号', sheet: '已读取工作表“本月”' },
} as const;

for (const locale of ['en', 'zh-CN'] as const) {
  test(`the preview names the sheet read, never a hidden one (${locale})`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
    await page.goto('/batches');
    await hydrated(page, 'batch-paste');
    await page.getByRole('tab', { name: WORDS[locale].tab }).click();
    await page.getByTestId('batch-file').setInputFiles({ name: 'ids.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbookWithHiddenFirstSheet() });
    await page.getByTestId('batch-preview').click();
    await expect(page.getByTestId('preview-ids')).toHaveText(WORDS[locale].ids);
    await expect(page.getByTestId('preview-sheet')).toContainText(WORDS[locale].sheet);
  });
}
