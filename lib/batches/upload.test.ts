import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { columnName, rawWorkbook, textRow } from '../../tests/support/workbooks';
import { asUpload, readInWorker as readInBuiltWorker, WorkerPool, type WorkerOptions, type WorkerStart } from './upload';
import { DEFAULT_UPLOAD_LIMITS, type UploadJob, type UploadLimits } from './upload-limits';
import { readUpload } from './upload-reader';

/**
 * The limits an upload is read within (upload-reader.ts, xlsx-stream.ts), and the worker thread
 * it is read in (upload.ts). The heavy files of issue 20 against the built server:
 * tests/integration/uploads.test.ts.
 */
const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  return error as AppError;
}

/** `width` empty cells a row, each with its reference, as spreadsheet programs write a formatted range. */
function emptyCells(rows: number, width: number): string {
  const letters = Array.from({ length: width }, (_, i) => columnName(i + 1));
  return Array.from({ length: rows }, (_, r) => `<row r="${r + 1}">${letters.map((l) => `<c r="${l}${r + 1}" s="0"/>`).join('')}</row>`).join('');
}

describe('readUpload stops at the limits as it reads', () => {
  const limits: UploadLimits = { maxEntries: 100, maxCells: 5_000 };

  it('refuses a sheet of more than maxCells cells, empty ones included', async () => {
    const bytes = rawWorkbook([{ name: 'Ids', rows: textRow(1, 'shop-paid-001') + emptyCells(60, 100) }]);
    const error = await refusal(readUpload({ name: 'wide.xlsx', bytes }, limits));
    expect(error.messages.en).toBe('“wide.xlsx” holds more than 5,000 cells, more than a list of order ids needs.');
    expect(error.messages.zh).toContain('5,000');
    // The same sheet within the limit is read.
    await expect(readUpload({ name: 'wide.xlsx', bytes }, { ...limits, maxCells: 6_001 })).resolves.toMatchObject({ entries: [{ raw: 'shop-paid-001' }] });
  });

  it('counts shared strings as cells, and does not count a hidden sheet', async () => {
    const strings = Array.from({ length: 5_001 }, (_, i) => `s${i}`);
    const error = await refusal(readUpload({ name: 'strings.xlsx', bytes: rawWorkbook([{ name: 'Ids', rows: textRow(1, 'shop-paid-001') }], { sharedStrings: strings }) }, limits));
    expect(error.messages.en).toContain('more than 5,000 cells');
    const hiddenBulk = rawWorkbook([
      { name: 'Bulk', state: 'hidden', rows: emptyCells(60, 100) },
      { name: 'Ids', rows: textRow(1, 'shop-paid-001') },
    ]);
    await expect(readUpload({ name: 'ids.xlsx', bytes: hiddenBulk }, limits)).resolves.toEqual({ entries: [{ raw: 'shop-paid-001', row: 1, cellType: 'text' }], sheet: 'Ids' });
  });

  it('refuses the entry after maxEntries, in a workbook and in a CSV', async () => {
    const rows = Array.from({ length: 101 }, (_, i) => textRow(i + 1, `bulk-${i}`)).join('');
    const xlsx = await refusal(readUpload({ name: 'ids.xlsx', bytes: rawWorkbook([{ name: 'Ids', rows }]) }, limits));
    expect(xlsx.messages.en).toBe('The file has more than 100 entries, the most a batch reads.');
    const csvText = Array.from({ length: 101 }, (_, i) => `bulk-${i}`).join('\n');
    expect((await refusal(readUpload({ name: 'ids.csv', bytes: utf8(csvText) }, limits))).messages.en).toBe(xlsx.messages.en);
    await expect(readUpload({ name: 'ids.csv', bytes: utf8(csvText) }, { ...limits, maxEntries: 101 })).resolves.toMatchObject({ entries: { length: 101 } });
  });

  it('reads a line of commas as 257 cells at most, and refuses a line longer than 64 KiB as it reads it', async () => {
    const { entries } = await readUpload({ name: 'commas.csv', bytes: utf8(`${','.repeat(60_000)}\nbulk-1,x\n`) }, limits);
    expect(entries).toEqual([{ raw: 'bulk-1', row: 2 }]);
    // Lines of commas still count their cells: 20 lines of 257 are more than 5,000.
    const error = await refusal(readUpload({ name: 'commas.csv', bytes: utf8(`${','.repeat(60_000)}\n`.repeat(20)) }, limits));
    expect(error.messages.en).toContain('more than 5,000 cells');
    const long = await refusal(readUpload({ name: 'commas.csv', bytes: utf8(`bulk-1\n${','.repeat(5 * 1024 * 1024 - 8)}`) }));
    expect(long.messages.en).toBe('A line of “commas.csv” (line 2) is longer than 64 KiB, more than a list of order ids needs.');
  });

  it('refuses cells without their reference, which exceljs cannot place', async () => {
    const bytes = rawWorkbook([{ name: 'Ids', rows: '<row r="1"><c t="inlineStr"><is><t>shop-paid-001</t></is></c></row>' }]);
    const error = await refusal(readUpload({ name: 'ids.xlsx', bytes }));
    expect(error.messages.en).toContain('cells without their reference');
  });

  it('answers an error of the XML parser, in the sheet or in the shared strings, as a workbook it cannot read', async () => {
    const unclosed = rawWorkbook([{ name: 'Ids', rows: `${textRow(1, 'shop-paid-001')}<row r="2"><c r="A2"` }]);
    const badStrings = rawWorkbook([{ name: 'Ids', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }], { sharedStrings: ['shop-paid-001</t></si><x>'] });
    for (const bytes of [unclosed, badStrings]) {
      const error = await refusal(readUpload({ name: 'ids.xlsx', bytes }));
      expect(error.messages.en).toContain('not an Excel workbook Order Desk can read');
    }
  });

  it('leaves out the cells beyond column 256, whatever they hold, split across chunks or not', async () => {
    const far = (r: number) => `<c r="XFD${r}" t="inlineStr"><is><t>${'far '.repeat(50)}</t></is></c><c r="IW${r}"/><x:c r="ZZ${r}"><x:v>1</x:v></x:c>`;
    const rows = Array.from({ length: 3_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>bulk-${i}</t></is></c>${far(i + 1)}</row>`).join('');
    const { entries } = await readUpload({ name: 'ids.xlsx', bytes: rawWorkbook([{ name: 'Ids', rows }]) });
    expect(entries.map((e) => e.raw)).toEqual(Array.from({ length: 3_000 }, (_, i) => `bulk-${i}`));
  });
});

/**
 * The worker started from its TypeScript sources through tsx's loader (a build runs the script
 * Next bundled: tests/integration/uploads.test.ts).
 */
let started = 0;
const fromSources: WorkerStart = (options) => {
  started += 1;
  const entry = JSON.stringify(new URL('./upload-worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); });`, { eval: true, ...options });
};
const pools: WorkerPool[] = [];
const sourcePool = (idleMs?: number) => {
  const pool = new WorkerPool(fromSources, undefined, idleMs);
  pools.push(pool);
  return pool;
};
const shared = sourcePool();
const readInWorker = (job: UploadJob, options: WorkerOptions = {}) => readInBuiltWorker(job, { pool: shared, ...options });
afterAll(() => Promise.all(pools.map((pool) => pool.close())));

/** A multipart body as a browser sends it. */
async function multipart(fields: Record<string, string | [name: string, bytes: Uint8Array]>): Promise<UploadJob> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.set(key, value);
    else form.set(key, new Blob([Buffer.from(value[1])]), value[0]);
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: new Uint8Array(await request.arrayBuffer()), contentType: request.headers.get('content-type')!, limits: DEFAULT_UPLOAD_LIMITS };
}

/** A small CSV of one id, as a job of its own (its body is moved to the worker that reads it). */
const idsCsv = () => multipart({ file: ['ids.csv', utf8('shop-paid-001\n')] });

describe('readInWorker', () => {
  it('reads the form and its file in a worker thread', async () => {
    const job = await multipart({ kind: 'shop', shop: 'main', file: ['月结.csv', utf8('商户订单号,店铺\nshop-paid-001,主店\n')] });
    await expect(readInWorker(job)).resolves.toEqual({ fileName: '月结.csv', kind: 'shop', shop: 'main', entries: [{ raw: 'shop-paid-001', row: 2, shop: '主店' }] });
  }, 30_000);

  it('answers the refusal the worker made, in both languages', async () => {
    const error = await refusal(readInWorker(await multipart({ file: ['ids.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])] })));
    expect(error.messages.en).toContain('old-format Excel file');
    expect(error.messages.zh).toContain('旧格式');
    expect((await refusal(readInWorker(await multipart({ kind: 'auto' })))).messages.en).toBe('The upload has no file.');
    // 5 MiB of commas within the worker's heap: the first line is not split to find its delimiter.
    const commas = await refusal(readInWorker(await multipart({ file: ['commas.csv', new Uint8Array(5 * 1024 * 1024).fill(0x2c)] })));
    expect(commas.messages.en).toBe('A line of “commas.csv” (line 1) is longer than 64 KiB, more than a list of order ids needs.');
  }, 30_000);

  it('answers a worker that throws, cannot start or takes too long with a 400, never a 5xx', async () => {
    // An error the worker does not expect (here: no limits), and a worker that cannot start.
    const broken = { ...(await idsCsv()), limits: null } as unknown as UploadJob;
    expect((await refusal(readInWorker(broken))).messages.en).toBe('The file could not be read.');
    const noWorker = readInBuiltWorker(await idsCsv(), {
      pool: new WorkerPool(() => {
        throw new Error('no such script');
      }),
    });
    expect((await refusal(noWorker)).messages.en).toBe('The file could not be read.');
    // A worker running out of its heap is not provoked here: in this process it can abort the
    // whole test run (Node 20: "Assertion failed: (data.first) != nullptr" in
    // NodePlatform::ForIsolate, about one run in eight with an 8 MiB heap; Node 24: a fatal OOM
    // while deserialising a 2 MiB isolate). The mapping of ERR_WORKER_OUT_OF_MEMORY to its 400
    // is in lib/batches/upload.ts; a test of it belongs in a child process of its own.
    const slow = await refusal(readInWorker(await idsCsv(), { timeoutMs: 1 }));
    expect(slow.messages.en).toBe('The file took more than 0.001 s to read.');
  }, 60_000);

  it('keeps a worker that answered for the next file, never one that failed, and stops it when idle', async () => {
    const pool = sourcePool(300);
    const read = async () => readInBuiltWorker(await idsCsv(), { pool });
    const before = started;
    // An answer and a refusal are both answers: the worker is kept for the next file.
    await read();
    await refusal(readInBuiltWorker(await multipart({ kind: 'auto' }), { pool }));
    await read();
    expect(started - before).toBe(1);
    // A worker that took too long is stopped, and the next file gets a new one.
    const wide = await multipart({ file: ['wide.xlsx', rawWorkbook([{ name: 'Ids', rows: emptyCells(100, 10_000) }])] });
    expect((await refusal(readInBuiltWorker(wide, { pool, timeoutMs: 50 }))).messages.en).toBe('The file took more than 0.05 s to read.');
    await read();
    expect(started - before).toBe(2);
    // A worker idle for longer than the pool keeps one is stopped.
    await new Promise((resolve) => setTimeout(resolve, 800));
    await read();
    expect(started - before).toBe(3);
  }, 60_000);

  it('leaves the event loop free while it reads a file of a million cells', async () => {
    const job = await multipart({ file: ['wide.xlsx', rawWorkbook([{ name: 'Ids', rows: textRow(1, 'shop-paid-001') + emptyCells(100, 10_000) }])] });
    const before = performance.eventLoopUtilization();
    const error = await refusal(readInWorker(job));
    const busy = performance.eventLoopUtilization(before);
    expect(error.messages.en).toContain('more than 1,000,000 cells');
    // The share of the time this thread's event loop was busy. Read in this thread (readUpload),
    // the same file keeps it busy nearly all the time, for several seconds.
    expect(busy.utilization).toBeLessThan(0.2);
  }, 60_000);
});

describe('asUpload', () => {
  it('reads one upload of a user at a time; another user is not held', async () => {
    const user = { id: 'user-1', email: 'one@example.com', name: 'One', role: 'finance' };
    let finish!: () => void;
    const first = asUpload(user, () => new Promise<string>((resolve) => (finish = () => resolve('first'))));
    const second = await asUpload(user, () => Promise.resolve('second')).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect([second?.status, second?.code, second?.messages.en]).toEqual([429, 'rate_limited', 'A file of yours is still being read.']);
    await expect(asUpload({ ...user, id: 'user-2' }, () => Promise.resolve('other'))).resolves.toBe('other');
    finish();
    await expect(first).resolves.toBe('first');
    await expect(asUpload(user, () => Promise.resolve('third'))).resolves.toBe('third');
  });
});
