import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppError, type Bilingual } from '@/lib/errors';
import type { Cell, Row } from './columns';
import { CSV_OR_XLSX } from './upload-limits';

/**
 * An uploaded workbook read as a stream, one row at a time, stopping at the limits as it reads.
 *
 * Only the parts needed are unpacked, each from the zip as it is needed (JSZip): the workbook and
 * its relationships (which sheets there are, which is active, which are hidden), the styles
 * (number formats: dates, zero-padded ids), the shared strings, and the one sheet read. A hidden
 * sheet is never unpacked. Every byte unpacked counts against MAX_UNPACKED_BYTES, every cell of
 * the sheet and every shared string against `maxCells`, counted in the XML before exceljs parses
 * it, so a sheet of millions of (even empty) cells is refused after `maxCells` of them.
 *
 * The XML is parsed by exceljs's streaming reader (ExcelJS.stream.xlsx.WorkbookReader): the
 * parts are handed to its part readers (`WorkbookParts`) in the order needed, rather than letting
 * it walk the zip in file order, which would copy every sheet to a temporary file whenever the
 * shared strings come after the sheets (as Excel saves them) and unpack hidden sheets too. Its
 * text is decoded here with a streaming decoder: exceljs decodes each chunk on its own, which
 * breaks a Chinese character split between two chunks.
 */

/** How much of a workbook may be unpacked: a 10,000-row sheet is a few megabytes of XML. */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
/** Columns read from a sheet: the id and shop columns are among the first few in any real file. */
export const MAX_COLUMNS = 256;

/** The part readers of exceljs 4.4's WorkbookReader (lib/stream/xlsx/workbook-reader.js) and what they keep. */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: Array<{ Id: string; Target: string; Type?: string }>;
  model?: { sheets?: Array<{ name: string; rId: string; state?: string }>; views?: Array<{ activeTab?: number }> };
}

export interface XlsxLimits {
  maxCells: number;
}

const invalidRequest = (message: Bilingual, action: Bilingual, cause?: unknown) => new AppError({ code: 'invalid_request', message, action, cause });

const ONLY_THE_IDS: Bilingual = {
  en: 'Copy only the id column into a new workbook, or save it as CSV, and upload that.',
  zh: '请只把订单号这一列复制到新工作簿，或另存为 CSV，再上传。',
};

export const notASpreadsheet = (name: string, cause?: unknown) =>
  invalidRequest({ en: `“${name}” is not an Excel workbook Order Desk can read.`, zh: `“${name}”不是 Order Desk 能读取的 Excel 工作簿。` }, CSV_OR_XLSX, cause);

const unpacksTooLarge = (name: string) =>
  invalidRequest({ en: `“${name}” unpacks to more than 50 MiB, more than a list of order ids needs.`, zh: `“${name}”解压后超过 50 MiB，远超一份订单号名单所需。` }, ONLY_THE_IDS);

export const tooManyCells = (name: string, maxCells: number) =>
  invalidRequest(
    {
      en: `“${name}” holds more than ${maxCells.toLocaleString('en-US')} cells, more than a list of order ids needs.`,
      zh: `“${name}”中的单元格超过 ${maxCells.toLocaleString('en-US')} 个，远超一份订单号名单所需。`,
    },
    ONLY_THE_IDS,
  );

const noVisibleSheet = (name: string) =>
  invalidRequest(
    { en: `“${name}” has no visible worksheet to read: every sheet is hidden.`, zh: `“${name}”中没有可读取的可见工作表：所有工作表均已隐藏。` },
    { en: 'Unhide the sheet with the ids (right-click a sheet tab → Unhide), save, and upload again.', zh: '请取消隐藏含订单号的工作表（右键工作表标签 → 取消隐藏），保存后重新上传。' },
  );

const cellWithoutReference = (name: string) =>
  invalidRequest(
    { en: `“${name}” has cells without their reference (the r attribute), which Order Desk does not read.`, zh: `“${name}”中有缺少位置引用（r 属性）的单元格，Order Desk 无法读取。` },
    { en: 'Open the file in Excel, WPS or LibreOffice and save it again as .xlsx (they write every reference), or save it as CSV.', zh: '请用 Excel、WPS 或 LibreOffice 打开该文件并重新保存为 .xlsx（它们会写出每个引用），或另存为 CSV。' },
  );

/** `<c …>` (a cell: its prefix and attributes captured) or `<si>` (a shared string), with or without a namespace prefix. */
const CELL_TAG = /<((?:[A-Za-z_][\w.-]*:)?)c(?=[\s/>])([^>]*)>/g;
const SHARED_STRING_TAG = /<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])([^>]*)>/g;
const CELL_COLUMN = /\sr\s*=\s*["']([A-Za-z]+)\d/;
/** Longer than any start tag of a cell or shared string. */
const LONGEST_TAG = 512;

/** The part's text as it is unpacked, decoded across chunk boundaries, counted against the budget. */
async function* unpacked(file: JSZip.JSZipObject, budget: { left: number }, tooLarge: () => AppError): AsyncGenerator<string> {
  const stream = new Readable().wrap(file.nodeStream('nodebuffer'));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.left -= chunk.length;
      if (budget.left < 0) throw tooLarge();
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

/** The text passed on unchanged, refusing it once it holds more than `max` start tags `tag` matches. */
async function* counted(texts: AsyncIterable<string>, tag: RegExp, max: number, tooMany: () => AppError): AsyncGenerator<string> {
  let count = 0;
  // A tag split between two chunks is counted with the next one.
  let carry = '';
  for await (const chunk of texts) {
    const text = carry + chunk;
    const whole = incompleteTagAt(text, 0) ?? text.length;
    carry = text.slice(whole);
    tag.lastIndex = 0;
    const scanned = text.slice(0, whole);
    while (tag.exec(scanned)) count += 1;
    if (count > max) throw tooMany();
    yield chunk;
  }
}

/** Where a start tag begins that the text ends before closing (at or after `from`), if one does. */
function incompleteTagAt(text: string, from: number): number | undefined {
  const lastOpen = text.lastIndexOf('<');
  return lastOpen >= from && text.length - lastOpen < LONGEST_TAG && text.indexOf('>', lastOpen) < 0 ? lastOpen : undefined;
}

const columnNumber = (letters: string) => [...letters.toUpperCase()].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);

/**
 * A sheet's XML as it is unpacked, every cell counted (refused beyond `maxCells`) and checked to
 * carry its reference, and the cells beyond column MAX_COLUMNS left out: exceljs builds an object
 * for every cell of a row, so a row of 16,384 cells would cost that many though only the first
 * columns are read.
 */
async function* sheetCells(texts: AsyncIterable<string>, name: string, maxCells: number): AsyncGenerator<string> {
  let count = 0;
  let carry = '';
  /** The end tag of a cell being left out, while it is. */
  let skipping: string | null = null;
  for await (const chunk of texts) {
    const text = carry + chunk;
    carry = '';
    let kept = '';
    let at = 0;
    while (at < text.length) {
      if (skipping) {
        const end = text.indexOf(skipping, at);
        if (end < 0) {
          // The end tag may begin in this chunk and end in the next.
          carry = text.slice(Math.max(at, text.length - skipping.length + 1));
          break;
        }
        at = end + skipping.length;
        skipping = null;
        continue;
      }
      CELL_TAG.lastIndex = at;
      const cell = CELL_TAG.exec(text);
      if (!cell) {
        const incomplete = incompleteTagAt(text, at);
        kept += text.slice(at, incomplete);
        if (incomplete !== undefined) carry = text.slice(incomplete);
        break;
      }
      count += 1;
      if (count > maxCells) throw tooManyCells(name, maxCells);
      const attributes = cell[2] ?? '';
      const letters = CELL_COLUMN.exec(attributes)?.[1];
      if (!letters) throw cellWithoutReference(name);
      const afterTag = cell.index + cell[0].length;
      if (columnNumber(letters) <= MAX_COLUMNS) {
        kept += text.slice(at, afterTag);
      } else {
        kept += text.slice(at, cell.index);
        if (!attributes.endsWith('/')) skipping = `</${cell[1] ?? ''}c>`;
      }
      at = afterTag;
    }
    if (kept) yield kept;
  }
  if (carry && !skipping) yield carry;
}

/** A relationship's target as a path in the zip: relative to `xl/`, or absolute from the root. */
const partPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/[^/]+\/\.\.\//g, '');

/**
 * Reads the sheet the workbook opens on, if it is visible, else its first visible sheet, giving
 * each row that holds something to `onRow`. Answers the sheet's name.
 */
export async function readXlsxRows(bytes: Uint8Array, name: string, limits: XlsxLimits, onRow: (row: Row) => void): Promise<string> {
  try {
    return await readRows(bytes, name, limits, onRow);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notASpreadsheet(name, error);
  }
}

async function readRows(bytes: Uint8Array, name: string, limits: XlsxLimits, onRow: (row: Row) => void): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const budget = { left: MAX_UNPACKED_BYTES };
  const part = (path: string) => {
    const file = zip.file(path);
    return file && !file.dir ? unpacked(file, budget, () => unpacksTooLarge(name)) : null;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookParts;

  const rels = part('xl/_rels/workbook.xml.rels');
  const book = part('xl/workbook.xml');
  if (!rels || !book) throw notASpreadsheet(name);
  await reader._parseRels(Readable.from(rels));
  await reader._parseWorkbook(Readable.from(book));

  const relations = reader.workbookRels ?? [];
  const target = (type: string) => relations.find((r) => r.Type?.endsWith(`/${type}`));
  const sheets = (reader.model?.sheets ?? []).filter(Boolean).map((sheet) => {
    const relation = relations.find((r) => r.Id === sheet.rId);
    const path = relation?.Type?.endsWith('/worksheet') ? partPath(relation.Target) : null;
    return { ...sheet, path, readable: path !== null && zip.file(path) !== null && sheet.state !== 'hidden' && sheet.state !== 'veryHidden' };
  });
  if (!sheets.some((s) => s.path !== null)) throw notASpreadsheet(name);
  const active = sheets[reader.model?.views?.[0]?.activeTab ?? 0];
  const chosen = active?.readable ? active : sheets.find((s) => s.readable);
  if (!chosen?.path) throw noVisibleSheet(name);

  const styles = part(partPath(target('styles')?.Target ?? 'styles.xml'));
  if (styles) await reader._parseStyles(Readable.from(styles));
  const strings = part(partPath(target('sharedStrings')?.Target ?? 'sharedStrings.xml'));
  if (strings) {
    const texts = counted(strings, SHARED_STRING_TAG, limits.maxCells, () => tooManyCells(name, limits.maxCells));
    for await (const _ of reader._parseSharedStrings(Readable.from(texts))) {
      // with sharedStrings: 'cache' the reader keeps them and yields nothing
    }
  }

  const sheet = sheetCells(part(chosen.path)!, name, limits.maxCells);
  const [opened] = [...reader._parseWorksheet(sheet, '1')];
  if (!opened) throw notASpreadsheet(name);
  for await (const row of opened.value) {
    if (row.hasValues) onRow(rowOf(row));
  }
  return chosen.name;
}

/** A row's cells, the first MAX_COLUMNS of them. A row reaching column XFD is read from its filled cells only. */
function rowOf(row: ExcelJS.Row): Row {
  const cells: Cell[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    if (column > MAX_COLUMNS) return;
    while (cells.length < column - 1) cells.push({ text: '' });
    cells.push(cellOf(cell));
  });
  return { number: row.number, cells };
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
