import type { Metadata } from 'next';
import { getTimeZone, getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { ZodError } from 'zod';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { auditActions } from '@/lib/audit/record';
import type { AuditEntryView } from '@/lib/api/contract';
import { auditCursorSchema, findAuditPage, parseAuditFilter, type AuditFilter } from '@/lib/audit/query';
import { formatInstant } from '@/lib/orders/format';
import { auditCsvPath, auditPagePath } from '@/lib/query/pages';
import { isShop, orderPageOf, shopName } from '@/lib/shops';

export const metadata: Metadata = { title: 'Audit trail' };

/** Entries a page shows; older ones are a link away. */
const PAGE_SIZE = 100;

export default async function AuditPage({ searchParams }: PageProps<'/admin/audit'>) {
  const params = await searchParams;
  const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
  const user = await requirePageUser(auditPagePath(query));
  if (!can(user.role, 'audit.view')) forbidden();
  const t = await getTranslations('audit');
  const zone = await getTimeZone();

  let filter: AuditFilter = { user: undefined, orderId: undefined, action: undefined, batch: undefined };
  let before: bigint | undefined;
  let bad = false;
  try {
    filter = parseAuditFilter(params);
    before = auditCursorSchema.parse(typeof params.before === 'string' ? params.before : undefined);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    bad = true;
  }
  const { entries, older } = bad ? { entries: [], older: null } : await findAuditPage(filter, before, PAGE_SIZE);
  const pageHref = (cursor: bigint | null) => {
    const next = new URLSearchParams(query);
    next.delete('before');
    if (cursor !== null) next.set('before', String(cursor));
    return auditPagePath(next);
  };
  // The CSV holds every entry the filters match, whichever page is shown.
  const csvQuery = new URLSearchParams(query);
  csvQuery.delete('before');
  const csvHref = auditCsvPath(csvQuery);
  const actionLabel = (action: string) => {
    const key = `actions.${action.replaceAll('.', '_')}`;
    return t.has(key) ? t(key) : action;
  };
  const input = 'w-full rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-fg';
  const label = 'space-y-1 text-xs font-medium text-muted';
  const mono = 'font-mono text-xs';
  const columns: Column<AuditEntryView>[] = [
    {
      label: t('at'),
      cell: (r) => (
        <span className={`whitespace-nowrap ${mono}`} data-audit-entry={r.id}>
          {formatInstant(r.at, zone)}
        </span>
      ),
    },
    { label: t('action'), cell: (r) => <span title={r.action}>{actionLabel(r.action)}</span> },
    {
      label: t('user'),
      cell: (r) => (
        <>
          {r.userEmail ?? '—'} <span className="text-xs text-muted">{r.userRole ?? ''}</span>
          {r.apiKeyStart !== null && <span className={`block text-muted ${mono}`}>{t('viaKey', { key: `${r.apiKeyStart}…` })}</span>}
        </>
      ),
    },
    {
      label: t('kind'),
      cell: (r) => (
        <>
          {r.orderKind ?? '—'}
          {r.shop && <span className="block text-xs text-muted">{isShop(r.shop) ? shopName(r.shop) : t('notAShop', { shop: r.shop })}</span>}
        </>
      ),
    },
    {
      label: t('orderId'),
      cell: (r) =>
        r.order ? (
          <a href={orderPageOf(r.order.kind, r.order.id, r.shop)} className={`break-all text-accent underline-offset-2 hover:underline ${mono}`}>
            {r.orderId}
          </a>
        ) : (
          <span className={`break-all ${mono}`}>{r.orderId ?? '—'}</span>
        ),
    },
    { label: t('batch'), cell: (r) => <span className={`${mono} text-muted`}>{r.batch?.slice(0, 8) ?? '—'}</span> },
    { label: t('status'), cell: (r) => <span className="font-mono">{r.status ?? '—'}</span> },
    { label: t('errcode'), cell: (r) => <span className="font-mono">{r.errcode ?? '—'}</span> },
    { label: t('ip'), cell: (r) => <span className={mono}>{r.ip ?? '—'}</span> },
    { label: t('requestId'), cell: (r) => <span className={`${mono} text-muted`}>{r.requestId?.slice(0, 8) ?? '—'}</span> },
  ];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
        <a href={csvHref} className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg" data-testid="audit-csv">
          {t('csv')}
        </a>
      </div>
      <form method="get" className="grid grid-cols-1 gap-3 rounded-xl border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label={t('filters')}>
        <label className={label}>
          <span>{t('user')}</span>
          <input name="user" defaultValue={filter.user ?? ''} className={input} />
        </label>
        <label className={label}>
          <span>{t('orderId')}</span>
          <input name="orderId" defaultValue={filter.orderId ?? ''} className={`${input} font-mono`} />
        </label>
        <label className={label}>
          <span>{t('kind')}</span>
          <select name="kind" defaultValue={filter.kind ?? ''} className={input}>
            <option value="">{t('anyKind')}</option>
            <option value="service-provider">service-provider</option>
            <option value="shop">shop</option>
          </select>
        </label>
        <label className={label}>
          <span>{t('action')}</span>
          <select name="action" defaultValue={filter.action ?? ''} className={input}>
            <option value="">{t('anyAction')}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          <span>{t('batch')}</span>
          <input name="batch" defaultValue={filter.batch ?? ''} className={`${input} font-mono`} />
        </label>
        <label className={label}>
          <span>{t('outcome')}</span>
          <select name="outcome" defaultValue={filter.outcome ?? ''} className={input}>
            <option value="">{t('anyOutcome')}</option>
            <option value="success">{t('success')}</option>
            <option value="failure">{t('failure')}</option>
          </select>
        </label>
        <label className={label}>
          <span>{t('from', { zone })}</span>
          <input type="date" name="from" defaultValue={filter.from?.slice(0, 10) ?? ''} className={input} />
        </label>
        <label className={label}>
          <span>{t('to', { zone })}</span>
          <input type="date" name="to" defaultValue={filter.to?.slice(0, 10) ?? ''} className={input} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded-md bg-accent px-4 py-1.5 text-sm font-medium text-accent-fg">
            {t('apply')}
          </button>
          <a href={auditPagePath()} className="rounded-md border border-border px-4 py-1.5 text-sm text-fg">
            {t('reset')}
          </a>
        </div>
      </form>
      {bad && (
        <p role="alert" className="text-bad">
          {t('badFilter')}
        </p>
      )}
      <p className="text-sm text-muted">{entries.length === 0 ? t('none') : t('showing', { count: entries.length })}</p>
      {entries.length > 0 && (
        <RecordTable rows={entries} columns={columns} rowKey={(r) => r.id} caption={t('title')} testId="audit-table" />
      )}
      {(before !== undefined || older !== null) && (
        <nav aria-label={t('pages')} className="flex flex-wrap justify-between gap-2 text-sm">
          {before !== undefined ? (
            <a href={pageHref(null)} className="rounded-md border border-border px-3 py-1.5 text-fg">
              {t('newest')}
            </a>
          ) : (
            <span />
          )}
          {older !== null && (
            <a href={pageHref(older)} rel="next" className="rounded-md border border-border px-3 py-1.5 text-fg" data-testid="audit-older">
              {t('older')}
            </a>
          )}
        </nav>
      )}
    </div>
  );
}
