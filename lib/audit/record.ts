import 'server-only';
import { lt } from 'drizzle-orm';
import { database } from '@/lib/db';
import { auditLog } from '@/lib/db/schema';
import type { RequestInfo } from '@/lib/request-info';

export type AuditAction =
  | 'order.lookup'
  | 'auth.sign-in'
  | 'auth.sign-in-failed'
  | 'auth.sign-out'
  | 'user.create'
  | 'user.role'
  | 'user.disable'
  | 'user.enable'
  | 'user.password-reset';

export interface Actor {
  id: string | null;
  email: string | null;
  role: string | null;
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
 * written is not served.
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await database()
    .insert(auditLog)
    .values({
      action: entry.action,
      userId: entry.actor.id,
      userEmail: entry.actor.email,
      userRole: entry.actor.role,
      orderKind: entry.order?.kind ?? null,
      orderId: entry.order?.id.slice(0, 128) ?? null,
      shop: entry.order?.shop ?? null,
      status: entry.status ?? null,
      errcode: entry.errcode ?? null,
      ip: entry.request.ip,
      userAgent: entry.request.userAgent?.slice(0, 512) ?? null,
      requestId: entry.request.requestId,
      detail: entry.detail ?? null,
    });
}

/** Retention: the only deletion the product makes. */
export async function pruneAudit(retentionDays: number): Promise<void> {
  await database()
    .delete(auditLog)
    .where(lt(auditLog.at, new Date(Date.now() - retentionDays * 86_400_000)));
}
