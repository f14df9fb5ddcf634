import 'server-only';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { LOCALE_COOKIE, isLocale, localeFromAcceptLanguage } from '@/i18n/locales';
import type { Bilingual } from '@/lib/errors';
import { formatInstant } from '@/lib/orders/format';
import { formatYuanDigits, type Fen } from '@/lib/orders/money';
import type { Instant } from '@/lib/orders/time';
import { spreadsheetText } from './safe-text';

/**
 * The spreadsheet files Order Desk writes (a batch's results, the ledger), streamed, by column
 * specs: ids always text, money as yuan beside the exact fen as text, times as text in the display
 * zone with its offset, headings in the reader's language. CSV: UTF-8 with a BOM, CRLF, every text
 * quoted and formula-escaped. XLSX: one sheet after another, rows handed on as the reader takes them.
 */

export type ExportLocale = 'en' | 'zh-CN';

export interface ExportContext {
  locale: ExportLocale;
  /** `ORDER_DESK_TIMEZONE`. */
  timeZone: string;
}

/**
 * - `id`: an identifier, text in every file (a 28-digit id must never become a number);
 * - `text`: words, formula-escaped;
 * - `money`: fen; written as two columns, yuan (a number in the XLSX) and the exact fen as text;
 * - `integer`: a count or an errcode;
 * - `time`: an instant, written as text in the display zone with its offset.
 */
export type CellKind = 'id' | 'text' | 'money' | 'integer' | 'time';

type CellValue<K extends CellKind> = K extends 'integer' ? number : K extends 'money' ? Fen : K extends 'time' ? Instant : string;

export interface Column<R, K extends CellKind = CellKind> {
  heading: Bilingual;
  kind: K;
  /** Excel column width in characters. */
  width: number;
  value(row: R, context: ExportContext): CellValue<K> | null | undefined;
}

/** One sheet of an XLSX: its name, its columns and its rows (read once, when the sheet is written). */
export interface SheetOf<R> {
  name: Bilingual;
  columns: Array<Column<R>>;
  rows: () => AsyncIterable<R>;
}

/** A download's language: `?lang=`, else the language cookie, else Accept-Language. */
export function exportLocale(request: Request): ExportLocale {
  const asked = new URL(request.url).searchParams.get('lang') ?? undefined;
  if (isLocale(asked)) return asked;
  const cookie = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]+)`).exec(request.headers.get('cookie') ?? '')?.[1];
  return isLocale(cookie) ? cookie : localeFromAcceptLanguage(request.headers.get('accept-language'));
}

export const say = (text: Bilingual, { locale }: ExportContext): string => (locale === 'zh-CN' ? text.zh : text.en);
export const timeText = (instant: Instant | null, { timeZone }: ExportContext): string => (instant ? formatInstant(instant, timeZone) : '');

export const column = <R, K extends CellKind>(kind: K, width: number, en: string, zh: string, value: Column<R, K>['value']): Column<R> =>
  ({ heading: { en, zh }, kind, width, value }) as Column<R>;

/** Headings as written: a money column becomes “Amount (¥)” and “Amount (fen)”. */
export function headings(columns: Array<Column<unknown>>, context: ExportContext): string[] {
  const zh = context.locale === 'zh-CN';
  return columns.flatMap((c) =>
    c.kind === 'money' ? [`${say(c.heading, context)}${zh ? '（元）' : ' (¥)'}`, `${say(c.heading, context)}${zh ? '（分）' : ' (fen)'}`] : [say(c.heading, context)],
  );
}

/** `1234.56`: yuan without grouping or symbol, which every spreadsheet reads as a number. */
const yuanDigits = (fen: Fen) => formatYuanDigits(fen).replaceAll(',', '');

/**
 * The XLSX style of each cell a column writes (a money column writes two: yuan, then the exact fen
 * as text). One object per style, shared by every cell: exceljs recognises a style object it has
 * seen, so 10,000 rows do not make it compare 300,000 styles.
 */
const PLAIN: Partial<ExcelJS.Style> = {};
const TEXT: Partial<ExcelJS.Style> = { numFmt: '@' };
const YUAN: Partial<ExcelJS.Style> = { numFmt: '"¥"#,##0.00' };
const STYLES: Record<CellKind, Array<Partial<ExcelJS.Style>>> = {
  money: [YUAN, TEXT],
  integer: [PLAIN],
  time: [PLAIN],
  id: [TEXT],
  // Text format too: a description typed again in Excel stays text rather than becoming a formula.
  text: [TEXT],
};

/** How one file writes yuan and text: the CSV escapes formulas, the XLSX needs not (see xlsxOf). */
interface CellWriting {
  yuan: (fen: Fen) => string | number;
  text: (value: string) => string;
}

/** One row's cell values, in the order `STYLES` describes. */
function valuesOf<R>(columns: Array<Column<R>>, row: R, context: ExportContext, writing: CellWriting): Array<string | number | null> {
  const textOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? writing.text(value) : null);
  return columns.flatMap((c) => {
    const value = c.value(row, context);
    switch (c.kind) {
      case 'money':
        return typeof value === 'string' ? [writing.yuan(value), value] : [null, null];
      case 'integer':
        return [typeof value === 'number' ? value : null];
      case 'time':
        return [typeof value === 'string' ? timeText(value, context) : null];
      case 'id':
      case 'text':
        return [textOrNull(value)];
    }
  });
}

const XLSX_WRITING: CellWriting = { yuan: (fen) => Number(yuanDigits(fen)), text: (value) => value };

/**
 * Rows as CSV: UTF-8 with a BOM (so Excel shows Chinese), CRLF lines, formulas escaped. Every
 * text is quoted (ids, fen, and yuan as `1234.56`), counts and errcodes are bare. Quotes keep an id
 * text for a CSV reader that honours them (Power Query, scripts); Excel's double-click open ignores
 * them and reads a 28-digit id as a number: the XLSX is the file for Excel.
 */
export function csvOf<R>(columns: Array<Column<R>>, rows: AsyncIterable<R>, options: ExportContext): ReadableStream<Uint8Array> {
  async function* records() {
    for await (const row of rows) yield valuesOf(columns, row, options, { yuan: yuanDigits, text: spreadsheetText });
  }
  const csv = stringify({
    bom: true,
    record_delimiter: 'windows',
    header: true,
    columns: headings(columns as Array<Column<unknown>>, options).map((header, i) => ({ key: String(i), header })),
    quoted_string: true,
  });
  // pipeline destroys both streams on an error, which errors the web stream the route returns.
  pipeline(Readable.from(records()), csv, () => {});
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}

/**
 * An XLSX of `sheets`, headings in the reader's language, ids as text cells, money as a
 * ¥-formatted number in yuan beside the exact fen as text, times as text in the display zone with
 * its offset (a date cell cannot carry a zone).
 *
 * Text is written as it is: a string cell of an XLSX holds a value, never a formula (a formula is
 * an element of its own, which exceljs writes only for a formula value), so `-cmd|x` or `=1+2`
 * cannot run. A leading `'` would be part of the cell's text and change the id.
 */
export function xlsxOf(sheets: Array<SheetOf<unknown>>, options: ExportContext): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;

  async function write() {
    for (const spec of sheets) {
      await writeSheet(spec);
      if (output.destroyed) return;
    }
    await workbook.commit();
  }

  async function writeSheet(spec: SheetOf<unknown>) {
    const sheet = workbook.addWorksheet(say(spec.name, options), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.flatMap((c) => (c.kind === 'money' ? [{ width: c.width }, { width: c.width }] : [{ width: c.width }]));
    const header = sheet.addRow(headings(spec.columns, options));
    header.font = { bold: true };
    header.commit();
    const styles = spec.columns.flatMap((c) => STYLES[c.kind]);
    let written = 0;
    for await (const row of spec.rows()) {
      const values = valuesOf(spec.columns, row, options, XLSX_WRITING);
      const added = sheet.addRow(values);
      styles.forEach((style, i) => {
        if (values[i] !== null) added.getCell(i + 1).style = style;
      });
      added.commit();
      written += 1;
      if (written % 100 === 0) await readerCaughtUp(output);
      if (output.destroyed) return;
    }
    sheet.commit();
  }
}

/**
 * Waits until what was written so far has been compressed and the reader has taken it: exceljs
 * ignores back-pressure inside the zip, so the writer waits here instead of letting rows pile up.
 */
async function readerCaughtUp(output: PassThrough) {
  await new Promise((resolve) => setImmediate(resolve));
  while (output.writableNeedDrain && !output.destroyed) {
    await new Promise<void>((resolve) => {
      const done = () => {
        output.off('drain', done).off('close', done);
        resolve();
      };
      output.on('drain', done).on('close', done);
    });
  }
}
