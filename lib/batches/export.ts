import 'server-only';
import { csvOf, xlsxOf, type SheetOf } from '@/lib/text/sheets';
import { ordersSheet, SHEETS, type ExportContext, type ExportSheet } from './export-columns';
import type { BatchItemResult } from './types';

/**
 * A batch's results as files finance opens in Excel, streamed (the writers: lib/text/sheets.ts):
 * rows are written as the engine pages through its table and handed on as the browser reads, so a
 * 10,000-row export never holds its rows (export.test.ts measures it).
 *
 * `items(sheet)` is called once for each sheet written (the CSV: once; the XLSX: four times,
 * one sheet after the other, since a zip holds one entry at a time) and must yield the batch's
 * items in input order. It may yield every item each time; a sheet shows only its own rows.
 * The argument says which sheet asks, so the engine may skip items that sheet cannot show
 * (refunds and profit sharing: found shop orders; problems: invalid, not-found, parameter-error, failed).
 */
export type BatchItems = (sheet: ExportSheet) => AsyncIterable<BatchItemResult>;

export type ExportOptions = ExportContext;
export type { ExportSheet } from './export-columns';

/** The Orders sheet as CSV (lib/text/sheets.ts says how a CSV is written). */
export function batchCsv(items: BatchItems, options: ExportOptions): ReadableStream<Uint8Array> {
  return csvOf(ordersSheet.columns, items('orders'), options);
}

/** The XLSX: sheets Orders, Refunds, Profit sharing and Problems (lib/text/sheets.ts says how). */
export function batchXlsx(items: BatchItems, options: ExportOptions): ReadableStream<Uint8Array> {
  const sheets = SHEETS.map(
    (spec): SheetOf<unknown> => ({
      name: spec.name,
      columns: spec.columns,
      rows: async function* () {
        for await (const item of items(spec.sheet)) yield* spec.rows(item);
      },
    }),
  );
  return xlsxOf(sheets, options);
}
