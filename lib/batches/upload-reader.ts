import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AppError, type Bilingual } from '@/lib/errors';
import { columnReader, type Row } from './columns';
import { CSV_OR_XLSX, DEFAULT_UPLOAD_LIMITS, MAX_UPLOAD_BYTES, uploadTooLarge, type UploadAnswer, type UploadJob, type UploadLimits, type UploadRead } from './upload-limits';
import { MAX_COLUMNS, notASpreadsheet, readXlsxRows, tooManyCells } from './xlsx-stream';

/**
 * An uploaded file read into entries: a CSV (comma, semicolon or tab; UTF-8 with or without a
 * BOM, UTF-16 with a BOM, or GB18030 as Chinese Excel saves it) or an XLSX workbook (the sheet it
 * opens on, or its first visible sheet). What the file is, is decided by its content; its
 * extension only has to be one of .csv, .tsv, .txt or .xlsx. Both are read as streams that stop at
 * the limits as they read. The server runs this in a worker thread (upload-worker.ts).
 */

export interface UploadedFile {
  /** The file name as uploaded (its extension is checked). */
  name: string;
  bytes: Uint8Array;
}

const invalidRequest = (message: Bilingual, action: Bilingual) => new AppError({ code: 'invalid_request', message, action });

const TEXT_EXTENSIONS = new Set(['csv', 'tsv', 'txt', '']);
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** The old binary .xls (an OLE2 compound file). */
const isOle2 = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

export async function readUpload(file: UploadedFile, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): Promise<UploadRead> {
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
  const ids = columnReader(limits.maxEntries);
  if (isZip(bytes)) {
    const sheet = await readXlsxRows(bytes, file.name, limits, (row) => ids.add(row));
    if (ids.entries.length === 0) throw emptySheet(file.name, sheet);
    return { entries: ids.entries, sheet };
  }
  if (extension === 'xlsx') throw notASpreadsheet(file.name);
  await readCsvRows(utf8Text(bytes, file.name), file.name, limits, (row) => ids.add(row));
  return { entries: ids.entries };
}

/** The sheet read holds nothing: say which one, since it may not be the one the ids are on. */
function emptySheet(name: string, sheet: string): AppError {
  return invalidRequest(
    { en: `The sheet “${sheet}” of “${name}” holds no ids. Order Desk reads the sheet the workbook opens on, or its first visible sheet.`, zh: `“${name}”的工作表“${sheet}”中没有订单号。Order Desk 读取工作簿打开时显示的工作表，或第一个可见工作表。` },
    { en: 'Open the workbook on the sheet with the ids (click its tab), save, and upload again.', zh: '请在含订单号的工作表上（点击其标签）保存工作簿，再重新上传。' },
  );
}

function notText(name: string): AppError {
  return invalidRequest({ en: `“${name}” is not a CSV file: it holds binary data.`, zh: `“${name}”不是 CSV 文件：其中含有二进制数据。` }, CSV_OR_XLSX);
}

/**
 * The text as UTF-8 bytes without a BOM: as it is when it is UTF-8 (Excel's "CSV UTF-8"; no copy
 * of a 5 MiB file is made), else decoded (UTF-16 with a BOM, otherwise GB18030, GBK's superset,
 * as Chinese Excel saves "CSV") and encoded again.
 */
function utf8Text(bytes: Uint8Array, name: string): Uint8Array {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else if (isUtf8(bytes)) {
    if (bytes.includes(0)) throw notText(name);
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  } else text = new TextDecoder('gb18030').decode(bytes);
  if (text.includes('\u0000')) throw notText(name);
  return Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8');
}

function lineTooLong(name: string, line: number | undefined): AppError {
  const where = line === undefined ? { en: '', zh: '' } : { en: ` (line ${line})`, zh: `（第 ${line} 行）` };
  return invalidRequest(
    { en: `A line of “${name}”${where.en} is longer than 64 KiB, more than a list of order ids needs.`, zh: `“${name}”中有一行${where.zh}超过 64 KiB，远超一份订单号名单所需。` },
    { en: 'Upload only the id column, one id a line.', zh: '请只上传订单号这一列，每行一个。' },
  );
}

/** The delimiter Excel wrote: the most frequent of comma, semicolon and tab on the first line. */
function detectDelimiter(firstLine: string): string {
  const counts = new Map([',', ';', '\t'].map((d) => [d, 0]));
  for (const character of firstLine) {
    const count = counts.get(character);
    if (count !== undefined) counts.set(character, count + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

const CHUNK = 64 * 1024;
/** The longest line read: a line of a bill export is a few hundred characters. */
export const MAX_LINE_CHARACTERS = 64 * 1024;

/**
 * The CSV's records as csv-parse streams them, each given to `onRow` as it comes. A record is
 * split into at most MAX_COLUMNS + 1 fields (the delimiters after the last are left in its text,
 * csv-parse's `ignore_last_delimiters`), so a line of five million commas is not five million
 * cells but a line too long (`max_record_size`); the cells of all records count against `maxCells`.
 */
async function readCsvRows(text: Uint8Array, name: string, limits: UploadLimits, onRow: (row: Row) => void): Promise<void> {
  // Excel reads (and some tools write) a first line `sep=;` naming the delimiter.
  const sep = /^sep=(.)\r?\n/i.exec(Buffer.from(text.subarray(0, 16)).toString('utf8'));
  const all = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  const body = sep ? all.subarray(Buffer.byteLength(sep[0])) : all;
  // A longer first line is refused anyway (MAX_LINE_CHARACTERS).
  const firstLineEnd = body.subarray(0, MAX_LINE_CHARACTERS).indexOf(0x0a);
  const delimiter = sep?.[1] ?? detectDelimiter(body.subarray(0, firstLineEnd < 0 ? MAX_LINE_CHARACTERS : firstLineEnd).toString('utf8'));
  const offset = sep ? 1 : 0;
  const chunks = function* () {
    for (let at = 0; at < body.length; at += CHUNK) yield body.subarray(at, at + CHUNK);
  };
  const parser = Readable.from(chunks()).pipe(
    parse({ delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, ignore_last_delimiters: MAX_COLUMNS + 1, max_record_size: MAX_LINE_CHARACTERS }),
  );
  let cells = 0;
  try {
    // With `info`, csv-parse gives `{record, info}` per row; its typings describe only the plain form.
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      cells += record.length;
      if (cells > limits.maxCells) throw tooManyCells(name, limits.maxCells);
      onRow({ number: info.lines + offset, cells: record.slice(0, MAX_COLUMNS).map((cell) => ({ text: cell.trim() })) });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') throw lineTooLong(name, (error as { lines?: number }).lines);
    const detail = error instanceof Error ? error.message : String(error);
    throw invalidRequest({ en: `The CSV file could not be read: ${detail}`, zh: `无法读取该 CSV 文件：${detail}` }, CSV_OR_XLSX);
  } finally {
    parser.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The upload worker's job and answer (upload.ts starts it; upload-worker.ts runs readUploadForm)

function badForm(): AppError {
  return invalidRequest(
    { en: 'The upload has no file.', zh: '上传内容中没有文件。' },
    { en: 'Send the file in a form field named “file”.', zh: '请将文件放在名为“file”的表单字段中上传。' },
  );
}

/** The multipart form read and its file read; a refusal is answered, anything unexpected thrown. */
export async function readUploadForm(job: UploadJob): Promise<UploadAnswer> {
  try {
    const form = await new Response(job.body, { headers: { 'content-type': job.contentType } }).formData().catch(() => {
      throw badForm();
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw badForm();
    const read = await readUpload({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, job.limits);
    // A field sent as a file is no kind or shop: its name as text fails the route's checks.
    const field = (key: string) => {
      const value = form.get(key);
      return value === null ? null : typeof value === 'string' ? value : `[file ${value.name}]`;
    };
    return { ok: true, form: { ...read, fileName: file.name, kind: field('kind'), shop: field('shop') } };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: { message: error.messages, action: error.action } };
    throw error;
  }
}
