import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { rawWorkbook, textRow, zipOf } from '../../tests/support/workbooks';
import { DEFAULT_MAX_IDS, MAX_UPLOAD_BYTES, prepareBatch, readPaste } from './input';
import { readUpload } from './upload-reader';
import type { InputEntry } from './types';
import { MAX_UNPACKED_BYTES } from './xlsx-stream';

const TRANSACTION_ID = '4200001234202401011234567890';
const utf8 = (text: string) => new TextEncoder().encode(text);
const entriesOf = async (name: string, bytes: Uint8Array) => (await readUpload({ name, bytes })).entries;
const csv = (text: string, name = 'ids.csv') => entriesOf(name, utf8(text));
const auto = (entries: InputEntry[]) => prepareBatch(entries, { kind: 'auto', maxIds: DEFAULT_MAX_IDS });

async function xlsx(rows: unknown[][], style?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Orders');
  for (const row of rows) sheet.addRow(row);
  style?.(sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(400);
    expect(appError.code).toBe('invalid_request');
    expect(appError.messages.zh).not.toBe('');
    return appError;
  }
  throw new Error('expected a refusal');
}

describe('readPaste', () => {
  it('splits ids on lines, commas, tabs and spaces, numbering lines', () => {
    expect(readPaste('DD1000000000000000002\r\n522346, shop-paid-001\tshop-partial-001  bulk-1\n\n  DD2981741311549200000  ')).toEqual([
      { raw: 'DD1000000000000000002', row: 1 },
      { raw: '522346', row: 2 },
      { raw: 'shop-paid-001', row: 2 },
      { raw: 'shop-partial-001', row: 2 },
      { raw: 'bulk-1', row: 2 },
      { raw: 'DD2981741311549200000', row: 4 },
    ]);
  });

  it('leaves out a first line without digits: a heading copied with the column', () => {
    expect(readPaste('商户订单号\n522346\n').map((e) => e.raw)).toEqual(['522346']);
    expect(readPaste('Order ID\tShop\n522346\tmain').map((e) => e.raw)).toEqual(['522346', 'main']);
    expect(readPaste('522346\nshop-paid-001').map((e) => e.raw)).toEqual(['522346', 'shop-paid-001']);
  });

  it('keeps a first line that could be an id, digits or none: a shop trade number may be letters only', () => {
    expect(readPaste('previewmwtgxsubwnbj\nDD2981741311549200000').map((e) => e.raw)).toEqual(['previewmwtgxsubwnbj', 'DD2981741311549200000']);
    expect(readPaste('ABC-def, GHI\n522346').map((e) => e.raw)).toEqual(['ABC-def', 'GHI', '522346']);
    // A heading that is no id at all is still left out, known or not.
    expect(readPaste('订单编码\n522346').map((e) => e.raw)).toEqual(['522346']);
    expect(readPaste('Trade No.\n522346').map((e) => e.raw)).toEqual(['522346']);
  });
});

describe('readUpload: CSV', () => {
  it('finds the id column by its Chinese heading and reads the shop column, with a UTF-8 BOM', async () => {
    const entries = await csv('\uFEFF备注,商户订单号,店铺\n"月底, 对账",522346,主店\n,shop-paid-001,\n');
    expect(entries).toEqual([
      { raw: '522346', row: 2, shop: '主店' },
      { raw: 'shop-paid-001', row: 3 },
    ]);
  });

  it.each([
    ['semicolons', 'order_id;amount\nshop-paid-001;100\n522346;1\n'],
    ['tabs', 'out_trade_no\tamount\nshop-paid-001\t100\n522346\t1\n'],
    ['Excel’s sep= line', 'sep=;\r\nTrade No;amount\r\nshop-paid-001;100\r\n522346;1\r\n'],
  ])('reads a CSV delimited with %s', async (_name, text) => {
    const entries = await csv(text);
    expect(entries.map((e) => e.raw)).toEqual(['shop-paid-001', '522346']);
    expect(entries[1]!.row).toBe(text.startsWith('sep=') ? 4 : 3);
  });

  it('takes the first column when no heading is known, and has no header when the first row is an id', async () => {
    expect((await csv('DD1000000000000000002,x\n522346,y\n')).map((e) => e.raw)).toEqual(['DD1000000000000000002', '522346']);
    expect((await csv('Numbers to check,x\n522346,y\n')).map((e) => e.raw)).toEqual(['522346']);
  });

  it('reads a first row whose id could be an id as an id, digits or none', async () => {
    expect((await csv('ABCDEF\nbulk-1\n')).map((e) => e.raw)).toEqual(['ABCDEF', 'bulk-1']);
    expect((await csv('Order ID,x\nABCDEF,y\n')).map((e) => e.raw)).toEqual(['ABCDEF']);
  });

  it('decodes GB18030 (GBK), as Chinese Excel saves “CSV”', async () => {
    // 商户订单号,店铺 \n 522346,主店 — encoded in GBK by hand (Node has no GBK encoder).
    const heading = [0xc9, 0xcc, 0xbb, 0xa7, 0xb6, 0xa9, 0xb5, 0xa5, 0xba, 0xc5];
    const shop = [0xb5, 0xea, 0xc6, 0xcc];
    const mainShop = [0xd6, 0xf7, 0xb5, 0xea];
    const bytes = new Uint8Array([...heading, 0x2c, ...shop, 0x0d, 0x0a, ...utf8('522346,'), ...mainShop, 0x0d, 0x0a]);
    expect(new TextDecoder('gb18030').decode(new Uint8Array(heading))).toBe('商户订单号');
    expect(await entriesOf('订单.csv', bytes)).toEqual([{ raw: '522346', row: 2, shop: '主店' }]);
  });

  it('decodes UTF-16 with a BOM (Excel’s “Unicode Text”)', async () => {
    const text = '商户订单号\t店铺\r\n522346\t主店\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    expect(await entriesOf('ids.txt', bytes)).toEqual([{ raw: '522346', row: 2, shop: '主店' }]);
  });
});

describe('readUpload: XLSX', () => {
  it('reads cells as Excel stored them: text ids exact, numbers as numbers', async () => {
    const bytes = await xlsx([
      ['Note', 'Order ID', 'Shop'],
      ['a', TRANSACTION_ID, 'main'],
      ['b', 522346, ''],
      ['c', 4.2000012342024013e27, 'main'],
      ['d', { formula: 'B3', result: 522347 }, ''],
      ['e', { richText: [{ text: 'shop-' }, { text: 'paid-001' }] }, ''],
      ['f', new Date(Date.UTC(2024, 0, 2)), ''],
      ['g', null, 'main'],
    ]);
    expect(await entriesOf('ids.xlsx', bytes)).toEqual([
      { raw: TRANSACTION_ID, row: 2, shop: 'main', cellType: 'text' },
      { raw: '522346', row: 3, cellType: 'number' },
      { raw: '4.2000012342024013e+27', row: 4, shop: 'main', cellType: 'number' },
      { raw: '522347', row: 5, cellType: 'number' },
      { raw: 'shop-paid-001', row: 6, cellType: 'text' },
      { raw: '2024-01-02', row: 7, cellType: 'date' },
    ]);
  });

  it('puts back the leading zeros a zero-padded number format shows', async () => {
    const bytes = await xlsx([['订单号'], [123]], (sheet) => {
      sheet.getCell('A2').numFmt = '00000000';
    });
    expect(await entriesOf('ids.xlsx', bytes)).toEqual([{ raw: '00000123', row: 2, cellType: 'number' }]);
  });

  it('reads the sheet the workbook opens on, whatever the file is called, and names it', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['shop-paid-999']);
    workbook.addWorksheet('Ids').addRow(['shop-paid-001']);
    workbook.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await readUpload({ name: 'export', bytes })).toEqual({ entries: [{ raw: 'shop-paid-001', row: 1, cellType: 'text' }], sheet: 'Ids' });
  });

  it('never reads a hidden sheet: a first sheet hidden or very hidden gives way to the first visible one', async () => {
    for (const state of ['hidden', 'veryHidden'] as const) {
      const workbook = new ExcelJS.Workbook();
      const secret = workbook.addWorksheet('Secret');
      secret.addRow(['shop-paid-999']);
      secret.state = state;
      workbook.addWorksheet('Visible').addRow(['shop-paid-001']);
      const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
      expect(await readUpload({ name: 'ids.xlsx', bytes })).toEqual({ entries: [{ raw: 'shop-paid-001', row: 1, cellType: 'text' }], sheet: 'Visible' });
    }
  });

  it('reads the first visible sheet when the active one is hidden, and refuses a workbook with no visible sheet', async () => {
    const sheets = [
      { name: 'Old', state: 'veryHidden' as const, rows: textRow(1, 'shop-paid-997') },
      { name: 'Ids', rows: textRow(1, 'shop-paid-001') },
      { name: 'Hidden', state: 'hidden' as const, rows: textRow(1, 'shop-paid-998') },
    ];
    expect(await readUpload({ name: 'ids.xlsx', bytes: rawWorkbook(sheets, { activeTab: 2 }) })).toEqual({ entries: [{ raw: 'shop-paid-001', row: 1, cellType: 'text' }], sheet: 'Ids' });
    const error = await refusal(readUpload({ name: 'ids.xlsx', bytes: rawWorkbook([sheets[0]!, sheets[2]!]) }));
    expect(error.messages.en).toContain('no visible worksheet');
  });

  it('refuses a sheet with no ids, naming it', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Summary');
    workbook.addWorksheet('Ids').addRow(['shop-paid-001']);
    const error = await refusal(readUpload({ name: 'ids.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) }));
    expect(error.messages.en).toContain('The sheet “Summary” of “ids.xlsx” holds no ids');
    expect(error.messages.zh).toContain('工作表“Summary”');
  });

  it('reads shared strings stored after the sheet (as Excel saves them) and Chinese split across chunks', async () => {
    const shops = Array.from({ length: 3000 }, (_, i) => `主店分店${i}号`);
    const rows = shops.map((_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="inlineStr"><is><t>bulk-${i}</t></is></c><c r="B${i + 2}" t="s"><v>${i}</v></c></row>`).join('');
    const bytes = rawWorkbook([{ name: 'Ids', rows: textRow(1, 'order id', '店铺') + rows }], { sharedStrings: shops });
    const { entries } = await readUpload({ name: 'ids.xlsx', bytes });
    expect(entries).toHaveLength(3000);
    expect(entries.map((e) => e.shop)).toEqual(shops);
  });
});

describe('readUpload refuses', () => {
  it('a file that is not CSV or XLSX', async () => {
    const error = await refusal(readUpload({ name: 'ids.pdf', bytes: utf8('%PDF-1.7') }));
    expect(error.messages.en).toContain('not a CSV or XLSX file');
  });

  it('an old .xls workbook, saying how to save it as .xlsx', async () => {
    const error = await refusal(readUpload({ name: 'ids.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) }));
    expect(error.action.en).toContain('.xlsx');
  });

  it('an .xlsx that is not a zip, and a zip that is no workbook', async () => {
    for (const bytes of [utf8('order id\n522346\n'), zipOf([['readme.txt', 'hello']])]) {
      const error = await refusal(readUpload({ name: 'ids.xlsx', bytes }));
      expect(error.messages.en).toContain('not an Excel workbook');
    }
  });

  it('a workbook that unpacks to more than 50 MiB (a zip bomb)', async () => {
    const bytes = rawWorkbook([{ name: 'Bomb', rows: Buffer.alloc(MAX_UNPACKED_BYTES + 1024 * 1024, 0x20) }]);
    expect(bytes.byteLength).toBeLessThan(MAX_UPLOAD_BYTES);
    const error = await refusal(readUpload({ name: 'ids.xlsx', bytes }));
    expect(error.messages.en).toContain('unpacks to more than 50 MiB');
  }, 30_000);

  it('a CSV holding binary data', async () => {
    await refusal(readUpload({ name: 'ids.csv', bytes: new Uint8Array([0x35, 0x00, 0x32, 0x00, 0x0a]) }));
  });

  it('a file beyond 5 MiB', async () => {
    const error = await refusal(readUpload({ name: 'ids.csv', bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x31) }));
    expect(error.messages.en).toContain('5 MiB');
  });
});

describe('prepareBatch', () => {
  const entries = (...raws: string[]): InputEntry[] => raws.map((raw, i) => ({ raw, row: i + 1 }));

  it('recognises each id as the search box does, merging duplicates of the same kind, shop and id', () => {
    const batch = auto([
      ...entries('DD1000000000000000002', ' 522346 ', '"522346"', 'shop-paid-001'),
      { raw: '522346', row: 5, shop: 'second' },
    ]);
    expect(batch.valid).toEqual([
      { kind: 'service-provider', id: 'DD1000000000000000002', row: 1 },
      { kind: 'shop', id: '522346', row: 2 },
      { kind: 'shop', id: 'shop-paid-001', row: 4 },
      { kind: 'shop', id: '522346', row: 5, shop: 'second' },
    ]);
    expect(batch.duplicates).toBe(1);
    expect(batch.invalid).toEqual([]);
  });

  it('refuses no id shaped like a transaction, refund or sharing id: each may be a trade number (issue 20, item 5)', () => {
    const batch = auto(entries(TRANSACTION_ID, '50301901362022040218937476250', '30002107912022040228952584675', 'not an id!'));
    expect(batch.valid).toEqual([
      { kind: 'shop', id: TRANSACTION_ID, row: 1 },
      { kind: 'shop', id: '50301901362022040218937476250', row: 2 },
      { kind: 'shop', id: '30002107912022040228952584675', row: 3 },
    ]);
    expect(batch.invalid.map((i) => i.row)).toEqual([4]);
    expect(batch.invalid[0]!.reason.en).toContain('Not an order id');
  });

  it('validates every id as the forced kind', () => {
    const shop = prepareBatch(entries('DD1000000000000000002', TRANSACTION_ID, 'a'.repeat(33)), { kind: 'shop', maxIds: 10 });
    expect(shop.valid.map((v) => [v.kind, v.id])).toEqual([
      ['shop', 'DD1000000000000000002'],
      ['shop', TRANSACTION_ID],
    ]);
    expect(shop.invalid[0]!.reason.en).toBe('Not a valid shop trade number: it must be 1–32 letters, digits or _-|*.');
    const sp = prepareBatch(entries('522346', 'shop|1'), { kind: 'service-provider', maxIds: 10 });
    expect(sp.valid.map((v) => v.id)).toEqual(['522346']);
    expect(sp.invalid.map((i) => i.raw)).toEqual(['shop|1']);
  });

  it.each([
    ['4.2E+27', 'scientific notation'],
    ['4.20000123420240E+27', 'scientific notation'],
    ['4200001234202401011234567890.0', 'ends in “.0”'],
  ])('refuses %s, which Excel has mangled, explaining how to keep the column as text', (raw, why) => {
    for (const kind of ['auto', 'shop'] as const) {
      const [refused] = prepareBatch(entries(raw), { kind, maxIds: 10 }).invalid;
      expect(refused!.reason.en).toContain(why);
      expect(refused!.reason.en).toContain('Format the id column as Text');
      expect(refused!.reason.zh).toContain('文本');
    }
  });

  it('refuses a number cell beyond 15 digits, and accepts one of 15 digits or fewer', () => {
    const batch = auto([
      { raw: '1234567890123456', row: 1, cellType: 'number' },
      { raw: '4200001234202400000000000000', row: 2, cellType: 'number' },
      { raw: '123456789012345', row: 3, cellType: 'number' },
      { raw: '1234567890123456', row: 4, cellType: 'text' },
    ]);
    expect(batch.invalid.map((i) => i.row)).toEqual([1, 2]);
    expect(batch.invalid[0]!.reason.en).toContain('15 significant digits');
    expect(batch.valid.map((v) => v.id)).toEqual(['123456789012345', '1234567890123456']);
  });

  it('refuses ids that lost their leading zeros in a column zero-padded to one width', () => {
    const batch = auto([
      { raw: '00012345', row: 1, cellType: 'text' },
      { raw: '00000987', row: 2, cellType: 'text' },
      { raw: '12346', row: 3, cellType: 'number' },
      { raw: '12347', row: 4, cellType: 'text' },
      { raw: 'shop-1', row: 5, cellType: 'text' },
    ]);
    expect(batch.invalid).toHaveLength(1);
    expect(batch.invalid[0]!.row).toBe(3);
    expect(batch.invalid[0]!.reason.en).toContain('probably 00012346');
    // A paste or CSV cannot tell text from numbers, so a short all-digit id there is refused too.
    expect(auto(entries('000123', '124', 'shop-7')).invalid.map((i) => i.raw)).toEqual(['124']);
    // WeChat Pay's bills start every id with a backtick, which is not part of it.
    expect(auto(entries('`000123', '`124')).invalid.map((i) => [i.raw, i.reason.en.includes('probably 000124')])).toEqual([['124', true]]);
    // Padded ids of different widths set no rule; no padded id at all sets none either.
    expect(auto(entries('000123', '0000124', '125')).invalid).toEqual([]);
    expect(auto([{ raw: '125', row: 1, cellType: 'number' }]).invalid).toEqual([]);
  });

  it('refuses a date cell', () => {
    const [refused] = auto([{ raw: '2024-01-02', row: 7, cellType: 'date' }]).invalid;
    expect(refused!.reason.en).toContain('is a date');
  });

  it('refuses more different ids than maxIds, and nothing at all', async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ raw: `bulk-${i}`, row: i + 1 }));
    expect(prepareBatch([...many.slice(0, 10), { raw: 'bulk-0', row: 12 }], { kind: 'auto', maxIds: 10 }).duplicates).toBe(1);
    const tooMany = await refusal(() => prepareBatch(many, { kind: 'auto', maxIds: 10 }));
    expect(tooMany.messages.en).toBe('The list has 11 different ids; a batch looks up at most 10.');
    await refusal(() => auto([]));
    await refusal(() => auto(entries('""', ' ')));
  });

  it('reads an uploaded workbook end to end: mangled, duplicate and valid ids', async () => {
    const bytes = await xlsx([['商户订单号'], ['bulk-000001'], [4.2e27], ['bulk-000001'], [522346], [TRANSACTION_ID]]);
    const batch = auto(await entriesOf('ids.xlsx', bytes));
    // A transaction-id-shaped text cell may be a trade number: it is looked up (issue 20, item 5).
    expect(batch.valid.map((v) => v.id)).toEqual(['bulk-000001', '522346', TRANSACTION_ID]);
    expect(batch.duplicates).toBe(1);
    expect(batch.invalid.map((i) => [i.row, i.raw])).toEqual([[3, '4.2e+27']]);
  });
});
