import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readUpload } from './upload-reader';

describe('an XLSX whose rows reach the last column (XFD)', () => {
  it('is read from its filled cells only, not 16,384 cells a row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('wide');
    for (let r = 1; r <= 400; r += 1) {
      sheet.getCell(r, 1).value = `bulk-${String(r).padStart(6, '0')}`;
      sheet.getCell(r, 16_384).value = 'x';
    }
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    const heapBefore = process.memoryUsage().heapUsed;
    const { entries } = await readUpload({ name: 'wide.xlsx', bytes });
    expect(entries).toHaveLength(400);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  }, 30_000);
});
