import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCookie, startApp, type App } from '../support/stack';
import { columnName, rawWorkbook, textRow } from '../support/workbooks';
import { batchClient } from './batch-helpers';
import { createUser, ownServerEnv, simUrl } from './helpers';

/**
 * Uploads read off the request thread (issue 20, item 12), on a server of the file's own (its
 * memory is measured, and its upload allowance is small): the three files the issue names, sent
 * as previews while another client asks /api/livez every 100 ms.
 */
const UPLOADS_PER_MINUTE = 6;
let app: App;
let adminCookie: string;

beforeAll(async () => {
  app = await startApp({ env: await ownServerEnv(simUrl(), { ORDER_DESK_UPLOADS_PER_MINUTE: String(UPLOADS_PER_MINUTE) }), quiet: true });
  adminCookie = await signInCookie(app.url, 'admin@demo.local');
});

afterAll(async () => {
  await app?.stop();
});

/** A new finance user's batch client, with an upload allowance of its own. */
async function newFinanceUser() {
  const { email } = await createUser(app.url, adminCookie, 'finance');
  return { email, client: batchClient(app.url, await signInCookie(app.url, email)) };
}

/** Resident memory of the server and any process it started, in MiB. */
function rssMiB(pid: number): number {
  let kib = 0;
  const visit = (id: number) => {
    const status = readFileSync(`/proc/${id}/status`, 'utf8');
    kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    for (const task of readdirSync(`/proc/${id}/task`)) {
      const children = readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) visit(Number(child));
    }
  };
  visit(pid);
  return kib / 1024;
}

/** 214 rows of 16,000 cells `<c><v>1</v></c>` each, without their references: 104 KB, 49 MiB unpacked. */
function rowsOfOnes(): Uint8Array {
  const row = '<c><v>1</v></c>'.repeat(16_000);
  return rawWorkbook([{ name: 'Sheet1', rows: Array.from({ length: 214 }, (_, r) => `<row r="${r + 1}">${row}</row>`).join('') }]);
}

/** Two million empty cells `<c r="XFD122"/>`, 16,384 a row: 4.97 MB, 27 MiB unpacked. */
function twoMillionCells(): Uint8Array {
  const letters = Array.from({ length: 16_384 }, (_, i) => columnName(i + 1));
  const rows: string[] = [];
  for (let r = 1, cells = 0; cells < 2_000_000; r += 1) {
    const width = Math.min(letters.length, 2_000_000 - cells);
    rows.push(`<row r="${r}">${letters.slice(0, width).map((l) => `<c r="${l}${r}"/>`).join('')}</row>`);
    cells += width;
  }
  return rawWorkbook([{ name: 'Sheet1', rows: rows.join('') }]);
}

describe('the three files of issue 20, sent as previews', () => {
  it('are refused with a clear 400 while /api/livez keeps answering within 200 ms, and the server grows by less than 200 MB', async () => {
    const files: Array<[string, Uint8Array]> = [
      ['rows-of-ones.xlsx', rowsOfOnes()],
      ['two-million-cells.xlsx', twoMillionCells()],
      ['commas.csv', new Uint8Array(5 * 1024 * 1024).fill(0x2c)],
    ];
    const sizes = files.map(([, bytes]) => bytes.byteLength);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5 * 1024 * 1024);
    const { email, client } = await newFinanceUser();
    // The server as it is once someone has uploaded a file: its upload worker started and kept
    // (lib/batches/upload.ts), its routes loaded. What the three files add is measured from there.
    const ordinary = await client.upload('ids.csv', new TextEncoder().encode('shop-paid-001\n'), {}, { dryRun: true });
    expect(ordinary.status).toBe(200);
    const pid = app.process.pid!;
    const baseline = rssMiB(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
    // The answers before any upload, for the log: what the machine gives when nothing is read.
    const before: number[] = [];
    let livez = before;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const response = await fetch(`${app.url}/api/livez`);
        await response.arrayBuffer();
        expect(response.status).toBe(200);
        livez.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    livez = [];
    const answers = [];
    const took: number[] = [];
    try {
      for (const [name, bytes] of files) {
        const started = performance.now();
        answers.push(await client.upload(name, bytes, {}, { dryRun: true }));
        took.push(Math.round(performance.now() - started));
      }
    } finally {
      polling = false;
      await poller;
      clearInterval(sampler);
    }
    const slowest = (list: number[]) => Math.round(Math.max(...list));
    console.log(
      `upload sizes ${sizes.join(', ')} bytes; answered in ${took.join(', ')} ms; ${livez.length} livez meanwhile, slowest ${slowest(livez)} ms ` +
        `(before the uploads: ${before.length}, slowest ${slowest(before)} ms); RSS ${Math.round(baseline)} → peak ${Math.round(peak)} MiB`,
    );
    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual([
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
    ]);
    expect(answers[0]!.body.error.message).toContain('cells without their reference');
    expect(answers[1]!.body.error.message).toContain('more than 1,000,000 cells');
    expect(answers[2]!.body.error.message).toContain('is longer than 64 KiB');
    // Asked every 100 ms while the files were read (about a second in all): the server answered.
    expect(livez.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...livez)).toBeLessThan(200);
    expect(peak - baseline).toBeLessThan(200);

    // Every preview is audited, refused or not.
    const audit = await fetch(`${app.url}/api/audit.csv?action=batch.preview&user=${encodeURIComponent(email)}`, { headers: { cookie: adminCookie } });
    const rows = parse((await audit.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.status)).toEqual(['400', '400', '400', '200']);
  }, 180_000);
});

describe('an upload read in a worker thread of the built server', () => {
  it('previews the sheet a workbook opens on, never a hidden one, and names it', async () => {
    const { client } = await newFinanceUser();
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet('Old ids');
    hidden.addRow(['shop-paid-999']);
    hidden.state = 'veryHidden';
    workbook.addWorksheet('本月').addRows([['商户订单号'], ['shop-paid-001'], ['522346']]);
    const preview = await client.upload('ids.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()), {}, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ ids: 2, duplicates: 0, invalid: [], sheet: '本月' });
  });

  it('reads a multipart upload whatever the case of its content type (media types are case-insensitive)', async () => {
    const { email } = await createUser(app.url, adminCookie, 'finance');
    const cookie = await signInCookie(app.url, email);
    const form = new FormData();
    form.set('file', new Blob(['shop-paid-001\n']), 'ids.csv');
    const encoded = new Response(form);
    const type = encoded.headers.get('content-type')!.replace('multipart/form-data', 'Multipart/Form-Data');
    const answer = await fetch(`${app.url}/api/batches?dryRun=1`, { method: 'POST', headers: { cookie, origin: app.url, 'content-type': type }, body: await encoded.arrayBuffer() });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ids: 1, duplicates: 0, invalid: [] });
  });

  it('answers a workbook that breaks the reader with a 400, and keeps serving', async () => {
    const { client } = await newFinanceUser();
    const workbooks: Array<[string, Uint8Array]> = [
      // Errors of the XML parser, in the sheet and in the shared strings.
      ['unclosed.xlsx', rawWorkbook([{ name: 'Ids', rows: `${textRow(1, 'shop-paid-001')}<row r="2"><c r="A2"` }])],
      ['bad-strings.xlsx', rawWorkbook([{ name: 'Ids', rows: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }], { sharedStrings: ['shop-paid-001</t></si><x>'] })],
    ];
    for (const [name, bytes] of workbooks) {
      const answer = await client.upload(name, bytes, {}, { dryRun: true });
      expect([answer.status, answer.body.error?.code]).toEqual([400, 'invalid_request']);
      expect(answer.body.error.message).toContain('not an Excel workbook Order Desk can read');
    }
    expect((await fetch(`${app.url}/api/livez`)).status).toBe(200);
  });

  it('lets a user upload ORDER_DESK_UPLOADS_PER_MINUTE files a minute', async () => {
    const { client } = await newFinanceUser();
    const statuses: number[] = [];
    for (let i = 0; i < UPLOADS_PER_MINUTE; i += 1) statuses.push((await client.upload('ids.csv', new TextEncoder().encode(`shop-paid-00${i}\n`), {}, { dryRun: true })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const refused = await client.upload('ids.csv', new TextEncoder().encode('shop-paid-001\n'), {}, { dryRun: true });
    expect([refused.status, refused.body.error?.code]).toEqual([429, 'rate_limited']);
    expect(refused.body.error.message).toContain(`You have uploaded ${UPLOADS_PER_MINUTE} files in the last minute`);
    // Pasted ids are no upload: still read.
    expect((await client.create(['shop-paid-001'], { dryRun: true })).status).toBe(200);
  }, 60_000);
});
