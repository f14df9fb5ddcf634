import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { database, queryRows } from '@/lib/db';
import { syncOrder, syncRun, syncSource, syncWindow } from '@/lib/db/schema';
import type { Window } from './plan';

/**
 * Sync's state in the database, shared by every server: each source's lease and run, its windows
 * (or SPUs) and how far each was listed, and each listed order's next look. What is written here is
 * what a restarted server resumes from.
 */
export type SourceRow = typeof syncSource.$inferSelect;
export type WindowRow = typeof syncWindow.$inferSelect;
export type RunRow = typeof syncRun.$inferSelect;

const iso = (at: Date) => sql`${at.toISOString()}::timestamptz`;

export async function ensureSources(sources: readonly string[]): Promise<void> {
  if (sources.length === 0) return;
  await database()
    .insert(syncSource)
    .values(sources.map((source) => ({ source })))
    .onConflictDoNothing();
}

export async function sourceRows(): Promise<SourceRow[]> {
  return database().select().from(syncSource);
}

export async function sourceRow(source: string): Promise<SourceRow | undefined> {
  const [row] = await database().select().from(syncSource).where(eq(syncSource.source, source));
  return row;
}

/** Takes the source for `holder` when no live server holds it: one sync per source at a time, across servers. */
export async function takeSource(source: string, holder: string, leaseSeconds: number): Promise<SourceRow | undefined> {
  const [row] = await queryRows<{ source: string }>(sql`
    update sync_source set holder = ${holder}, lease_until = now() + make_interval(secs => ${leaseSeconds})
    where source = ${source} and (holder is null or holder = ${holder} or lease_until < now())
    returning source`);
  return row ? sourceRow(source) : undefined;
}

/** Keeps the lease; false when another server has taken the source meanwhile (this one lost it). */
export async function renewSource(source: string, holder: string, leaseSeconds: number): Promise<boolean> {
  const rows = await queryRows<{ source: string }>(sql`
    update sync_source set lease_until = now() + make_interval(secs => ${leaseSeconds})
    where source = ${source} and holder = ${holder} returning source`);
  return rows.length > 0;
}

export async function releaseSource(source: string, holder: string): Promise<void> {
  await database()
    .update(syncSource)
    .set({ holder: null, leaseUntil: null })
    .where(and(eq(syncSource.source, source), eq(syncSource.holder, holder)));
}

/** PGlite at start: one process serves the database, so any lease held is this process's from before a crash. */
export async function releaseAllSources(): Promise<void> {
  await database().update(syncSource).set({ holder: null, leaseUntil: null });
}

export async function updateSource(source: string, values: Partial<Omit<SourceRow, 'source'>>): Promise<void> {
  await database().update(syncSource).set(values).where(eq(syncSource.source, source));
}

export async function findRun(id: string): Promise<RunRow | undefined> {
  const [row] = await database().select().from(syncRun).where(eq(syncRun.id, id));
  return row;
}

export async function lastRuns(sources: readonly string[]): Promise<Map<string, RunRow>> {
  if (sources.length === 0) return new Map();
  const rows = await queryRows<{ id: string }>(sql`
    select distinct on (source) id from sync_run where source in (${sql.join(
      sources.map((s) => sql`${s}`),
      sql`, `,
    )}) order by source, started_at desc`);
  if (rows.length === 0) return new Map();
  const runs = await database()
    .select()
    .from(syncRun)
    .where(
      inArray(
        syncRun.id,
        rows.map((r) => r.id),
      ),
    );
  return new Map(runs.map((r) => [r.source, r]));
}

export async function createRun(source: string, startedBy: { email: string; id: string | null }): Promise<RunRow> {
  const [row] = await database()
    .insert(syncRun)
    .values({ id: randomUUID(), source, startedBy: startedBy.email, startedById: startedBy.id })
    .returning();
  return row!;
}

export async function addToRun(id: string, add: Partial<Record<'windowsTotal' | 'windowsDone' | 'failedWindows' | 'ordersListed' | 'ordersLookedUp' | 'errors', number>>): Promise<void> {
  const set: Record<string, unknown> = {};
  for (const [key, n] of Object.entries(add)) {
    if (!n) continue;
    const column = syncRun[key as keyof typeof add];
    set[key] = sql`${column} + ${n}`;
  }
  if (Object.keys(set).length > 0) await database().update(syncRun).set(set).where(eq(syncRun.id, id));
}

export async function finishRun(id: string, problem: unknown): Promise<RunRow> {
  const [row] = await database()
    .update(syncRun)
    .set({ finishedAt: new Date(), problem: problem ?? null })
    .where(eq(syncRun.id, id))
    .returning();
  return row!;
}

/** A run's first step: failed windows are tried again, and the windows still to list are counted. */
export async function retryFailedWindows(source: string): Promise<number> {
  await database()
    .update(syncWindow)
    .set({ status: 'pending' })
    .where(and(eq(syncWindow.source, source), eq(syncWindow.status, 'failed')));
  const [row] = await queryRows<{ n: number }>(sql`select count(*)::int as n from sync_window where source = ${source} and status = 'pending'`);
  return Number(row?.n ?? 0);
}

/** Adds windows (or SPUs) not yet there; those there keep what they have. */
export async function addWindows(source: string, windows: ReadonlyArray<Window & { key?: string }>): Promise<number> {
  if (windows.length === 0) return 0;
  const rows = await database()
    .insert(syncWindow)
    .values(windows.map((w) => ({ source, key: w.key ?? w.beginsAt.toISOString(), beginsAt: w.beginsAt, endsAt: w.endsAt, status: 'pending' })))
    .onConflictDoNothing()
    .returning({ key: syncWindow.key });
  return rows.length;
}

/** An SPU of the service provider to page through this run: listed whole each time (its list has no time filter). */
export async function restartKeys(source: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await database()
    .insert(syncWindow)
    .values(keys.map((key) => ({ source, key, status: 'pending' })))
    .onConflictDoUpdate({ target: [syncWindow.source, syncWindow.key], set: { status: 'pending', cursor: null, pages: 0, listed: 0, errcode: null, problem: null } });
}

/** The end of the newest window there is: where the next run's windows start. */
export async function windowsEnd(source: string): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(sql`select max(ends_at) as at from sync_window where source = ${source}`);
  return row?.at ? new Date(row.at) : null;
}

export async function windowsStart(source: string): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(sql`select min(begins_at) as at from sync_window where source = ${source}`);
  return row?.at ? new Date(row.at) : null;
}

/** A backfill from `from`: every window from then on is listed again. */
export async function relistFrom(source: string, from: Date): Promise<void> {
  await database()
    .update(syncWindow)
    .set({ status: 'pending', cursor: null, pages: 0, listed: 0, errcode: null, problem: null, attempts: 0 })
    .where(and(eq(syncWindow.source, source), sql`${syncWindow.beginsAt} >= ${iso(from)}`));
}

export async function nextPendingWindow(source: string): Promise<WindowRow | undefined> {
  const [row] = await database()
    .select()
    .from(syncWindow)
    .where(and(eq(syncWindow.source, source), eq(syncWindow.status, 'pending')))
    .orderBy(asc(syncWindow.beginsAt), asc(syncWindow.key))
    .limit(1);
  return row;
}

export async function failedWindows(source: string, limit: number): Promise<WindowRow[]> {
  return database()
    .select()
    .from(syncWindow)
    .where(and(eq(syncWindow.source, source), eq(syncWindow.status, 'failed')))
    .orderBy(desc(syncWindow.beginsAt))
    .limit(limit);
}

/**
 * One page listed, in one transaction: its orders become due (unless this run has looked at them
 * already), and the window remembers where the next page starts, or that it is done.
 */
export async function recordPage(
  source: string,
  window: WindowRow,
  page: { due: readonly string[]; listed: number; cursor: string | null; done: boolean },
  runId: string,
): Promise<number> {
  return database().transaction(async (tx) => {
    let fresh = 0;
    const ids = [...new Set(page.due)];
    if (ids.length > 0) {
      const rows = await tx.execute(sql`
        insert into sync_order (source, order_id, due_at)
        select ${source}, id, now() from unnest(${sql`array[${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}]::text[]`}) as id
        on conflict (source, order_id) do update set due_at = least(coalesce(sync_order.due_at, now()), now())
        where sync_order.looked_run is distinct from ${runId}
        returning order_id`);
      fresh = (rows as unknown as { rows: unknown[] }).rows.length;
    }
    await tx
      .update(syncWindow)
      .set({
        cursor: page.cursor,
        pages: sql`${syncWindow.pages} + 1`,
        listed: sql`${syncWindow.listed} + ${page.listed}`,
        ...(page.done ? { status: 'done', doneAt: new Date(), errcode: null, problem: null } : {}),
      })
      .where(and(eq(syncWindow.source, source), eq(syncWindow.key, window.key)));
    await tx
      .update(syncRun)
      .set({ ordersListed: sql`${syncRun.ordersListed} + ${page.listed}`, ...(page.done ? { windowsDone: sql`${syncRun.windowsDone} + 1` } : {}) })
      .where(eq(syncRun.id, runId));
    return fresh;
  });
}

export async function failWindow(source: string, key: string, runId: string, errcode: number | null, problem: unknown): Promise<void> {
  await database()
    .update(syncWindow)
    .set({ status: 'failed', errcode, problem, attempts: sql`${syncWindow.attempts} + 1` })
    .where(and(eq(syncWindow.source, source), eq(syncWindow.key, key)));
  await addToRun(runId, { failedWindows: 1, errors: 1 });
}

/**
 * The end of the unbroken stretch of finished windows: everything created before it is listed.
 * Null until the first window is done.
 */
export async function syncedThrough(source: string): Promise<Date | null> {
  const [row] = await queryRows<{ open: string | Date | null; done: string | Date | null }>(sql`
    select (select min(begins_at) from sync_window where source = ${source} and status <> 'done' and begins_at is not null) as open,
           (select max(ends_at) from sync_window where source = ${source} and status = 'done') as done`);
  if (!row?.done) return null;
  const open = row.open ? new Date(row.open) : null;
  const done = new Date(row.done);
  if (!open) return done;
  const [first] = await queryRows<{ at: string | Date | null }>(sql`select min(begins_at) as at from sync_window where source = ${source}`);
  return first?.at && new Date(first.at) >= open ? null : open;
}

/**
 * One order due for a look, claimed for `holder` until `leaseSeconds` pass (SKIP LOCKED: servers and
 * lanes never take the same one); never one this run has looked at.
 */
export async function claimDue(source: string, runId: string, holder: string, leaseSeconds: number): Promise<string | undefined> {
  const [row] = await queryRows<{ order_id: string }>(sql`
    update sync_order set claimed_by = ${holder}, claimed_until = now() + make_interval(secs => ${leaseSeconds})
    where source = ${source} and order_id = (
      select order_id from sync_order
      where source = ${source} and due_at <= now() and looked_run is distinct from ${runId} and (claimed_until is null or claimed_until < now())
      order by due_at, order_id limit 1 for update skip locked)
    returning order_id`);
  return row?.order_id;
}

/**
 * Claims a server that died left: only the source's lease holder claims its orders, so when a run
 * (re)starts every claim on the source is stale and its orders are due again.
 */
export async function releaseClaims(source: string): Promise<void> {
  await database()
    .update(syncOrder)
    .set({ claimedBy: null, claimedUntil: null })
    .where(and(eq(syncOrder.source, source), sql`${syncOrder.claimedBy} is not null`));
}

/** A look made, in one transaction with the run's count: the order's next look (null: none), and this run has looked at it. */
export async function recordLook(source: string, orderId: string, runId: string, look: { createdAt: Date | null; nextAt: Date | null; failed: boolean }): Promise<void> {
  await database().transaction(async (tx) => {
    await tx
      .update(syncRun)
      .set({ ordersLookedUp: sql`${syncRun.ordersLookedUp} + 1`, ...(look.failed ? { errors: sql`${syncRun.errors} + 1` } : {}) })
      .where(eq(syncRun.id, runId));
    await tx
      .update(syncOrder)
      .set({
        lookedAt: new Date(),
        lookedRun: runId,
        claimedBy: null,
        claimedUntil: null,
        dueAt: look.nextAt,
        ...(look.createdAt ? { createdAt: look.createdAt } : {}),
        failures: look.failed ? sql`${syncOrder.failures} + 1` : 0,
      })
      .where(and(eq(syncOrder.source, source), eq(syncOrder.orderId, orderId)));
  });
}

export async function failuresOf(source: string, orderId: string): Promise<number> {
  const [row] = await database()
    .select({ failures: syncOrder.failures })
    .from(syncOrder)
    .where(and(eq(syncOrder.source, source), eq(syncOrder.orderId, orderId)));
  return row?.failures ?? 0;
}

/** A claim given back unlooked (the run stopped, or WeChat's per-minute limit). */
export async function releaseLook(source: string, orderId: string): Promise<void> {
  await database()
    .update(syncOrder)
    .set({ claimedBy: null, claimedUntil: null })
    .where(and(eq(syncOrder.source, source), eq(syncOrder.orderId, orderId)));
}

/** Service-provider orders come whole with the list: each is looked at as it is listed. */
export async function recordListedLooks(source: string, runId: string, looks: ReadonlyArray<{ orderId: string; createdAt: Date | null; nextAt: Date | null }>): Promise<number> {
  if (looks.length === 0) return 0;
  const now = new Date();
  const rows = await database()
    .insert(syncOrder)
    .values(looks.map((l) => ({ source, orderId: l.orderId, createdAt: l.createdAt, dueAt: l.nextAt, lookedAt: now, lookedRun: runId })))
    .onConflictDoUpdate({
      target: [syncOrder.source, syncOrder.orderId],
      set: { createdAt: sql`excluded.created_at`, dueAt: sql`excluded.due_at`, lookedAt: sql`excluded.looked_at`, lookedRun: sql`excluded.looked_run` },
      setWhere: sql`${syncOrder.lookedRun} is distinct from ${runId}`,
    })
    .returning({ orderId: syncOrder.orderId });
  return rows.length;
}

