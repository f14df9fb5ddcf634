import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as StoreModule from '@/lib/batches/store';
import type * as EngineModule from '@/lib/batches/engine';
import type * as DbModule from '@/lib/db';
import type * as SchemaModule from '@/lib/db/schema';
import { demoEnv, isolatedDatabaseEnv } from '../support/stack';

/**
 * Issue 20, item 7: an id in flight when a server dies is asked again "at most once more".
 * A killed server leaves its item claimed ('looking') and unanswered; the next start's sweep
 * (lib/batches/engine.ts: requeueInterrupted) puts it back or fails it. This test runs those
 * steps in-process against a real database (PGlite, or PostgreSQL with DATABASE_URL): a claim
 * that is never answered is exactly what SIGKILL leaves (batch-engine.test.ts kills a real
 * server once), and two of them here cost a second, not three server starts and, on PostgreSQL,
 * two claim leases of half a minute or more.
 */
// Imported once the settings are in place (beforeAll): the types only, here.
let store: typeof StoreModule;
let engine: typeof EngineModule;
let db: typeof DbModule;
let schema: typeof SchemaModule;

beforeAll(async () => {
  // Settings before the first import: the database and server settings are read once.
  Object.assign(process.env, demoEnv('http://127.0.0.1:9'), await isolatedDatabaseEnv(), { LOG_LEVEL: 'silent' });
  db = await import('@/lib/db');
  schema = await import('@/lib/db/schema');
  store = await import('@/lib/batches/store');
  engine = await import('@/lib/batches/engine');
  await db.databaseReady();
});

afterAll(async () => {
  const { pglite, pool } = (globalThis as unknown as { orderDeskDb?: { pglite?: { close(): Promise<void> }; pool?: { end(): Promise<void> } } }).orderDeskDb ?? {};
  await pglite?.close();
  await pool?.end();
});

const APP = { kind: 'shop' as const, shop: 'main' };

/** A running batch of `ids` (shop trade numbers), created by a finance user. */
async function runningBatch(ids: string[]): Promise<string> {
  const id = randomUUID();
  await store.insertBatch({
    id,
    prepared: { valid: ids.map((orderId, row) => ({ kind: 'shop', id: orderId, row, shop: APP.shop })), duplicates: 0, invalid: [] },
    kind: 'shop',
    shop: APP.shop,
    source: 'paste',
    origin: 'paste',
    createdBy: { id: `user-${id}`, email: 'finance-interrupted@example.com', role: 'finance' },
  });
  expect(await store.moveBatch(id, ['queued'], 'running')).toBe(true);
  return id;
}

/** The item a lane claims and is looking up when its server is killed: claimed, never answered. */
async function claimedThenKilled(batchId: string): Promise<{ id: string; attempts: number }> {
  const claimed = await store.claimNext(batchId, 0, 50, APP);
  expect(claimed, 'an item to claim').not.toBeNull();
  return { id: claimed!.id, attempts: claimed!.attempts };
}

describe('an id interrupted twice (issue 20, item 7: "at most once more")', () => {
  it('is asked once more after the first crash, then ends failed as interrupted, never a third time; the audit shows both attempts', async () => {
    const batchId = await runningBatch(['interrupted-twice-000111']);

    // First server: asks WeChat for the id, and is killed before the answer is kept.
    expect(await claimedThenKilled(batchId)).toEqual({ id: 'interrupted-twice-000111', attempts: 1 });
    // The next start: the id goes back to the queue, its batch still has work.
    expect(await engine.requeueInterrupted(0)).toEqual([batchId]);
    expect((await store.itemsPage(batchId, { limit: 10 }))[0]).toMatchObject({ outcome: 'pending', interrupted: 1 });

    // Second server: asks again (the second attempt), and is killed too.
    expect(await claimedThenKilled(batchId)).toEqual({ id: 'interrupted-twice-000111', attempts: 2 });
    // The start after that: the id fails as interrupted and the batch is done.
    expect(await engine.requeueInterrupted(0)).toEqual([]);
    const [item] = await store.itemsPage(batchId, { limit: 10 });
    expect(item).toMatchObject({ outcome: 'failed', attempts: 2, interrupted: 2 });
    expect((item!.problem as { message: { en: string } }).message.en).toMatch(/^Interrupted twice/);
    expect((await store.findBatch(batchId))?.status).toBe('done');

    // Nothing is left to ask: no lane claims it a third time.
    expect(await store.claimNext(batchId, 0, 50, APP)).toBeNull();
    expect(await engine.requeueInterrupted(0)).toEqual([]);

    // The trail: one entry per interrupted attempt, the first asked again, the second failed.
    const { and, asc, eq } = await import('drizzle-orm');
    const { auditLog } = schema;
    const entries = await db
      .database()
      .select({ action: auditLog.action, orderId: auditLog.orderId, email: auditLog.userEmail, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'batch.interrupted'), eq(auditLog.requestId, `batch:${batchId}`)))
      .orderBy(asc(auditLog.id));
    expect(entries).toEqual([
      { action: 'batch.interrupted', orderId: 'interrupted-twice-000111', email: 'finance-interrupted@example.com', detail: { batch: batchId, then: 'asked again' } },
      { action: 'batch.interrupted', orderId: 'interrupted-twice-000111', email: 'finance-interrupted@example.com', detail: { batch: batchId, then: 'failed' } },
    ]);
  });

  it('an id interrupted once and then answered ends with its answer; "retry failed" asks a twice-interrupted id afresh', async () => {
    const batchId = await runningBatch(['interrupted-once-000112', 'interrupted-twice-000113']);
    // The first lane takes position 0, a second lane position 1; the server dies with both in flight.
    await claimedThenKilled(batchId);
    await claimedThenKilled(batchId);
    expect(await engine.requeueInterrupted(0)).toEqual([batchId]);
    // Asked again: position 0 is answered this time, position 1 is in flight at the second crash.
    const again = await store.claimNext(batchId, 0, 50, APP);
    expect(again).toMatchObject({ id: 'interrupted-once-000112', attempts: 2 });
    await claimedThenKilled(batchId);
    await store.recordAnswer(batchId, { position: again!.position, answer: { outcome: 'found', order: { trade_no: 'interrupted-once-000112' } } });
    expect(await engine.requeueInterrupted(0)).toEqual([]);
    const items = await store.itemsPage(batchId, { limit: 10 });
    expect(items.map((i) => [i.input, i.outcome])).toEqual([
      ['interrupted-once-000112', 'found'],
      ['interrupted-twice-000113', 'failed'],
    ]);

    // A person's "retry failed" starts its count afresh: it may be asked (and interrupted) again.
    expect(await store.resetFailed(batchId, 'admin-who-retried')).toBe(1);
    expect(await store.moveBatch(batchId, ['done'], 'running')).toBe(true);
    expect(await claimedThenKilled(batchId)).toEqual({ id: 'interrupted-twice-000113', attempts: 3 });
    expect(await engine.requeueInterrupted(0)).toEqual([batchId]);
    expect((await store.itemsPage(batchId, { limit: 10 }))[1]).toMatchObject({ outcome: 'pending', interrupted: 1 });
  });
});
