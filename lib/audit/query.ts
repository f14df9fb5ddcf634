import 'server-only';
import { and, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { database } from '@/lib/db';
import { auditLog } from '@/lib/db/schema';

/** The filters of /admin/audit and /api/audit.csv, from query parameters. */
export const auditFilterSchema = z.object({
  user: z.string().trim().max(200).optional().transform((v) => v || undefined),
  orderId: z.string().trim().max(128).optional().transform((v) => v || undefined),
  kind: z.enum(['service-provider', 'shop']).optional().or(z.literal('').transform(() => undefined)),
  action: z.string().trim().max(64).optional().transform((v) => v || undefined),
  outcome: z.enum(['success', 'failure']).optional().or(z.literal('').transform(() => undefined)),
  from: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional().or(z.literal('').transform(() => undefined)),
  to: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional().or(z.literal('').transform(() => undefined)),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export function parseAuditFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilter {
  const entries: Array<[string, string | undefined]> =
    params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  const known = Object.fromEntries(entries.filter(([k]) => k in auditFilterSchema.shape));
  return auditFilterSchema.parse(known);
}

/** A date alone means the whole day (from: its start, to: its end), in UTC. */
function instant(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
  return new Date(value);
}

function where(filter: AuditFilter): SQL | undefined {
  const conditions: Array<SQL | undefined> = [
    filter.user ? ilike(auditLog.userEmail, `%${filter.user.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
    filter.orderId ? eq(auditLog.orderId, filter.orderId) : undefined,
    filter.kind ? eq(auditLog.orderKind, filter.kind) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.outcome === 'success' ? and(gte(auditLog.status, 200), lte(auditLog.status, 299)) : undefined,
    filter.outcome === 'failure' ? gte(auditLog.status, 300) : undefined,
    filter.from ? gte(auditLog.at, instant(filter.from, false)) : undefined,
    filter.to ? lte(auditLog.at, instant(filter.to, true)) : undefined,
  ];
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Newest first. */
export async function findAudit(filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  return database().select().from(auditLog).where(where(filter)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
}
