import 'server-only';
import { lt } from 'drizzle-orm';
import { database } from '@/lib/db';
import { coalesce } from '@/lib/db/coalesce';
import { auditLog } from '@/lib/db/schema';
import { metrics, secondsSince } from '@/lib/ops/metrics';
import type { RequestInfo } from '@/lib/request-info';
import { storedJson, storedText, storedTextOrNull } from '@/lib/text/safe-text';

export const auditActions = [
  'order.lookup',
  'order.search',
  'orders.list',
  'orders.export',
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'user.create',
  'user.role',
  'user.disable',
  'user.enable',
  'user.password-reset',
  'apikey.create',
  'apikey.revoke',
  'batch.create',
  'batch.cancel',
  'batch.retry',
  'batch.resume',
  'batch.export',
  'batch.preview',
  'batch.interrupted',
  'order.history',
  'order.evidence',
  'sync.run',
  'sync.request',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface Actor {
  id: string | null;
  email: string | null;
  role: string | null;
  /** The API key the actor used, if they used one: recorded in the entry's detail as `apiKey`. */
  apiKey?: { id: string; start: string | null } | undefined;
}

export interface AuditEntry {
  action: AuditAction;
  actor: Actor;
  request: RequestInfo;
  order?: { kind: string; id: string; shop?: string };
  status?: number;
  errcode?: number;
  detail?: Record<string, unknown>;
}

/**
 * Appends one entry. Awaited before the answer goes out: a lookup whose audit entry cannot be
 * written is not served. Every text is stored as a safe rendering of what was sent (control
 * characters escaped, lengths capped), so no input can make the entry fail or grow without bound.
 * Entries recorded while an insert is running go into the next one together (writeAudit).
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await recordAuditEntry(entry);
}

/** `recordAudit`, answering the entry's id (a lookup's versions name it: lib/history). */
export async function recordAuditEntry(entry: AuditEntry): Promise<AuditId> {
  const started = performance.now();
  let outcome: 'written' | 'failed' = 'failed';
  try {
    const id = await (entry.detail?.batch === undefined ? writeAudit : writeBatchAudit)(auditRow(entry));
    outcome = 'written';
    return id;
  } finally {
    metrics().auditWriteDuration.observe({ action: entry.action, outcome }, secondsSince(started));
  }
}

type AuditRow = typeof auditLog.$inferInsert;
/** An entry's id (audit_log.id), as a decimal string. */
export type AuditId = string;

function auditRow(entry: AuditEntry): AuditRow {
  return {
    action: entry.action,
    userId: storedTextOrNull(entry.actor.id, 64),
    userEmail: storedTextOrNull(entry.actor.email, 254),
    userRole: storedTextOrNull(entry.actor.role, 32),
    orderKind: storedTextOrNull(entry.order?.kind, 32),
    orderId: entry.order ? storedText(entry.order.id, 128) : null,
    shop: storedTextOrNull(entry.order?.shop, 64),
    status: entry.status ?? null,
    errcode: entry.errcode ?? null,
    ip: storedTextOrNull(entry.request.ip, 64),
    userAgent: storedTextOrNull(entry.request.userAgent, 512),
    requestId: storedTextOrNull(entry.request.requestId, 64),
    detail: detailOf(entry),
  };
}

function detailOf({ detail, actor }: AuditEntry): Record<string, unknown> | null {
  const all = actor.apiKey ? { ...detail, apiKey: { id: actor.apiKey.id, start: actor.apiKey.start } } : detail;
  return all ? (storedJson(all, 512) as Record<string, unknown>) : null;
}

/**
 * One multi-row insert for every entry waiting (lib/db/coalesce.ts); process-wide queues. People's
 * requests gather for a few turns under load; a batch's lookups do not, because each lane waits
 * for its entry before it claims its next item (bench:batch: 1.18-1.19 of the ideal without
 * gathering, 1.26-1.35 with).
 */
const insertRows = async (rows: AuditRow[]): Promise<AuditId[]> => {
  const written = await database().insert(auditLog).values(rows).returning({ id: auditLog.id });
  // Ids are drawn in the order of the VALUES list: sorted, they pair with the rows in order.
  return written.map((row) => row.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
};
const globalForAudit = globalThis as unknown as { orderDeskAuditWriter?: (row: AuditRow) => Promise<AuditId>; orderDeskBatchAuditWriter?: (row: AuditRow) => Promise<AuditId> };
const writeAudit = (globalForAudit.orderDeskAuditWriter ??= coalesce(insertRows));
const writeBatchAudit = (globalForAudit.orderDeskBatchAuditWriter ??= coalesce(insertRows, 100, 1));

/** Retention: the only deletion the product makes. */
export async function pruneAudit(retentionDays: number): Promise<void> {
  await database()
    .delete(auditLog)
    .where(lt(auditLog.at, new Date(Date.now() - retentionDays * 86_400_000)));
}
