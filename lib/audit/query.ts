import 'server-only';
import { TZDate } from '@date-fns/tz';
import { and, desc, eq, gte, ilike, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { database } from '@/lib/db';
import { auditLog } from '@/lib/db/schema';
import { serverEnv } from '@/lib/env/server';
import type { AuditEntryView } from '@/lib/api/contract';
import { isValidOrderId } from '@/lib/orders/ids';
import { isRecord } from '@/lib/stored-json';
import { plainText } from '@/lib/text/safe-text';

/** The filters of /admin/audit and /api/audit.csv, from query parameters. */
export const auditFilterSchema = z.object({
  user: plainText(200).trim().optional().transform((v) => v || undefined),
  orderId: plainText(128).trim().optional().transform((v) => v || undefined),
  kind: z.enum(['service-provider', 'shop']).optional().or(z.literal('').transform(() => undefined)),
  action: plainText(64).trim().optional().transform((v) => v || undefined),
  batch: plainText(64).trim().optional().transform((v) => v || undefined),
  outcome: z.enum(['success', 'failure']).optional().or(z.literal('').transform(() => undefined)),
  from: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional().or(z.literal('').transform(() => undefined)),
  to: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional().or(z.literal('').transform(() => undefined)),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** The query parameters the filters know, first value of each. */
export function knownFilterParams(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const entries: Array<[string, string | undefined]> =
    params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]);
  return Object.fromEntries(entries.filter(([k]) => k in auditFilterSchema.shape));
}

export function parseAuditFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilter {
  return auditFilterSchema.parse(knownFilterParams(params));
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/** The instant a wall-clock date and time in `zone` stands for (month 1–12; days may overflow). */
function inZone(zone: string, [y, mo, d, h = 0, mi = 0, s = 0, ms = 0]: number[]): Date {
  return new Date(new TZDate(y!, mo! - 1, d!, h, mi, s, ms, zone).getTime());
}

/**
 * The condition of a `from` or `to` filter. A date alone, or a time without an offset, is read
 * in the display timezone (ORDER_DESK_TIMEZONE), the zone the page shows times in; a date
 * stands for the whole of that day there. A time with an offset (or Z) is taken as it is.
 */
function timeBound(value: string, which: 'from' | 'to', zone: string): SQL {
  const date = LOCAL_DATE.exec(value);
  if (date) {
    const [y, mo, d] = date.slice(1).map(Number) as [number, number, number];
    return which === 'from' ? gte(auditLog.at, inZone(zone, [y, mo, d])) : lt(auditLog.at, inZone(zone, [y, mo, d + 1]));
  }
  const time = LOCAL_TIME.exec(value);
  const at = time
    ? inZone(zone, [...time.slice(1, 7).map((part) => Number(part ?? 0)), Number((time[7] ?? '0').padEnd(3, '0').slice(0, 3))])
    : new Date(value);
  return which === 'from' ? gte(auditLog.at, at) : lte(auditLog.at, at);
}

function where(filter: AuditFilter): SQL | undefined {
  const zone = serverEnv().ORDER_DESK_TIMEZONE;
  const conditions: Array<SQL | undefined> = [
    filter.user ? ilike(auditLog.userEmail, `%${filter.user.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
    filter.orderId ? eq(auditLog.orderId, filter.orderId) : undefined,
    filter.kind ? eq(auditLog.orderKind, filter.kind) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.batch ? sql`${auditLog.detail}->>'batch' = ${filter.batch}` : undefined,
    filter.outcome === 'success' ? and(gte(auditLog.status, 200), lte(auditLog.status, 299)) : undefined,
    filter.outcome === 'failure' ? gte(auditLog.status, 300) : undefined,
    filter.from ? timeBound(filter.from, 'from', zone) : undefined,
    filter.to ? timeBound(filter.to, 'to', zone) : undefined,
  ];
  return and(...conditions.filter((c): c is SQL => c !== undefined));
}

type AuditRow = typeof auditLog.$inferSelect;

/** Newest first: in the order the entries were written (their ids). */
export async function findAudit(filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  return database().select().from(auditLog).where(where(filter)).orderBy(desc(auditLog.id)).limit(limit);
}

/** `before` of a page of the trail: an entry id, digits only, within PostgreSQL's bigint. */
export const auditCursorSchema = z
  .string()
  .regex(/^\d{1,19}$/)
  .transform((v) => BigInt(v))
  .refine((v) => v <= 9_223_372_036_854_775_807n)
  .optional();

/**
 * One page of the trail, newest first: the entries written before the entry `before` (keyset
 * paging, so entries written meanwhile never shift a page), and the cursor of the next page.
 */
export async function findAuditPage(filter: AuditFilter, before: bigint | undefined, size: number): Promise<{ entries: AuditEntryView[]; older: bigint | null }> {
  const rows = await database()
    .select()
    .from(auditLog)
    .where(and(where(filter), before === undefined ? undefined : lt(auditLog.id, before)))
    .orderBy(desc(auditLog.id))
    .limit(size + 1);
  const shown = rows.slice(0, size);
  return { entries: shown.map(toAuditEntryView), older: rows.length > size ? shown.at(-1)!.id : null };
}

/** An entry as the page shows it: the detail's batch and API key (lib/audit/record.ts writes them there) read once, here. */
export function toAuditEntryView(row: AuditRow): AuditEntryView {
  const detail = isRecord(row.detail) ? row.detail : {};
  const key = isRecord(detail.apiKey) ? detail.apiKey.start : undefined;
  const kind = row.orderKind === 'shop' || row.orderKind === 'service-provider' ? row.orderKind : null;
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    action: row.action,
    userEmail: row.userEmail,
    userRole: row.userRole,
    apiKeyStart: typeof key === 'string' ? key : null,
    orderKind: row.orderKind,
    orderId: row.orderId,
    order: kind && row.orderId && isValidOrderId(kind, row.orderId) ? { kind, id: row.orderId } : null,
    shop: row.shop,
    batch: typeof detail.batch === 'string' ? detail.batch : null,
    status: row.status,
    errcode: row.errcode,
    ip: row.ip,
    requestId: row.requestId,
  };
}
