import type { Metadata } from 'next';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { Pager } from '@/components/ui/pager';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { orderPageOf, shopName } from '@/lib/shops';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { serverEnv } from '@/lib/env/server';
import { headers } from 'next/headers';
import type { AttentionLine } from '@/lib/api/contract';
import { ATTENTION_MAX, attentionCounts, attentionFor } from '@/lib/order-index';
import { requestInfo } from '@/lib/request-info';
import { stateText } from '@/lib/order-index/entry';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import { attentionPagePath, attentionRecheckPath } from '@/lib/query/pages';

export const metadata: Metadata = { title: 'Needs attention' };

const PAGE_SIZE = 100;
const PAGES = ATTENTION_MAX / PAGE_SIZE;

/** `?page=` (1 to PAGES) and `?order=` (one order's line), or null when either is malformed. */
function queryOf(params: Record<string, string | string[] | undefined>): { page: number; order: string | null } | null {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const page = one(params.page) ?? '1';
  const order = one(params.order)?.trim() ?? '';
  if (!/^[1-9][0-9]{0,3}$/.test(page) || Number(page) > PAGES) return null;
  if (order.length > 64 || /[\s\p{Cc}]/u.test(order)) return null;
  return { page: Number(page), order: order === '' ? null : order };
}

/**
 * The seen orders a finance person should act on, each with why and as of when (the index is as
 * fresh as each order's last lookup), a page of PAGE_SIZE at a time, and "check these again" to
 * look them all up afresh as a batch. `?order=` finds one order's line in the list.
 */
export default async function AttentionPage({ searchParams }: PageProps<'/orders/attention'>) {
  const query = queryOf(await searchParams);
  const user = await requirePageUser(attentionPagePath);
  if (!can(user.role, 'orders.list')) forbidden();
  const t = await getTranslations('attention');
  const tList = await getTranslations('orderList');
  const tKind = await getTranslations('kind');
  const zone = await getTimeZone();
  const locale = await getLocale();
  const refundDays = serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS;
  const page = query?.page ?? 1;
  const [lines, counts] = query
    ? await Promise.all([
        attentionFor(user, requestInfo(await headers()), refundDays, query.order ? { orderId: query.order } : { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
        attentionCounts(refundDays),
      ])
    : [[], { orders: 0 }];
  const total = counts.orders;
  const listed = Math.min(total, ATTENTION_MAX);
  const pages = Math.max(1, Math.ceil(listed / PAGE_SIZE));
  const pageHref = (n: number) => (n > 1 ? `${attentionPagePath}?page=${n}` : attentionPagePath);
  const time = (at: string | null) => (at ? formatInstant(at, zone) : '—');
  const columns: Column<AttentionLine>[] = [
    {
      label: t('order'),
      cell: ({ order: o }) => (
        <>
          <a href={orderPageOf(o.kind, o.orderId, o.shop)} className="break-all font-mono text-xs text-accent underline-offset-2 hover:underline">
            {o.orderId}
          </a>
          <span className="block text-xs text-muted">
            {tKind(o.kind)}
            {o.shop ? ` · ${shopName(o.shop)}` : ''} · {stateText(o, locale)} · {formatCny(o.amountFen)}
          </span>
          {/* WeChat since answered without the order: shown as a problem; the line keeps its last good reading. */}
          {o.notFoundAt && (
            <span className="block text-xs text-bad" data-testid="index-problem">
              {o.notFoundErrcode === null ? t('notFoundSince', { time: time(o.notFoundAt) }) : t('parameterErrorAt', { time: time(o.notFoundAt), errcode: o.notFoundErrcode })}
            </span>
          )}
        </>
      ),
    },
    {
      label: t('why'),
      cell: ({ order: o, reasons }) => (
        <ul className="space-y-0.5" data-testid="attention-reasons">
          {reasons.map((r) => (
            <li key={r} data-reason={r}>
              {t(r === 'refund-stuck' && o.refundInProgressSince === null ? 'reasons.refund-stuck-since-unknown' : `reasons.${r}`, {
                days: refundDays,
                since: time(o.refundInProgressSince),
                possible: time(o.sharingPossibleSince),
                until: time(o.validUntil),
              })}
            </li>
          ))}
        </ul>
      ),
    },
    { label: t('asOf'), cell: ({ order: o }) => <span className="whitespace-nowrap font-mono text-xs">{time(o.lastSeenAt)}</span> },
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
          <p className="text-sm text-muted">{t('intro')}</p>
        </div>
        {listed > 0 && can(user.role, 'finance.batch') && (
          <form method="post" action={attentionRecheckPath}>
            <button type="submit" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg" data-testid="attention-recheck">
              {t('recheck', { count: listed })}
            </button>
          </form>
        )}
      </div>
      <p className="text-sm text-muted" data-testid="attention-count">
        {total === 0 ? t('none') : t('count', { count: total })}
        {total > ATTENTION_MAX && <span className="block">{t('capped', { max: ATTENTION_MAX.toLocaleString(locale) })}</span>}
      </p>
      <form method="get" action={attentionPagePath} className="flex flex-wrap items-end gap-2" role="search">
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-muted">{t('findLabel')}</span>
          <input name="order" defaultValue={query?.order ?? ''} placeholder={t('findPlaceholder')} maxLength={64} className="w-72 max-w-full rounded-md border border-border bg-surface px-3 py-1.5 font-mono text-sm text-fg" data-testid="attention-find" />
        </label>
        <button type="submit" className="rounded-md border border-border px-4 py-1.5 text-sm text-fg">
          {t('find')}
        </button>
        {query?.order && (
          <a href={attentionPagePath} className="px-2 py-1.5 text-sm text-accent underline">
            {t('showAll')}
          </a>
        )}
      </form>
      {!query && (
        <p role="alert" className="text-bad" data-testid="filter-error">
          {t('badQuery', { pages: PAGES })}
        </p>
      )}
      {query?.order && lines.length === 0 && <p className="text-sm">{t('notListed', { id: query.order })}</p>}
      {query && !query.order && lines.length > 0 && (
        <p className="text-sm text-muted">{tList('showing', { from: (page - 1) * PAGE_SIZE + 1, to: (page - 1) * PAGE_SIZE + lines.length, total: listed })}</p>
      )}
      {lines.length > 0 && <RecordTable rows={lines} columns={columns} rowKey={({ order: o }) => `${o.kind}:${o.shop ?? ''}:${o.orderId}`} caption={t('title')} testId="attention-table" />}
      {query && !query.order && <Pager page={page} pages={pages} href={pageHref} labels={{ pages: tList('pages'), previous: tList('previous'), next: tList('next'), page: tList('page', { page, pages }) }} nextTestId="attention-next" />}
    </div>
  );
}
