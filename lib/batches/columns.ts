import { AppError } from '@/lib/errors';
import { recognise } from '@/lib/orders/ids';
import type { InputEntry } from './types';

/**
 * Which column of a table holds the ids (and which the shop), told by the first row's headings,
 * and the ids read row by row as a file is read (`columnReader`). Pure: the upload worker
 * (upload-worker.ts) runs it, and readPaste (input.ts) shares the headings.
 */

/** One cell as read: its text, and for an XLSX cell how Excel stored it. */
export interface Cell {
  text: string;
  type?: InputEntry['cellType'];
}
export interface Row {
  /** 1-based line or row number in the file. */
  number: number;
  cells: Cell[];
}

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
export const isKnownHeading = (text: string) => [...ID_HEADINGS, ...SHOP_HEADINGS].includes(headingKey(text));

/** Whether text could be an order id of some kind (so it is read as one, not as a heading). */
export function couldBeAnId(text: string): boolean {
  const kind = recognise(text).kind;
  return kind !== 'malformed' && kind !== 'empty';
}

function findColumn(headings: string[], wanted: readonly string[]): number {
  const keys = headings.map(headingKey);
  for (const heading of wanted) {
    const at = keys.indexOf(heading);
    if (at >= 0) return at;
  }
  return -1;
}

export function tooManyEntries(maxEntries: number): AppError {
  const count = (n: number) => n.toLocaleString('en-US');
  return new AppError({
    code: 'invalid_request',
    message: { en: `The file has more than ${count(maxEntries)} entries, the most a batch reads.`, zh: `文件中的条目超过 ${count(maxEntries)} 项，即每批最多读取的数量。` },
    action: { en: 'Split the list into several batches.', zh: '请将名单拆成几批。' },
  });
}

/**
 * The ids of a table, fed one row at a time: the column headed like an order id, or else the
 * first column with anything in it. The first row is a header when it holds a known heading, or
 * when its id cell is text without a digit that no id could be. Refuses (400) the entry after
 * `maxEntries`, so a file is not read past the most a batch takes.
 */
export function columnReader(maxEntries: number) {
  const entries: InputEntry[] = [];
  let columns: { id: number; shop: number } | undefined;
  return {
    entries,
    add(row: Row): void {
      if (!columns) {
        const headings = row.cells.map((c) => c.text);
        const named = findColumn(headings, ID_HEADINGS);
        columns = { id: named >= 0 ? named : Math.max(0, row.cells.findIndex((c) => c.text !== '')), shop: findColumn(headings, SHOP_HEADINGS) };
        const idHeading = row.cells[columns.id];
        const hasHeader =
          named >= 0 || columns.shop >= 0 || (idHeading !== undefined && idHeading.type !== 'number' && !/\d/.test(idHeading.text) && !couldBeAnId(idHeading.text));
        if (hasHeader) return;
      }
      const cell = row.cells[columns.id];
      if (!cell || cell.text === '') return;
      if (entries.length === maxEntries) throw tooManyEntries(maxEntries);
      const shop = columns.shop >= 0 ? row.cells[columns.shop]?.text : undefined;
      entries.push({ raw: cell.text, row: row.number, ...(shop ? { shop } : {}), ...(cell.type ? { cellType: cell.type } : {}) });
    },
  };
}
