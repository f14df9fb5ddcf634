import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { database } from '@/lib/db';
import { coalesce } from '@/lib/db/coalesce';
import { orderIndex, orderVersion } from '@/lib/db/schema';
import type { Received } from '@/lib/wechat';
import { memberBytes } from '@/lib/wechat/json-ranges';

/** The path a lookup came by: the order page, the API, a batch, or the sync. */
export const vias = ['page', 'api', 'batch', 'sync'] as const;
export type Via = (typeof vias)[number];

export interface NewVersion {
  kind: string;
  /** '' for a service-provider order, as in the order index. */
  shop: string;
  orderId: string;
  received: Received;
  receivedAt: Date;
  via: Via;
  /** The lookup's audit entry; null for sync's lookups, whose run is audited once (`sync.run`). */
  auditId: string | null;
  requestId: string | null;
}

export type VersionRow = typeof orderVersion.$inferSelect;

/** The advisory lock space (two keys) for one order's versions; apart from lib/db's. */
const VERSION_LOCKS = 7_240_024;

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A version's call, when its body is one element of a list answer (an order `query_list` listed): which element. */
export function listElementOf(request: unknown): { list: string; index: number } | null {
  const element = typeof request === 'object' && request !== null ? (request as { element?: unknown }).element : undefined;
  return typeof element === 'object' && element !== null && typeof (element as { index?: unknown }).index === 'number' ? (element as { list: string; index: number }) : null;
}

/** The order's own bytes in a kept body: the whole body for a list element, `order`'s value in `order/get`'s answer; null when they cannot be found. */
export function orderBytesOf(body: Uint8Array, request: unknown): Uint8Array | null {
  return listElementOf(request) ? body : memberBytes(body, 'order');
}

const bytesOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** One answer to keep, ready to compare. */
interface Pending {
  v: NewVersion;
  key: string;
  body: Buffer;
  sha256: string;
}

/** What a batch knows of an order's newest version: kept (an id) or about to be (a row of this batch's insert). */
interface Newest {
  id: bigint | null;
  body: Uint8Array;
  request: unknown;
  row?: typeof orderVersion.$inferInsert;
}

/** Equal answers: the same bytes; or, between a list element and order/get's answer, the order's own bytes (see recordVersion). */
function sameAnswer(newest: Newest, p: Pending): boolean {
  if ((listElementOf(newest.request) !== null) === (listElementOf(p.v.received.request) !== null)) return bytesOf(newest.body).equals(p.body);
  const before = orderBytesOf(newest.body, newest.request);
  const after = orderBytesOf(p.body, p.v.received.request);
  return before !== null && after !== null && bytesOf(before).equals(bytesOf(after));
}

/**
 * Keeps the answers waiting, in one transaction (lib/db/coalesce.ts): each order's lock taken
 * (in one order, so two servers' batches do not wait on each other), the newest versions of
 * every order named read at once, then each answer in turn against its order's newest (an
 * earlier answer of this batch included), one insert for the new versions.
 */
async function keepVersions(items: NewVersion[]): Promise<void[]> {
  const pending: Pending[] = items.map((v) => {
    const body = bytesOf(v.received.bytes);
    return { v, key: `${v.kind}/${v.shop}/${v.orderId}`, body, sha256: sha256Of(body) };
  });
  const orders = [...new Map(pending.map((p) => [p.key, p.v])).entries()];
  await database().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${VERSION_LOCKS}, h) from (select distinct hashtext(k) as h from (values ${sql.join(orders.map(([key]) => sql`(${key})`), sql`, `)}) as v(k) order by 1) as locks`);
    const kept = await tx
      .selectDistinctOn([orderVersion.kind, orderVersion.shop, orderVersion.orderId], { kind: orderVersion.kind, shop: orderVersion.shop, orderId: orderVersion.orderId, id: orderVersion.id, body: orderVersion.body, request: orderVersion.request })
      .from(orderVersion)
      .where(or(...orders.map(([, v]) => and(eq(orderVersion.kind, v.kind), eq(orderVersion.shop, v.shop), eq(orderVersion.orderId, v.orderId)))))
      .orderBy(orderVersion.kind, orderVersion.shop, orderVersion.orderId, desc(orderVersion.id));
    const newest = new Map<string, Newest>(kept.map((row) => [`${row.kind}/${row.shop}/${row.orderId}`, { id: row.id, body: row.body, request: row.request }]));
    const inserts: Array<typeof orderVersion.$inferInsert> = [];
    const seen = new Map<bigint, { at: Date; via: Via; auditId: bigint | null }>();
    for (const p of pending) {
      const { v } = p;
      const auditId = v.auditId === null ? null : BigInt(v.auditId);
      const last = newest.get(p.key);
      if (last && sameAnswer(last, p)) {
        if (last.row) {
          // Equal to an answer of this batch not yet written: it is written as last received now.
          if (v.receivedAt > last.row.lastSeenAt!) Object.assign(last.row, { lastSeenAt: v.receivedAt, lastVia: v.via, lastAuditId: auditId });
        } else {
          const before = seen.get(last.id!);
          if (!before || v.receivedAt >= before.at) seen.set(last.id!, { at: v.receivedAt, via: v.via, auditId });
        }
        continue;
      }
      const row = { kind: v.kind, shop: v.shop, orderId: v.orderId, body: p.body, sha256: p.sha256, request: v.received.request, appId: v.received.appId, firstSeenAt: v.receivedAt, lastSeenAt: v.receivedAt, via: v.via, auditId, requestId: v.requestId, lastVia: v.via, lastAuditId: auditId };
      inserts.push(row);
      newest.set(p.key, { id: null, body: p.body, request: v.received.request, row });
    }
    for (const [id, last] of seen) {
      await tx
        .update(orderVersion)
        .set({ lastSeenAt: sql`greatest(${orderVersion.lastSeenAt}, ${last.at.toISOString()}::timestamptz)`, lastVia: last.via, lastAuditId: last.auditId })
        .where(eq(orderVersion.id, id));
    }
    // In the order received: a batch's versions of one order get rising ids.
    if (inserts.length > 0) await tx.insert(orderVersion).values(inserts);
  });
  return items.map(() => undefined);
}

const globalForHistory = globalThis as unknown as { orderDeskVersionWriter?: (v: NewVersion) => Promise<void>; orderDeskBatchVersionWriter?: (v: NewVersion) => Promise<void> };
/** People's lookups and sync gather for a few turns under load; a batch's lanes, each waiting for its lookup, do not (as for the audit trail). */
const writeVersion = (globalForHistory.orderDeskVersionWriter ??= coalesce(keepVersions));
const writeBatchVersion = (globalForHistory.orderDeskBatchVersionWriter ??= coalesce(keepVersions, 100, 1));

/**
 * Keeps one answer: equal, byte for byte, to the order's newest version, it only moves that
 * version's "last received" (1,000 lookups of an unchanged order keep one version); otherwise it
 * is a new version. An order `query_list` listed (its element's bytes) and `order/get`'s answer
 * (errcode, errmsg and the order) are never the same bytes: between the two, the order's own bytes
 * are compared (the element whole, `order`'s value in the other), and equal they too only move
 * "last received" (docs/history.md). One order's answers are kept one at a time (a
 * transaction-scoped advisory lock on PostgreSQL; PGlite runs one transaction at a time), so two
 * equal answers arriving together make one version. Answers arriving together share one
 * transaction (group commit): a version costs no transaction of its own under load.
 */
export function recordVersion(v: NewVersion): Promise<void> {
  return v.via === 'batch' ? writeBatchVersion(v) : writeVersion(v);
}

/** At most this many versions are shown for one order, the newest. */
export const VERSIONS_SHOWN = 500;

/** An order's versions, newest first (the body included: the changes are read from it). */
export function versionsOf(kind: string, shop: string, orderId: string, limit = VERSIONS_SHOWN): Promise<VersionRow[]> {
  return database()
    .select()
    .from(orderVersion)
    .where(and(eq(orderVersion.kind, kind), eq(orderVersion.shop, shop), eq(orderVersion.orderId, orderId)))
    .orderBy(desc(orderVersion.id))
    .limit(limit);
}

/** One version of this order (another order's version is none); the newest without an id. */
export async function versionOf(kind: string, shop: string, orderId: string, id: bigint | null): Promise<VersionRow | null> {
  const rows = await database()
    .select()
    .from(orderVersion)
    .where(and(eq(orderVersion.kind, kind), eq(orderVersion.shop, shop), eq(orderVersion.orderId, orderId), ...(id === null ? [] : [eq(orderVersion.id, id)])))
    .orderBy(desc(orderVersion.id))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Retention, with the audit trail's: versions last received more than `retentionDays` ago go,
 * except an order's newest version while the order is in the index.
 */
export async function pruneHistory(retentionDays: number): Promise<void> {
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
  await database().execute(sql`
    delete from ${orderVersion} v
    where v.last_seen_at < ${cutoff}::timestamptz
      and not (
        exists (select 1 from ${orderIndex} i where i.kind = v.kind and i.shop = v.shop and i.order_id = v.order_id)
        and v.id = (select max(w.id) from ${orderVersion} w where w.kind = v.kind and w.shop = v.shop and w.order_id = v.order_id)
      )`);
}
