import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { appUrl, session, simStats, simUrl } from './helpers';
import { batchClient } from './batch-helpers';

/**
 * Batch lookups against the suite's server and simulator over real HTTP: preview, paste and
 * upload, the run to done, what is audited, pauses, retries and who may see what.
 */
const finance = async () => batchClient(appUrl(), await session('finance@demo.local'));
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const quota = (exhausted: boolean) => fetch(`${simUrl()}/__sim/quota?exhausted=${exhausted ? 1 : 0}`, { method: 'POST' });

beforeEach(async () => {
  await quota(false);
});

async function auditRows(query: string): Promise<Record<string, string>[]> {
  const response = await fetch(`${appUrl()}/api/audit.csv?${query}`, { headers: { cookie: await session('admin@demo.local') } });
  expect(response.status).toBe(200);
  return parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
}

describe('a batch from pasted ids', () => {
  it('previews without looking anything up: ids, merged duplicates, invalid ids with reasons', async () => {
    const client = await finance();
    const fresh = unique('preview');
    const preview = await client.create([fresh, 'DD2981741311549200000', fresh, 'not/an-id', '4.2E+27', '4200001234202401011234567890.0', '4200001234202401011234567890'], { dryRun: true });
    expect(preview.status).toBe(200);
    // A transaction-id-shaped id may be a trade number: looked up, not refused (issue 20, item 5).
    expect(preview.body.ids).toBe(3);
    expect(preview.body.duplicates).toBe(1);
    expect(preview.body.invalid.map((i) => i.raw)).toEqual(['not/an-id', '4.2E+27', '4200001234202401011234567890.0']);
    expect(preview.body.invalid[1]!.reason.en).toMatch(/Text/);
    expect((await simStats()).orderIds[`shop:${fresh}`]).toBeUndefined();
  });

  it('looks every valid id up once, keeps input order, totals the money exactly and audits each lookup with the batch', async () => {
    const client = await finance();
    const missing = unique('nosuch');
    // Each element of `ids` is one id (issue 20, item 6).
    const created = await client.create(['522346', 'DD2981741311549200000', missing, '522346', 'bad/id']);
    expect(created.status).toBe(201);
    const id = created.body.batch.id;
    const done = await client.until(id, ['done']);
    expect(done).toMatchObject({ total: 4, done: 4, found: 2, notFound: 1, failed: 0, invalid: 1, duplicates: 1, pending: 0 });
    expect(done.finishedAt).not.toBeNull();

    const items = await client.allItems(id);
    expect(items.map((i) => [i.input, i.outcome])).toEqual([
      ['522346', 'found'],
      ['DD2981741311549200000', 'found'],
      [missing, 'not-found'],
      ['bad/id', 'invalid'],
    ]);
    const shopOrder = items[0]!.order as { amountFen: string; remainingFen: string; refundTotals: { succeededFen: string } };
    const spOrder = items[1]!.order as { priceFen: string };
    expect(done.totals!.amountFen).toBe((BigInt(shopOrder.amountFen) + BigInt(spOrder.priceFen)).toString());
    expect(done.totals!.refundedFen).toBe(shopOrder.refundTotals.succeededFen);
    expect((await client.items(id, '?outcome=not-found')).body.items.map((i) => i.input)).toEqual([missing]);

    expect((await simStats()).orderIds[`shop:${missing}`]).toBe(1);
    const lookups = await auditRows(`batch=${id}&action=order.lookup`);
    expect(lookups.map((r) => r.order_id).sort()).toEqual(['522346', 'DD2981741311549200000', missing].sort());
    expect(lookups.every((r) => r.user_email === 'finance@demo.local' && r.batch === id)).toBe(true);
    expect((await auditRows(`batch=${id}&action=batch.create`)).length).toBe(1);
  });

  it('refuses more ids than ORDER_DESK_BATCH_MAX_IDS, and a list with none, with a clear 400', async () => {
    const client = await finance();
    const tooMany = await client.create(Array.from({ length: 10_001 }, (_, i) => `many${i}`));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/at most 10,000/);
    const empty = await client.create(['', '  ']);
    expect(empty.status).toBe(400);
    const broken = await fetch(`${appUrl()}/api/batches`, { method: 'POST', headers: { cookie: await session('finance@demo.local'), origin: appUrl(), 'content-type': 'application/json' }, body: '{"ids": [1, 2]}' });
    expect(broken.status).toBe(400);
  });
});

describe('a batch from a file', () => {
  it('reads a CSV with a Chinese heading and a BOM, and an XLSX with ids in text cells', async () => {
    const client = await finance();
    const missing = unique('csvmiss');
    const csv = `\uFEFF${stringify([['序号', '商户订单号'], ['1', '522346'], ['2', missing], ['3', '522346']])}`;
    const fromCsv = await client.upload('月结.csv', new TextEncoder().encode(csv), { kind: 'shop' });
    expect(fromCsv.status).toBe(201);
    expect(fromCsv.body.batch).toMatchObject({ source: '月结.csv', total: 2, duplicates: 1, kind: 'shop' });
    expect((await client.until(fromCsv.body.batch.id, ['done'])).found).toBe(1);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Orders');
    sheet.addRow(['order id', 'note']);
    sheet.addRow(['DD2981741311549200000', 'text cell']);
    sheet.addRow([4.2e27, 'Excel turned this one into a number']);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const preview = await client.upload('orders.xlsx', xlsx, {}, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ ids: 1, duplicates: 0 });
    expect(preview.body.invalid).toHaveLength(1);
  });

  it('refuses a file that is not CSV or XLSX, an .xlsx that is not a spreadsheet, and one over 5 MiB, with 400', async () => {
    const client = await finance();
    const png = await client.upload('ids.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
    expect(png.status).toBe(400);
    const fake = await client.upload('ids.xlsx', new TextEncoder().encode('this is not a zip'));
    expect(fake.status).toBe(400);
    expect(fake.body.error.code).toBe('invalid_request');
    const huge = await client.upload('ids.csv', new Uint8Array(5 * 1024 * 1024 + 10).fill(0x31));
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toMatch(/5 MiB/);
    const noFile = await fetch(`${appUrl()}/api/batches`, { method: 'POST', headers: { cookie: await session('finance@demo.local'), origin: appUrl() }, body: new FormData() });
    expect(noFile.status).toBe(400);
  });
});

describe('the workers', () => {
  /**
   * A batch of `n` ids the simulator answers busy (errcode -1) every time, once it has looked
   * some up: each lookup takes its retries, so every job loop is mid-chunk for seconds.
   */
  async function runningBatch(client: Awaited<ReturnType<typeof finance>>, prefix: string, n = 400) {
    const tag = unique(prefix).slice(-8);
    const created = await client.create(Array.from({ length: n }, (_, i) => `bulk-${tag}x${i}06`));
    expect(created.status).toBe(201);
    const id = created.body.batch.id;
    for (;;) {
      const { body } = await client.get(id);
      if (body.batch.done >= 10) return id;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('let go of a batch cancelled mid-run at once: the next batch runs to done', async () => {
    const client = await finance();
    const id = await runningBatch(client, 'halt');
    expect((await client.act(id, 'cancel')).status).toBe(200);
    const next = await client.create([unique('after'), unique('after')]);
    // Each of the server's job loops held a chunk of the cancelled batch; 15 s is far below
    // pg-boss's five-minute expiry, which was all that once freed them.
    expect(await client.until(next.body.batch.id, ['done'], 15_000)).toMatchObject({ notFound: 2, pending: 0 });
    expect((await client.get(id)).body.batch).toMatchObject({ status: 'cancelled' });
    expect((await client.get(id)).body.batch.pending).toBeGreaterThan(0);
  });

  it('let go of a batch paused mid-run by the daily quota: the next batch runs once the quota is back', async () => {
    const client = await finance();
    const id = await runningBatch(client, 'held');
    await quota(true);
    expect(await client.until(id, ['paused'])).toMatchObject({ pausedReason: { errcode: 45009 } });
    await quota(false);
    const next = await client.create([unique('after'), unique('after')]);
    expect(await client.until(next.body.batch.id, ['done'], 15_000)).toMatchObject({ notFound: 2, pending: 0 });
    expect((await client.act(id, 'cancel')).status).toBe(200);
  });
});

describe('pauses and retries', () => {
  it('pauses on WeChat’s daily quota (45009) with the reason, and carries on when a person resumes it', async () => {
    const client = await finance();
    await quota(true);
    const ids = Array.from({ length: 6 }, () => unique('quota'));
    const created = await client.create(ids);
    const paused = await client.until(created.body.batch.id, ['paused']);
    expect(paused.pausedReason).toMatchObject({ errcode: 45009 });
    expect(paused.pausedUntil).toBeUndefined();
    expect(paused.pending).toBeGreaterThan(0);
    await quota(false);
    const resumed = await client.act(created.body.batch.id, 'resume');
    expect(resumed.status).toBe(200);
    const done = await client.until(created.body.batch.id, ['done']);
    expect(done).toMatchObject({ notFound: 6, failed: 0, pending: 0 });
    expect((await auditRows(`batch=${created.body.batch.id}&action=batch.resume`)).length).toBe(1);
  });

  it('pauses on WeChat’s per-minute limit (45011) until a minute from then (resuming by itself), and can be cancelled meanwhile', async () => {
    const client = await finance();
    const created = await client.create(['fault-45011']);
    const paused = await client.until(created.body.batch.id, ['paused']);
    expect(paused.pausedReason).toMatchObject({ errcode: 45011 });
    const until = Date.parse(paused.pausedUntil!);
    expect(until - Date.now()).toBeGreaterThan(30_000);
    expect(until - Date.now()).toBeLessThanOrEqual(60_000);
    expect(paused.pending).toBe(1);
    expect((await client.act(created.body.batch.id, 'cancel')).status).toBe(200);
  });

  it('marks an id WeChat keeps failing as failed with its errcode, and “retry failed” asks again for those only', async () => {
    const client = await finance();
    const good = unique('retry');
    const created = await client.create([good, 'fault-busy', 'fault-48001']);
    const done = await client.until(created.body.batch.id, ['done']);
    expect(done).toMatchObject({ notFound: 1, failed: 2 });
    const failed = await client.allItems(created.body.batch.id, 'failed');
    expect(failed.map((i) => [i.input, i.errcode])).toEqual([
      ['fault-busy', -1],
      ['fault-48001', 48001],
    ]);
    expect(failed[0]!.problem?.message.en).toBeTruthy();
    const before = (await simStats()).orderIds;
    const retried = await client.act(created.body.batch.id, 'retry');
    expect(retried.status).toBe(200);
    await client.until(created.body.batch.id, ['done']);
    const after = (await simStats()).orderIds;
    expect(after[`shop:${good}`]).toBe(before[`shop:${good}`]);
    expect(after['shop:fault-48001']).toBe((before['shop:fault-48001'] ?? 0) + 1);
  });
});

describe('who asks', () => {
  it('an admin’s retry and resume of a finance user’s batch are looked up as the admin’s: the order.lookup entries name who asked', async () => {
    const client = await finance();
    const admin = batchClient(appUrl(), await session('admin@demo.local'));
    const failing = await client.create(['fault-48001']);
    await client.until(failing.body.batch.id, ['done']);
    expect((await admin.act(failing.body.batch.id, 'retry')).status).toBe(200);
    await client.until(failing.body.batch.id, ['done']);
    const retried = await auditRows(`batch=${failing.body.batch.id}&action=order.lookup`);
    expect(retried.map((r) => r.user_email).sort()).toEqual(['admin@demo.local', 'finance@demo.local']);

    await quota(true);
    const ids = Array.from({ length: 4 }, () => unique('asker'));
    const paused = await client.create(ids);
    await client.until(paused.body.batch.id, ['paused']);
    await quota(false);
    expect((await admin.act(paused.body.batch.id, 'resume')).status).toBe(200);
    await client.until(paused.body.batch.id, ['done']);
    const resumed = await auditRows(`batch=${paused.body.batch.id}&action=order.lookup`);
    // The lookup refused with 45009 was the finance user's; every one after the resume is the admin's.
    for (const id of ids) expect(resumed.filter((r) => r.order_id === id && r.status !== '429').map((r) => r.user_email)).toEqual(['admin@demo.local']);
  });
});

describe('who may see batches', () => {
  it('support gets 403 on every batch route and page', async () => {
    const support = await session('support@demo.local');
    const finance = batchClient(appUrl(), await session('finance@demo.local'));
    const { body } = await finance.create([unique('mine')]);
    const id = body.batch.id;
    const calls: Array<[string, string]> = [
      ['GET', '/api/batches'],
      ['POST', '/api/batches'],
      ['GET', `/api/batches/${id}`],
      ['GET', `/api/batches/${id}/items`],
      ['POST', `/api/batches/${id}/cancel`],
      ['POST', `/api/batches/${id}/retry`],
      ['POST', `/api/batches/${id}/resume`],
      ['GET', `/api/batches/${id}/export.csv`],
      ['GET', `/api/batches/${id}/export.xlsx`],
    ];
    for (const [method, path] of calls) {
      const response = await fetch(`${appUrl()}${path}`, { method, headers: { cookie: support, origin: appUrl(), 'content-type': 'application/json' }, body: method === 'POST' ? '{"ids":["1"]}' : null });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    for (const path of ['/batches', `/batches/${id}`]) {
      const page = await fetch(`${appUrl()}${path}`, { headers: { cookie: support } });
      expect(page.status, path).toBe(403);
      // The forbidden view (app/forbidden.tsx) arrives in the page's React payload.
      expect(await page.text()).toMatch(/Your role \(support\) does not allow this page/);
    }
  });

  it('a finance user sees only their own batches; an admin sees everyone’s', async () => {
    const finance = batchClient(appUrl(), await session('finance@demo.local'));
    const admin = batchClient(appUrl(), await session('admin@demo.local'));
    const mine = (await admin.create([unique('admins')])).body.batch.id;
    expect((await finance.get(mine)).status).toBe(404);
    expect((await finance.act(mine, 'cancel')).status).toBe(404);
    expect((await finance.list()).body.batches.map((b) => b.id)).not.toContain(mine);
    const theirs = (await finance.create([unique('finances')])).body.batch.id;
    expect((await admin.get(theirs)).status).toBe(200);
    expect((await admin.list()).body.batches.map((b) => b.id)).toEqual(expect.arrayContaining([mine, theirs]));
    expect((await finance.get('not-a-uuid')).status).toBe(404);
  });
});

describe('exports', () => {
  it('CSV and XLSX parse back with ids and money exact, Chinese intact, formulas escaped; each download audited', async () => {
    const client = await finance();
    // bulk-000199 carries an amount beyond 2^53; bulk-000100 is not found; a formula is refused as invalid.
    const created = await client.create(['bulk-000199', 'bulk-000142', 'DD8000000000000000142', 'bulk-000100', '=HYPERLINK("http://x")']);
    const id = created.body.batch.id;
    await client.until(id, ['done']);
    const items = await client.allItems(id);
    const big = items.find((i) => i.input === 'bulk-000199')!.order as { amountFen: string; transactionId: string };
    expect(BigInt(big.amountFen)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));

    const csvResponse = await client.download(id, 'csv');
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toMatch(/text\/csv/);
    const csvBytes = Buffer.from(await csvResponse.arrayBuffer());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csvBytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.Input === 'bulk-000199')!;
    expect(row['Amount (fen)']).toBe(big.amountFen);
    expect(row['Transaction id']).toBe(big.transactionId);
    expect(rows.find((r) => r.Input?.includes('HYPERLINK'))!.Input).toBe(`'=HYPERLINK("http://x")`);

    const zhCsv = await (await fetch(`${appUrl()}/api/batches/${id}/export.csv?lang=zh-CN`, { headers: { cookie: await session('finance@demo.local') } })).text();
    expect(zhCsv).toContain('商户订单号');

    const xlsxResponse = await client.download(id, 'xlsx');
    expect(xlsxResponse.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsxResponse.arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Orders', 'Refunds', 'Profit sharing', 'Problems']);
    const orders = workbook.getWorksheet('Orders')!;
    const headings = (orders.getRow(1).values as unknown[]).map(String);
    const column = (name: string) => headings.indexOf(name);
    const bigRow = orders.getRows(2, orders.rowCount - 1)!.find((r) => r.getCell(column('Input')).value === 'bulk-000199')!;
    const transaction = bigRow.getCell(column('Transaction id'));
    expect(transaction.type).toBe(ExcelJS.ValueType.String);
    expect(transaction.value).toBe(big.transactionId);
    expect(bigRow.getCell(column('Amount (fen)')).value).toBe(big.amountFen);
    expect(typeof bigRow.getCell(column('Amount (¥)')).value).toBe('number');
    const problems = workbook.getWorksheet('Problems')!;
    expect(problems.rowCount).toBe(3); // heading, not found, invalid

    expect((await auditRows(`batch=${id}&action=batch.export`)).length).toBe(3);
  });
});

describe('hostile batches (an attacker’s review)', () => {
  it('refuses a list of millions of invalid entries with 400 rather than storing or echoing them', async () => {
    // Pasted text is split (an element of `ids` is one id, issue 20 item 6): 400 lines of 80 entries.
    const junk = Array.from({ length: 400 }, () => Array.from({ length: 80 }, () => '!').join(' ')).join('\n');
    for (const dryRun of [true, false]) {
      const answer = await fetch(`${appUrl()}/api/batches${dryRun ? '?dryRun=1' : ''}`, {
        method: 'POST',
        headers: { cookie: await session('finance@demo.local'), origin: appUrl(), 'content-type': 'application/json' },
        body: JSON.stringify({ text: junk, kind: 'auto' }),
      });
      expect(answer.status, `dryRun ${dryRun}`).toBe(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/at most/);
    }
  });

  it('treats an unknown shop in a file’s shop column as an invalid id, never as a shop of its own', async () => {
    const client = await finance();
    const csv = stringify([['商户订单号', 'shop'], ['bulk-000142', 'default'], ['bulk-000143', 'no-such-shop'], ['bulk-000142', 'x'.repeat(3000)]]);
    const preview = await client.upload('shops.csv', new TextEncoder().encode(csv), {}, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.ids).toBe(1);
    expect(preview.body.invalid.map((i) => i.raw)).toEqual(['bulk-000143', 'bulk-000142']);
  });

  it('stores an id with a NUL byte as an invalid entry, never a 500', async () => {
    const client = await finance();
    const answer = await client.create(['bulk-000142', 'a\u0000b']);
    expect(answer.status).toBe(201);
    expect(answer.body.batch.invalid).toBe(1);
  });

  it('“retry failed” with nothing failed, or on a cancelled batch, is a 400 and changes nothing', async () => {
    const client = await finance();
    const done = (await client.create([unique('noretry')])).body.batch.id;
    await client.until(done, ['done']);
    const retry = await client.act(done, 'retry');
    expect(retry.status).toBe(400);
    expect((await client.get(done)).body.batch.status).toBe('done');
  });

  it('previews for any dryRun value but 0, and refuses a batch page whose id is not a batch id', async () => {
    const client = await finance();
    const before = (await client.list()).body.batches.length;
    const answer = await fetch(`${appUrl()}/api/batches?dryRun=true`, {
      method: 'POST',
      headers: { cookie: await session('finance@demo.local'), origin: appUrl(), 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['bulk-000142'] }),
    });
    expect(answer.status).toBe(200);
    expect((await client.list()).body.batches.length).toBe(before);
    const page = await fetch(`${appUrl()}/batches/..%2Forders%2Fshop%2F522346`, { headers: { cookie: await session('finance@demo.local') } });
    expect(page.status).toBe(404);
  });
});

/**
 * Scripts outside the repository read these answers: their bytes (keys, key order, which keys
 * are absent, the type of each value) stay as they are whatever the code behind them becomes.
 */
describe('the JSON scripts read, byte for byte', () => {
  const raw = async (path: string) => {
    const response = await fetch(`${appUrl()}${path}`, { headers: { cookie: await session('finance@demo.local') } });
    expect(response.status, path).toBe(200);
    return response.text();
  };
  const instant = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const fen = expect.stringMatching(/^-?\d+$/);

  it('GET /api/batches/{id}, its entry in GET /api/batches, a page of its items and a preview', async () => {
    const client = await finance();
    const missing = unique('shape');
    const ids = ['522346', 'DD2981741311549200000', missing, 'bad/id', '522346'];
    const preview = await fetch(`${appUrl()}/api/batches?dryRun=1`, {
      method: 'POST',
      headers: { cookie: await session('finance@demo.local'), origin: appUrl(), 'content-type': 'application/json' },
      body: JSON.stringify({ ids, kind: 'auto' }),
    });
    const invalid = { raw: 'bad/id', row: 4, reason: JSON.parse(await preview.clone().text()).invalid[0].reason };
    expect(invalid.reason).toEqual({ en: expect.any(String), zh: expect.any(String) });
    expect(await preview.text()).toBe(JSON.stringify({ ids: 3, duplicates: 1, invalid: [invalid] }));

    const id = (await client.create(ids)).body.batch.id;
    await client.until(id, ['done']);
    const text = await raw(`/api/batches/${id}`);
    const b = JSON.parse(text).batch;
    expect(b).toMatchObject({ createdAt: instant, startedAt: instant, finishedAt: instant, perSecond: expect.any(Number), totals: { amountFen: fen, refundedFen: fen, refundingFen: fen, sharedFen: fen, remainingFen: fen } });
    const view = {
      id,
      status: 'done',
      kind: 'auto',
      shop: 'default',
      source: 'paste',
      origin: 'paste',
      total: 4,
      done: 4,
      pending: 0,
      found: 2,
      notFound: 1,
      parameterError: 0,
      failed: 0,
      invalid: 1,
      duplicates: 1,
      createdBy: 'finance@demo.local',
      createdAt: b.createdAt,
      startedAt: b.startedAt,
      finishedAt: b.finishedAt,
      perSecond: b.perSecond,
      secondsLeft: null,
    };
    const { amountFen, refundedFen, refundingFen, sharedFen, remainingFen } = b.totals;
    expect(text).toBe(JSON.stringify({ batch: { ...view, totals: { amountFen, refundedFen, refundingFen, sharedFen, remainingFen } } }));

    // The list leaves the money totals out (null), and paces as of its own moment.
    const list = await raw('/api/batches');
    const listed = (JSON.parse(list).batches as Array<{ id: string; perSecond: number }>).find((e) => e.id === id)!;
    expect(list).toContain(JSON.stringify({ ...view, perSecond: listed.perSecond, totals: null }));

    const page = await raw(`/api/batches/${id}/items?limit=2`);
    const [shop, serviceProvider] = JSON.parse(page).items;
    expect(shop).toMatchObject({ lookedUpAt: instant, order: { kind: 'shop', amountFen: fen } });
    expect(serviceProvider).toMatchObject({ lookedUpAt: instant, order: { kind: 'service-provider', priceFen: fen } });
    const item = (position: number, input: string, kind: string, shopId: string | null, o: { order: unknown; lookedUpAt: string }) => ({
      position,
      row: position + 1,
      input,
      kind,
      shop: shopId,
      outcome: 'found',
      order: o.order,
      errcode: null,
      problem: null,
      lookedUpAt: o.lookedUpAt,
    });
    expect(page).toBe(JSON.stringify({ items: [item(0, '522346', 'shop', 'default', shop), item(1, 'DD2981741311549200000', 'service-provider', null, serviceProvider)], nextCursor: 1 }));
    const restText = await raw(`/api/batches/${id}/items?cursor=1`);
    const rest = JSON.parse(restText).items;
    expect(restText).toBe(
      JSON.stringify({
        items: [
          { position: 2, row: 3, input: missing, kind: 'shop', shop: 'default', outcome: 'not-found', order: null, errcode: null, problem: rest[0].problem, lookedUpAt: rest[0].lookedUpAt },
          { position: 3, row: 4, input: 'bad/id', kind: null, shop: null, outcome: 'invalid', order: null, errcode: null, problem: rest[1].problem, lookedUpAt: null },
        ],
        nextCursor: null,
      }),
    );
    // A problem is answered as the database's jsonb keeps it: its keys shortest first.
    for (const r of rest) expect(JSON.stringify(r.problem)).toMatch(/^\{"action":\{"en":"[^"]+","zh":"[^"]+"\},"message":\{"en":"[^"]+","zh":"[^"]+"\}\}$/);
  });
});
