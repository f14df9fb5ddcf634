import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { normaliseServiceProviderOrder } from '@/lib/orders/service-provider';
import { normaliseShopOrder } from '@/lib/orders/shop';
import type { WeChatShopPayOrder } from '@/lib/orders/wechat-shapes';
import { batchCsv, batchXlsx, type BatchItems } from './export';
import type { BatchItemResult } from './types';

const TZ = 'Asia/Shanghai';
const T0 = 1_700_000_000; // 2023-11-15 06:13:20 in Shanghai
const AS_OF = '2024-01-01T00:00:00.000Z';
const TRANSACTION_ID = '4200001234202311150000000001';
const REFUND_ID = '50301901362023111500000000001';

function shopRaw(tradeNo: string, extra: Partial<WeChatShopPayOrder> = {}): WeChatShopPayOrder {
  return {
    trade_no: tradeNo,
    transaction_id: TRANSACTION_ID,
    mchid: '1623426221',
    create_time: T0,
    pay_time: T0 + 60,
    amount: '10000',
    description: '年度会员',
    refund_list: [
      { refund_no: 'R-1', refund_id: REFUND_ID, amount: '3000', create_time: T0 + 600, finish_time: T0 + 660, result: 'SUCCESS' },
      { refund_no: 'R-2', refund_id: '50301901362023111500000000002', amount: '1000', create_time: T0 + 900, result: 'PROCESSING' },
    ],
    profit_sharing_list: [
      { profit_sharing_no: 'PS-1', profit_sharing_id: '30002107912023111500000000001', mchid: '1623426221', amount: '1500', create_time: T0 + 3000, finish_time: T0 + 3060, result: 'SUCCESS' },
    ],
    ...extra,
  };
}

const base = { kind: 'shop' as const, shop: null, errcode: null, problem: null, lookedUpAt: AS_OF };

const ITEMS: BatchItemResult[] = [
  { ...base, position: 0, row: 2, input: 'shop-big', outcome: 'found', order: normaliseShopOrder(shopRaw('shop-big', { amount: '9223372036854775807', description: '=HYPERLINK("http://x") 年度会员' }), AS_OF) },
  {
    ...base,
    position: 1,
    row: 3,
    input: 'DD1000000000000000002',
    kind: 'service-provider',
    outcome: 'found',
    order: normaliseServiceProviderOrder({ orderId: 'DD1000000000000000002', status: 2, orderPrice: '19900', createTime: T0 * 1000, payInfo: { applyPayTime: T0, finishPayTime: T0 + 15 } }, AS_OF),
  },
  {
    ...base,
    position: 2,
    row: 4,
    input: '522346',
    outcome: 'not-found',
    order: null,
    problem: { message: { en: 'No such order.', zh: '没有这个订单。' }, action: { en: 'Check the id.', zh: '请检查订单号。' } },
  },
  { ...base, position: 3, row: 5, input: '=1+2', kind: null, outcome: 'invalid', order: null, lookedUpAt: null, problem: { message: { en: 'Not an order id.', zh: '不是订单号。' }, action: { en: 'Fix it.', zh: '请修改。' } } },
  {
    ...base,
    position: 4,
    input: 'fault-45009',
    outcome: 'failed',
    order: null,
    errcode: 45009,
    problem: { message: { en: 'The daily quota is used up.', zh: '当日调用额度已用完。' }, action: { en: 'Wait for the reset.', zh: '请等待额度重置。' } },
  },
  { ...base, position: 5, row: 7, input: '00012345', outcome: 'pending', order: null, lookedUpAt: null },
  // A valid trade number (letters, digits and `_-|*`) that a spreadsheet would read as a formula.
  { ...base, position: 6, row: 8, input: '-cmd|x', outcome: 'pending', order: null, lookedUpAt: null },
];

const source =
  (list: BatchItemResult[]): BatchItems =>
  async function* items() {
    yield* list;
  };

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of chunksOf(stream)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function workbookOf(stream: ReadableStream<Uint8Array>): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytesOf(stream)) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A sheet as objects keyed by heading. */
function rowsOf(sheet: ExcelJS.Worksheet): Array<Record<string, ExcelJS.Cell>> {
  const headingRow = sheet.getRow(1);
  const names: string[] = [];
  headingRow.eachCell((cell, column) => (names[column] = String(cell.value)));
  const rows: Array<Record<string, ExcelJS.Cell>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const record: Record<string, ExcelJS.Cell> = {};
    names.forEach((name, column) => (record[name] = row.getCell(column)));
    rows.push(record);
  });
  return rows;
}

describe('batchCsv', () => {
  it('writes UTF-8 with a BOM, ids exact and quoted, money exact, Chinese intact, formulas escaped', async () => {
    const bytes = await bytesOf(batchCsv(source(ITEMS), { locale: 'zh-CN', timeZone: TZ }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain(`"${TRANSACTION_ID}"`);
    expect(text).toContain('"00012345"');
    const [headings, ...rows] = parse(text, { bom: true }) as string[][];
    const records = rows.map((row) => Object.fromEntries(headings!.map((h, i) => [h, row[i]])));
    expect(headings).toContain('金额（元）');
    expect(records).toHaveLength(ITEMS.length);

    const big = records[0]!;
    expect(big['行号']).toBe('2');
    expect(big['微信支付交易单号']).toBe(TRANSACTION_ID);
    expect(big['金额（分）']).toBe('9223372036854775807');
    expect(big['金额（元）']).toBe('92233720368547758.07');
    expect(big['已退款（分）']).toBe('3000');
    expect(big['退款处理中（元）']).toBe('10.00');
    expect(big['已分账（分）']).toBe('1500');
    expect(big['退款后剩余（分）']).toBe('9223372036854772807');
    expect(big['退款笔数']).toBe('2');
    expect(big['状态']).toBe('部分退款');
    expect(big['状态代码']).toBe('partly-refunded');
    expect(big['商品描述']).toBe(`'=HYPERLINK("http://x") 年度会员`);
    expect(big['支付时间']).toBe('2023-11-15 06:14:20 GMT+8');
    expect(big['查询结果']).toBe('已找到');

    expect(records[1]!['商户订单号 / 服务商订单号']).toBe('DD1000000000000000002');
    expect(records[1]!['金额（元）']).toBe('199.00');
    expect(records[1]!['状态代码']).toBe('2');
    expect(records[2]!['问题']).toBe('没有这个订单。');
    expect(records[3]!['输入']).toBe("'=1+2");
    expect(records[4]!['错误码']).toBe('45009');
    expect(records[4]!['行号']).toBe('5');
    expect(records[5]!['查询结果']).toBe('待查询');
    expect(records[6]!['输入']).toBe("'-cmd|x");
  });

  it('writes English headings for an English reader', async () => {
    const text = (await bytesOf(batchCsv(source([]), { locale: 'en', timeZone: TZ }))).toString('utf8');
    const [heading, ...rest] = text.split('\r\n');
    expect(heading).toContain('"Trade number / order id","Transaction id","Combined trade number"');
    expect(heading).toContain('"Amount (¥)","Amount (fen)"');
    expect(rest).toEqual(['']);
  });
});

describe('batchXlsx', () => {
  it('writes four sheets with ids as text cells, money as ¥ numbers and exact fen, times with their offset', async () => {
    const workbook = await workbookOf(batchXlsx(source(ITEMS), { locale: 'en', timeZone: TZ }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Orders', 'Refunds', 'Profit sharing', 'Problems']);

    const orders = rowsOf(workbook.getWorksheet('Orders')!);
    expect(orders).toHaveLength(ITEMS.length);
    const big = orders[0]!;
    expect(big['Transaction id']!.type).toBe(ExcelJS.ValueType.String);
    expect(big['Transaction id']!.value).toBe(TRANSACTION_ID);
    expect(big['Amount (¥)']!.type).toBe(ExcelJS.ValueType.Number);
    expect(big['Amount (¥)']!.value).toBe(92233720368547758.07);
    expect(big['Amount (¥)']!.numFmt).toContain('¥');
    expect(big['Amount (fen)']!.value).toBe('9223372036854775807');
    expect(big['Refunded (¥)']!.value).toBe(30);
    expect(big['Remaining after refunds (fen)']!.value).toBe('9223372036854772807');
    expect(big['Description']!.value).toBe(`=HYPERLINK("http://x") 年度会员`);
    expect(big['Created']!.value).toBe('2023-11-15 06:13:20 GMT+8');
    expect(big['State']!.value).toBe('Partly refunded');
    expect(orders[5]!['Input']!.value).toBe('00012345');
    expect(orders[5]!['Input']!.type).toBe(ExcelJS.ValueType.String);
    expect(orders[3]!['Input']!.value).toBe('=1+2');

    const refunds = rowsOf(workbook.getWorksheet('Refunds')!);
    expect(refunds.map((r) => r['Refund number']!.value)).toEqual(['R-1', 'R-2']);
    expect(refunds[0]!['WeChat refund id']!.value).toBe(REFUND_ID);
    expect(refunds[0]!['WeChat refund id']!.type).toBe(ExcelJS.ValueType.String);
    expect(refunds[0]!['Amount (fen)']!.value).toBe('3000');
    expect(refunds[0]!['Finished']!.value).toBe('2023-11-15 06:24:20 GMT+8');
    expect(refunds[1]!['Outcome']!.value).toBe('In progress');
    expect(refunds[1]!['Finished']!.value).toBeNull();

    const sharing = rowsOf(workbook.getWorksheet('Profit sharing')!);
    expect(sharing.map((r) => [r['Trade number']!.value, r['Sharing number']!.value, r['Amount (¥)']!.value])).toEqual([['shop-big', 'PS-1', 15]]);

    const problems = rowsOf(workbook.getWorksheet('Problems')!);
    expect(problems.map((r) => [r['Row']!.value, r['Input']!.value, r['Outcome']!.value, r['Errcode']!.value])).toEqual([
      [4, '522346', 'Not found', null],
      [5, '=1+2', 'Invalid id', null],
      [5, 'fault-45009', 'Failed', 45009],
    ]);
    expect(problems[2]!['What to do']!.value).toBe('Wait for the reset.');
  });

  it('writes text cells as they are, never as formulas: an id like -cmd|x keeps its characters', async () => {
    const bytes = await bytesOf(batchXlsx(source(ITEMS), { locale: 'en', timeZone: TZ }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const orders = rowsOf(workbook.getWorksheet('Orders')!);
    expect(orders[6]!['Input']!.value).toBe('-cmd|x');
    expect(orders[6]!['Input']!.type).toBe(ExcelJS.ValueType.String);
    expect(orders[6]!['Input']!.numFmt).toBe('@');
    expect(orders[0]!['Description']!.numFmt).toBe('@');
    // What Excel reads: no formula element anywhere, the text as written.
    const sheetXml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).not.toContain('<f>');
    expect(sheetXml).toContain('<v>-cmd|x</v>');
    expect(sheetXml).toContain('<v>=1+2</v>');
  });

  it('writes headings and sheet names in Chinese for a Chinese reader', async () => {
    const workbook = await workbookOf(batchXlsx(source(ITEMS.slice(0, 1)), { locale: 'zh-CN', timeZone: TZ }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['订单', '退款', '分账', '问题']);
    expect(rowsOf(workbook.getWorksheet('退款')!)[0]!['微信退款单号']!.value).toBe(REFUND_ID);
  });

  it('asks for the items once per sheet, naming the sheet', async () => {
    const asked: string[] = [];
    await bytesOf(
      batchXlsx(
        (sheet) => {
          asked.push(sheet);
          return source(ITEMS)(sheet);
        },
        { locale: 'en', timeZone: TZ },
      ),
    );
    expect(asked).toEqual(['orders', 'refunds', 'profit-sharing', 'problems']);
  });
});

describe.each([
  ['XLSX', batchXlsx],
  ['CSV', batchCsv],
])('%s export', (_name, write) => {
  it('fails the download when the items cannot be read, rather than ending it as if complete', async () => {
    const failing: BatchItems = async function* () {
      yield* ITEMS;
      throw new Error('database went away');
    };
    await expect(bytesOf(write(failing, { locale: 'en', timeZone: TZ }))).rejects.toThrow('database went away');
  });
});

describe('a 10,000-row export', () => {
  const ROWS = 10_000;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /** Fresh items, made as they are asked for, as the engine's paging would. */
  function generated(onItem: (n: number) => void, onClose = () => {}): BatchItems {
    return async function* items() {
      try {
        for (let n = 0; n < ROWS; n += 1) {
          onItem(n);
          const tradeNo = `bulk-${String(n).padStart(6, '0')}`;
          const records = n % 10 === 0 ? {} : { refund_list: [], profit_sharing_list: [] };
          yield { ...base, position: n, input: tradeNo, outcome: 'found', order: normaliseShopOrder(shopRaw(tradeNo, { amount: String(10_000 + n), ...records }), AS_OF) };
        }
      } finally {
        onClose();
      }
    };
  }

  it('keeps the heap flat: rows are written and handed on, not held', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const items = generated((n) => {
      if (n % 2500 === 2499) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    });
    let size = 0;
    for await (const chunk of chunksOf(batchXlsx(items, { locale: 'en', timeZone: TZ }))) size += chunk.byteLength;
    expect(size).toBeGreaterThan(500_000);
    // Measured: under 1 MB. Holding one sheet's 10,000 items before writing them: about 16 MB.
    expect(peak).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);

  it.each([
    ['XLSX', batchXlsx],
    ['CSV', batchCsv],
  ])('%s: stops asking for items while nobody reads the file, and lets go of them when the download is cancelled', async (_name, write) => {
    let asked = 0;
    let closed = false;
    const reader = write(
      generated(
        () => (asked += 1),
        () => (closed = true),
      ),
      { locale: 'en', timeZone: TZ },
    ).getReader();
    await reader.read();
    for (let i = 0; i < 50; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(asked).toBeLessThan(ROWS / 2);
    expect(closed).toBe(false);
    await reader.cancel();
    for (let i = 0; i < 50 && !closed; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closed).toBe(true);
  }, 30_000);
});

describe('what the exports say of failed, unknown and missing amounts (issue 20)', () => {
  const odd = normaliseShopOrder(
    shopRaw('shop-odd', {
      refund_list: [
        { refund_no: 'R-f', refund_id: '5031', amount: '700', create_time: T0 + 600, finish_time: T0 + 660, result: 'FAIL' },
        { refund_no: 'R-u', refund_id: '5032', amount: '200', create_time: T0 + 700, finish_time: T0 + 760, result: 'REFUNDCLOSE' },
      ],
      profit_sharing_list: [
        { profit_sharing_no: 'P-f', profit_sharing_id: '3001', mchid: '1', amount: '300', create_time: T0 + 3000, finish_time: T0 + 3060, result: 'FAIL' },
        { profit_sharing_no: 'P-u', profit_sharing_id: '3002', mchid: '1', amount: '40', create_time: T0 + 3100, finish_time: T0 + 3160, result: 'CANCELLED' },
      ],
    }),
    AS_OF,
  );
  // An unpaid order as an older build stored it, with the amount as its "remaining".
  const unpaid = { ...normaliseShopOrder(shopRaw('shop-unpaid', { pay_time: undefined, transaction_id: undefined, refund_list: [], profit_sharing_list: [] }), AS_OF), remainingFen: '10000' };
  const items: BatchItemResult[] = [
    { ...base, position: 0, input: 'shop-odd', outcome: 'found', order: odd },
    { ...base, position: 1, input: 'shop-unpaid', outcome: 'found', order: unpaid },
    {
      ...base,
      position: 2,
      input: 'DD404',
      kind: 'service-provider',
      outcome: 'parameter-error',
      order: null,
      errcode: 10120002,
      problem: { message: { en: 'WeChat answered “parameter error”.', zh: '微信返回“参数错误”。' }, action: { en: 'Check the id.', zh: '请检查订单号。' } },
    },
  ];

  it('has columns for refunds and sharing failed or of unknown result, and no "remaining" for an unpaid order', async () => {
    const text = (await bytesOf(batchCsv(source(items), { locale: 'en', timeZone: TZ }))).toString('utf8');
    const [headings, ...rows] = parse(text, { bom: true }) as string[][];
    const records = rows.map((row) => Object.fromEntries(headings!.map((h, i) => [h, row[i]])));
    expect(records[0]).toMatchObject({
      'Refunds failed (fen)': '700',
      'Refunds of unknown result (fen)': '200',
      'Sharing failed (fen)': '300',
      'Sharing of unknown result (¥)': '0.40',
      'Remaining after refunds (fen)': '10000',
    });
    expect(records[1]!['Remaining after refunds (fen)']).toBe('');
    expect(records[1]!['Remaining after refunds (¥)']).toBe('');
    expect(records[2]).toMatchObject({ Outcome: 'WeChat: parameter error, 10120002', Errcode: '10120002' });
  });

  it('names a parameter error as what it is in both languages, on the Problems sheet too', async () => {
    const workbook = await workbookOf(batchXlsx(source(items), { locale: 'zh-CN', timeZone: TZ }));
    const problems = rowsOf(workbook.getWorksheet('问题')!);
    expect(problems.map((r) => [r['输入']!.value, r['查询结果']!.value])).toEqual([['DD404', '微信：参数错误，10120002']]);
    const orders = rowsOf(workbook.getWorksheet('订单')!);
    expect(orders[0]!['退款失败（分）']!.value).toBe('700');
    expect(orders[0]!['分账结果未知（分）']!.value).toBe('40');
    expect(orders[1]!['退款后剩余（分）']!.value).toBeNull();
  });
});
