import 'server-only';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppError, type Bilingual } from '@/lib/errors';
import { recognise } from '@/lib/orders/ids';
import type { InputEntry } from './types';

export { DEFAULT_MAX_IDS, prepareBatch, type PrepareOptions } from './prepare';

/**
 * What finance pastes or uploads, read into entries (`readPaste`, `readUpload`), then checked by
 * `prepareBatch` (prepare.ts, re-exported here). Nothing here calls WeChat or the database.
 */

/** The largest file `readUpload` reads; the upload route refuses a larger body with the same words. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const invalidRequest = (message: Bilingual, action: Bilingual) => new AppError({ code: 'invalid_request', message, action });

const CSV_OR_XLSX: Bilingual = {
  en: 'Upload a CSV file or an Excel workbook (.xlsx), or paste the ids.',
  zh: '请上传 CSV 文件或 Excel 工作簿（.xlsx），或直接粘贴订单号。',
};

export function uploadTooLarge(): AppError {
  return invalidRequest(
    { en: 'The file is larger than 5 MiB.', zh: '文件超过 5 MiB。' },
    { en: 'Upload only the id column, or split the list into several batches.', zh: '请只上传订单号这一列，或将名单拆成几批。' },
  );
}

// ---------------------------------------------------------------------------------------------
// Reading a paste

/** Separators between pasted ids: line breaks, commas, tabs (Excel), spaces, semicolons. */
const PASTE_SEPARATORS = /[,\t ;，；、\u3000]+/;

/**
 * Ids one per line or separated by commas, tabs or spaces, as copied from Excel. A first line
 * copied along with the column as its heading is left out: one without a digit that names a
 * known heading or holds something no id could be. A first line of ids is kept, digits or none
 * (a shop trade number may be letters only).
 */
export function readPaste(text: string): InputEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const entries = lines.flatMap((line, i) =>
    line
      .split(PASTE_SEPARATORS)
      .map((raw) => raw.trim())
      .filter((raw) => raw !== '')
      .map((raw) => ({ raw, row: i + 1 })),
  );
  const first = entries[0];
  if (!first || !entries.some((e) => e.row !== first.row)) return entries;
  const firstLine = entries.filter((e) => e.row === first.row).map((e) => e.raw);
  const cells = lines[first.row - 1]!.split(/[,\t;，；、]+/);
  const heading =
    !firstLine.some((raw) => /\d/.test(raw)) &&
    (cells.some((cell) => isKnownHeading(cell)) || firstLine.some((raw) => !couldBeAnId(raw)));
  return heading ? entries.filter((e) => e.row !== first.row) : entries;
}

/** Whether text could be an order id of some kind (so it is read as one, not as a heading). */
function couldBeAnId(text: string): boolean {
  const kind = recognise(text).kind;
  return kind !== 'malformed' && kind !== 'empty';
}

// ---------------------------------------------------------------------------------------------
// Reading a file

export interface UploadedFile {
  /** The file name as uploaded (its extension is checked). */
  name: string;
  bytes: Uint8Array;
}

const TEXT_EXTENSIONS = new Set(['csv', 'tsv', 'txt', '']);
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** The old binary .xls (an OLE2 compound file). */
const isOle2 = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/**
 * A CSV (comma, semicolon or tab; UTF-8 with or without a BOM, UTF-16 with a BOM, or GB18030 as
 * Chinese Excel saves it) or an XLSX workbook (its first sheet). What the file is, is decided
 * by its content; its extension only has to be one of .csv, .tsv, .txt or .xlsx.
 */
export async function readUpload(file: UploadedFile): Promise<InputEntry[]> {
  const { bytes } = file;
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw uploadTooLarge();
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (isOle2(bytes)) {
    throw invalidRequest(
      { en: 'This is an old-format Excel file (.xls), which Order Desk does not read.', zh: '这是旧格式的 Excel 文件（.xls），Order Desk 无法读取。' },
      { en: 'In Excel choose File → Save As → Excel Workbook (.xlsx) or CSV UTF-8, then upload that file.', zh: '请在 Excel 中选择“文件 → 另存为 → Excel 工作簿（.xlsx）”或“CSV UTF-8”，再上传该文件。' },
    );
  }
  if (extension !== 'xlsx' && !TEXT_EXTENSIONS.has(extension)) {
    throw invalidRequest({ en: `“${file.name}” is not a CSV or XLSX file.`, zh: `“${file.name}”不是 CSV 或 XLSX 文件。` }, CSV_OR_XLSX);
  }
  if (isZip(bytes)) return columnEntries(await xlsxRows(bytes, file.name));
  if (extension === 'xlsx') throw notASpreadsheet(file.name);
  return columnEntries(csvRows(decodeText(bytes, file.name)));
}

function notASpreadsheet(name: string, cause?: unknown): AppError {
  return new AppError({
    code: 'invalid_request',
    message: { en: `“${name}” is not an Excel workbook Order Desk can read.`, zh: `“${name}”不是 Order Desk 能读取的 Excel 工作簿。` },
    action: CSV_OR_XLSX,
    cause,
  });
}

function notText(name: string): AppError {
  return invalidRequest({ en: `“${name}” is not a CSV file: it holds binary data.`, zh: `“${name}”不是 CSV 文件：其中含有二进制数据。` }, CSV_OR_XLSX);
}

/** UTF-8 when it decodes as UTF-8 (Excel's "CSV UTF-8"), otherwise GB18030 (GBK's superset), as Chinese Excel saves "CSV". */
function decodeText(bytes: Uint8Array, name: string): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
  }
  if (text.includes('\u0000')) throw notText(name);
  return text.replace(/^\uFEFF/, '');
}

/** One cell as read: its text, and for an XLSX cell how Excel stored it. */
interface Cell {
  text: string;
  type?: InputEntry['cellType'];
}
interface Row {
  /** 1-based line or row number in the file. */
  number: number;
  cells: Cell[];
}

/** The delimiter Excel wrote: the most frequent of comma, semicolon and tab on the first line. */
function detectDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

function csvRows(text: string): Row[] {
  // Excel reads (and some tools write) a first line `sep=;` naming the delimiter.
  const sep = /^sep=(.)\r?\n/i.exec(text);
  const body = sep ? text.slice(sep[0].length) : text;
  const delimiter = sep?.[1] ?? detectDelimiter(body.split(/\r?\n/, 1)[0] ?? '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info`, csv-parse returns `{record, info}` per row; its typings describe only the plain form.
    records = parse(body, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalidRequest({ en: `The CSV file could not be read: ${detail}`, zh: `无法读取该 CSV 文件：${detail}` }, CSV_OR_XLSX);
  }
  const offset = sep ? 1 : 0;
  return records.map(({ record, info }) => ({ number: info.lines + offset, cells: record.map((text) => ({ text: text.trim() })) }));
}

/**
 * How much an uploaded workbook may unpack to. A 10,000-row sheet is a few megabytes of XML; a
 * 5 MiB zip could otherwise unpack to gigabytes (a zip bomb) inside exceljs.
 */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;

const unpacksTooLarge = (name: string) =>
  invalidRequest(
    { en: `“${name}” unpacks to more than 50 MiB, more than a list of order ids needs.`, zh: `“${name}”解压后超过 50 MiB，远超一份订单号名单所需。` },
    { en: 'Copy only the id column into a new workbook, or save it as CSV, and upload that.', zh: '请只把订单号这一列复制到新工作簿，或另存为 CSV，再上传。' },
  );

/** Unpacks every entry once as a stream, counting, and stops at the first byte beyond the limit. */
async function checkUnpackedSize(bytes: Uint8Array, name: string): Promise<void> {
  let total = 0;
  try {
    const zip = await JSZip.loadAsync(bytes);
    for (const file of Object.values(zip.files)) {
      if (file.dir) continue;
      await new Promise<void>((resolve, reject) => {
        const stream = file.nodeStream('nodebuffer');
        stream
          .on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total <= MAX_UNPACKED_BYTES) return;
            stream.pause();
            resolve();
          })
          .on('error', reject)
          .on('end', resolve);
      });
      if (total > MAX_UNPACKED_BYTES) break;
    }
  } catch (error) {
    throw notASpreadsheet(name, error);
  }
  if (total > MAX_UNPACKED_BYTES) throw unpacksTooLarge(name);
}

/** Columns read from a sheet: the id and shop columns are among the first few in any real file. */
const MAX_COLUMNS = 256;

async function xlsxRows(bytes: Uint8Array, name: string): Promise<Row[]> {
  await checkUnpackedSize(bytes, name);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer; the bytes are passed as they are.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw notASpreadsheet(name, error);
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw notASpreadsheet(name);
  const rows: Row[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    // Only the cells that hold something: a row reaching column XFD would otherwise be 16,384 cells.
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column > MAX_COLUMNS) return;
      while (cells.length < column - 1) cells.push({ text: '' });
      cells.push(cellOf(cell));
    });
    rows.push({ number, cells });
  });
  return rows;
}

/** A cell as Excel stored it: text as text, a number as the number's exact digits. */
function cellOf(cell: ExcelJS.Cell): Cell {
  const value = cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'number') return { text: numberText(value, cell.numFmt), type: 'number' };
  if (typeof value === 'string') return { text: value.trim(), type: 'text' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? cell.text : value.toISOString().slice(0, 10), type: 'date' };
  if (typeof value === 'object' && ('richText' in value || 'hyperlink' in value)) return { text: cell.text.trim(), type: 'text' };
  return { text: cell.text.trim(), type: 'other' };
}

/**
 * A number cell's digits. A custom format of zeros (`000000`) shows leading zeros Excel does not
 * store; the id is what the sheet shows, so they are put back.
 */
function numberText(value: number, numFmt: string | undefined): string {
  const text = String(value);
  const zeros = numFmt && /^0+$/.test(numFmt) ? numFmt.length : 0;
  return Number.isInteger(value) && value >= 0 && /^\d+$/.test(text) ? text.padStart(zeros, '0') : text;
}

// ---------------------------------------------------------------------------------------------
// Finding the id column

/** Headings compared without case, spaces, `_`, `-` or `.`, in order of preference. */
const ID_HEADINGS = [
  '商户订单号',
  'outtradeno',
  'tradeno',
  'merchanttradeno',
  'merchantorderno',
  '服务商订单号',
  'serviceproviderorderid',
  'orderid',
  'orderno',
  'ordernumber',
  'order',
  '订单号',
  '订单编号',
  '商户单号',
  '交易单号',
  'id',
];
const SHOP_HEADINGS = ['shop', 'shopid', 'shopname', 'store', 'miniprogram', '店铺', '店铺名称', '小程序', '小程序名称'];

const headingKey = (text: string) => text.toLowerCase().replace(/[\s_\-.:：()（）]/g, '');
const isKnownHeading = (text: string) => [...ID_HEADINGS, ...SHOP_HEADINGS].includes(headingKey(text));

function findColumn(headings: string[], wanted: readonly string[]): number {
  const keys = headings.map(headingKey);
  for (const heading of wanted) {
    const at = keys.indexOf(heading);
    if (at >= 0) return at;
  }
  return -1;
}

/**
 * The ids of a table: the column headed like an order id, or else the first column with anything
 * in it. The first row is a header when it holds a known heading, or when its id cell is text
 * without a digit that no id could be.
 */
function columnEntries(rows: Row[]): InputEntry[] {
  const first = rows[0];
  if (!first) return [];
  const headings = first.cells.map((c) => c.text);
  const named = findColumn(headings, ID_HEADINGS);
  const idColumn = named >= 0 ? named : Math.max(0, first.cells.findIndex((c) => c.text !== ''));
  const shopColumn = findColumn(headings, SHOP_HEADINGS);
  const idHeading = first.cells[idColumn];
  const hasHeader = named >= 0 || shopColumn >= 0 || (idHeading !== undefined && idHeading.type !== 'number' && !/\d/.test(idHeading.text) && !couldBeAnId(idHeading.text));
  const entries: InputEntry[] = [];
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const cell = row.cells[idColumn];
    if (!cell || cell.text === '') continue;
    const shop = shopColumn >= 0 ? row.cells[shopColumn]?.text : undefined;
    entries.push({ raw: cell.text, row: row.number, ...(shop ? { shop } : {}), ...(cell.type ? { cellType: cell.type } : {}) });
  }
  return entries;
}
