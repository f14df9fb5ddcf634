import 'server-only';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { formatYuanDigits, type Fen } from '@/lib/orders/money';
import { spreadsheetText } from '@/lib/text/safe-text';
import { headings, ordersSheet, SHEETS, timeText, type CellKind, type Column, type ExportContext, type ExportSheet, type SheetSpec } from './export-columns';
import type { BatchItemResult } from './types';

/**
 * A batch's results as files finance opens in Excel, streamed: rows are written as the engine
 * pages through its table and handed on as the browser reads, so a 10,000-row export never
 * holds its rows (export.test.ts measures it).
 *
 * `items(sheet)` is called once for each sheet written (the CSV: once; the XLSX: four times,
 * one sheet after the other, since a zip holds one entry at a time) and must yield the batch's
 * items in input order. It may yield every item each time; a sheet shows only its own rows.
 * The argument says which sheet asks, so the engine may skip items that sheet cannot show
 * (refunds and profit sharing: found shop orders; problems: invalid, not-found, parameter-error, failed).
 */
export type BatchItems = (sheet: ExportSheet) => AsyncIterable<BatchItemResult>;

export type ExportOptions = ExportContext;
export type { ExportSheet, ExportLocale } from './export-columns';

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

/** How one file writes yuan and text: the CSV escapes formulas, the XLSX needs not (see batchXlsx). */
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
 * The Orders sheet as CSV: UTF-8 with a BOM (so Excel shows Chinese), CRLF lines, formulas
 * escaped. Every text is quoted (ids, fen, and yuan as `1234.56`), counts and errcodes are bare.
 * Quotes keep an id text for a CSV reader that honours them (Power Query, scripts); Excel's
 * double-click open ignores them and reads a 28-digit id as a number: the XLSX is the file for Excel.
 */
export function batchCsv(items: BatchItems, options: ExportOptions): ReadableStream<Uint8Array> {
  const { columns } = ordersSheet;
  async function* records() {
    for await (const item of items('orders')) {
      yield valuesOf(columns, item, options, { yuan: yuanDigits, text: spreadsheetText });
    }
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
 * The XLSX: sheets Orders, Refunds, Profit sharing and Problems, headings in the user's
 * language, ids as text cells, money as a ¥-formatted number in yuan beside the exact fen as
 * text, times as text in the display zone with its offset (a date cell cannot carry a zone).
 *
 * Text is written as it is: a string cell of an XLSX holds a value, never a formula (a formula is
 * an element of its own, which exceljs writes only for a formula value), so `-cmd|x` or `=1+2`
 * cannot run. A leading `'` would be part of the cell's text and change the id.
 */
export function batchXlsx(items: BatchItems, options: ExportOptions): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;

  async function write() {
    for (const spec of SHEETS) {
      await writeSheet(spec);
      if (output.destroyed) return;
    }
    await workbook.commit();
  }

  async function writeSheet<R>(spec: SheetSpec<R>) {
    const sheet = workbook.addWorksheet(spec.name[options.locale === 'zh-CN' ? 'zh' : 'en'], { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.flatMap((c) => (c.kind === 'money' ? [{ width: c.width }, { width: c.width }] : [{ width: c.width }]));
    const header = sheet.addRow(headings(spec.columns as Array<Column<unknown>>, options));
    header.font = { bold: true };
    header.commit();
    const styles = spec.columns.flatMap((c) => STYLES[c.kind]);
    let written = 0;
    for await (const item of items(spec.sheet)) {
      for (const row of spec.rows(item)) {
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
