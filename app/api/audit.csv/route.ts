import { stringify } from 'csv-stringify/sync';
import { ZodError } from 'zod';
import { jsonError } from '@/lib/api/responses';
import { requireApiUser } from '@/lib/auth/access';
import { findAudit, parseAuditFilter } from '@/lib/audit/query';
import { AppError } from '@/lib/errors';

const MAX_ROWS = 100_000;
const COLUMNS = ['at', 'action', 'user_email', 'user_role', 'order_kind', 'order_id', 'shop', 'status', 'errcode', 'ip', 'user_agent', 'request_id'] as const;

/** The audit trail as CSV, with the same filters as /admin/audit (`?orderId=…&user=…&from=…`). */
export async function GET(request: Request) {
  try {
    await requireApiUser(request, 'audit.view');
    const filter = parseAuditFilter(new URL(request.url).searchParams);
    const rows = await findAudit(filter, MAX_ROWS);
    const csv = stringify(
      rows.map((r) => [r.at.toISOString(), r.action, r.userEmail, r.userRole, r.orderKind, r.orderId, r.shop, r.status, r.errcode, r.ip, r.userAgent, r.requestId]),
      { header: true, columns: [...COLUMNS], cast: { number: String } },
    );
    return new Response(`\uFEFF${csv}`, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="order-desk-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof ZodError) {
      return jsonError(
        new AppError({
          code: 'invalid_request',
          message: { en: `Bad filter: ${error.issues.map((i) => i.path.join('.')).join(', ')}.`, zh: `筛选条件无效：${error.issues.map((i) => i.path.join('.')).join('、')}。` },
          action: { en: 'Use dates like 2026-01-31 and a kind of service-provider or shop.', zh: '日期格式如 2026-01-31，类型为 service-provider 或 shop。' },
        }),
      );
    }
    return jsonError(error);
  }
}
