import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { database } from '@/lib/db';
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

/**
 * Keeps one answer: equal, byte for byte, to the order's newest version, it only moves that
 * version's "last received" (1,000 lookups of an unchanged order keep one version); otherwise it
 * is a new version. An order `query_list` listed (its element's bytes) and `order/get`'s answer
 * (errcode, errmsg and the order) are never the same bytes: between the two, the order's own bytes
 * are compared (the element whole, `order`'s value in the other), and equal they too only move
 * "last received" (docs/history.md). One order's answers are kept one at a time (a
 * transaction-scoped advisory lock on PostgreSQL; PGlite runs one transaction at a time), so two
 * equal answers arriving together make one version.
 */
export async function recordVersion(v: NewVersion): Promise<void> {
  const body = Buffer.from(v.received.bytes.buffer, v.received.bytes.byteOffset, v.received.bytes.byteLength);
  const sha256 = sha256Of(body);
  const auditId = v.auditId === null ? null : BigInt(v.auditId);
  await database().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${VERSION_LOCKS}, hashtext(${`${v.kind}/${v.shop}/${v.orderId}`}))`);
    const [newest] = await tx
      .select({ id: orderVersion.id, sha256: orderVersion.sha256, same: sql<boolean>`${orderVersion.body} = ${body}`, request: orderVersion.request })
      .from(orderVersion)
      .where(and(eq(orderVersion.kind, v.kind), eq(orderVersion.shop, v.shop), eq(orderVersion.orderId, v.orderId)))
      .orderBy(desc(orderVersion.id))
      .limit(1);
    const incomingIsElement = listElementOf(v.received.request) !== null;
    const sameForm = newest !== undefined && (listElementOf(newest.request) !== null) === incomingIsElement;
    let unchanged = newest !== undefined && sameForm && newest.sha256 === sha256 && newest.same;
    if (newest && !sameForm) {
      // The newest is of the other form: its order's bytes against this one's.
      const [kept] = await tx.select({ body: orderVersion.body }).from(orderVersion).where(eq(orderVersion.id, newest.id));
      const before = kept ? orderBytesOf(kept.body, newest.request) : null;
      const after = orderBytesOf(body, v.received.request);
      unchanged = before !== null && after !== null && bytesOf(before).equals(bytesOf(after));
    }
    if (newest && unchanged) {
      await tx
        .update(orderVersion)
        .set({ lastSeenAt: sql`greatest(${orderVersion.lastSeenAt}, ${v.receivedAt.toISOString()}::timestamptz)`, lastVia: v.via, lastAuditId: auditId })
        .where(eq(orderVersion.id, newest.id));
      return;
    }
    await tx.insert(orderVersion).values({
      kind: v.kind,
      shop: v.shop,
      orderId: v.orderId,
      body,
      sha256,
      request: v.received.request,
      appId: v.received.appId,
      firstSeenAt: v.receivedAt,
      lastSeenAt: v.receivedAt,
      via: v.via,
      auditId,
      requestId: v.requestId,
      lastVia: v.via,
      lastAuditId: auditId,
    });
  });
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
