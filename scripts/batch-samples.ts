import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { generatedId } from '../wechat-sim/generated';

/**
 * Writes the demo's batch samples, samples/batch-ids.csv and samples/batch-ids.xlsx: the same
 * 208 rows under the heading 商户订单号, as finance would upload them. `npx tsx scripts/batch-samples.ts`.
 *
 * - 200 generated ids (wechat-sim/generated.ts), DD8… and bulk-… alternately, among them ids the
 *   simulator answers "not found" (ending 00–04), busy once (05) and always busy (06);
 * - five fixture ids: the two documents' examples, a partly refunded and a profit-shared order,
 *   a 64-bit price;
 * - one duplicate, one transaction id (looked up through the index, then as a trade number), and one id
 *   Excel has turned into a number (a number cell in the XLSX, `4.20000123420240E+27` in the CSV).
 */
const MANGLED_NUMBER = 4.2000012342024e27;
const MANGLED_TEXT = '4.20000123420240E+27';

type Row = [id: string | number, note: string];

const rows: Row[] = [
  ['522346', '文档示例 the shop document’s example'],
  ['DD2981741311549200000', '文档示例 the service-provider document’s example'],
  ['shop-partial-001', '部分退款 partly refunded'],
  ['shop-sharing-001', '分账 profit sharing'],
  ['DD1000000000000000010', '64 位金额 64-bit price'],
];
for (let n = 100; n < 300; n += 1) rows.push([generatedId(n % 2 === 0 ? 'shop' : 'service-provider', n), '']);
rows.splice(60, 0, [generatedId('shop', 108), '重复 duplicate']);
rows.splice(120, 0, ['4200001234202401011234567890', '微信支付交易单号 a transaction id, not an order id']);
rows.splice(150, 0, [MANGLED_NUMBER, 'Excel 转成了数字 Excel made this a number']);

const heading = ['商户订单号', '备注'];

const csvRows = rows.map(([id, note]) => [typeof id === 'number' ? MANGLED_TEXT : id, note]);
await writeFile(new URL('../samples/batch-ids.csv', import.meta.url), stringify([heading, ...csvRows], { bom: true, record_delimiter: 'windows' }));

const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet('订单');
sheet.columns = [{ width: 30 }, { width: 50 }];
sheet.addRow(heading).font = { bold: true };
for (const [id, note] of rows) {
  const row = sheet.addRow([id, note]);
  // Text ids in a Text-formatted cell, as a careful Excel user keeps them; the mangled one is a number.
  if (typeof id === 'string') row.getCell(1).numFmt = '@';
}
await workbook.xlsx.writeFile(new URL('../samples/batch-ids.xlsx', import.meta.url).pathname);
console.log(`wrote samples/batch-ids.csv and samples/batch-ids.xlsx (${rows.length} ids)`);
