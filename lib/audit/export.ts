import 'server-only';
import { stringify } from 'csv-stringify/sync';
import { invalidInput } from '@/lib/api/input';
import { isShop, shopName } from '@/lib/shops';
import { spreadsheetText } from '@/lib/text/safe-text';
import { auditFilterSchema, findAudit, knownFilterParams } from './query';

const MAX_ROWS = 100_000;
const COLUMNS = ['at', 'action', 'user_email', 'user_role', 'order_kind', 'order_id', 'shop', 'shop_name', 'status', 'errcode', 'ip', 'user_agent', 'request_id', 'batch', 'detail'] as const;
const FILTER_HINT = { en: 'Use dates like 2026-01-31, a kind of service-provider or shop, and text without control characters.', zh: '日期格式如 2026-01-31，类型为 service-provider 或 shop，文字中不能含控制字符。' };

/**
 * `GET /api/audit.csv`: the audit trail as CSV, with the same filters as /admin/audit
 * (`?orderId=…&user=…&from=…`). Every text cell is written so no spreadsheet runs it as a formula
 * (user agents and failed sign-in emails are whatever a stranger typed). `detail` is the entry's
 * detail as JSON: what a print (`print: true`) or an evidence download read, a refusal's code, the
 * API key used.
 */
export async function auditCsvAnswer(request: Request): Promise<Response> {
  const parsed = auditFilterSchema.safeParse(knownFilterParams(new URL(request.url).searchParams));
  if (!parsed.success) throw invalidInput(parsed.error, FILTER_HINT);
  const rows = await findAudit(parsed.data, MAX_ROWS);
  const csv = stringify(
    rows.map((r) => [r.at.toISOString(), r.action, r.userEmail, r.userRole, r.orderKind, r.orderId, r.shop, r.shop && (isShop(r.shop) ? shopName(r.shop) : ''), r.status, r.errcode, r.ip, r.userAgent, r.requestId, (r.detail as { batch?: string } | null)?.batch, r.detail === null ? '' : JSON.stringify(r.detail)]),
    // Every cell quoted: where Excel's list separator is ";", an unquoted `x;=1+1` would split into a formula cell.
    { header: true, columns: [...COLUMNS], quoted: true, cast: { number: String, string: spreadsheetText } },
  );
  return new Response(`\uFEFF${csv}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="order-desk-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
    },
  });
}
