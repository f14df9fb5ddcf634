import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { ZodError } from 'zod';
import { Pager } from '@/components/ui/pager';
import { ShopSelect } from '@/components/ui/shop-select';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { orderPageOf, shopName, shops } from '@/lib/shops';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import type { IndexedOrderView } from '@/lib/api/contract';
import { orderFilterParams, orderFilterSchema, ordersPage, type OrderFilter } from '@/lib/order-index';
import { stateText } from '@/lib/order-index/entry';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import { attentionPagePath, ordersCsvPath, ordersPagePath } from '@/lib/query/pages';
import { requestInfo } from '@/lib/request-info';

export const metadata: Metadata = { title: 'Orders' };

const PAGE_SIZE = 50;
const STATES = ['paid', 'partly-refunded', 'refunded', 'unpaid', 'closed', 'awaiting-payment', 'timed-out', 'refunding', 'refund-failed', 'cancelled'] as const;

/** Orders Order Desk has seen (the order index), filtered, sorted and paged on the server; each page is audited. */
export default async function OrdersPage({ searchParams }: PageProps<'/orders'>) {
  const params = await searchParams;
  const query = new URLSearchParams(Object.entries(orderFilterParams(params)).flatMap(([k, v]) => (v ? [[k, v]] : [])));
  const user = await requirePageUser(ordersPagePath(query));
  if (!can(user.role, 'orders.list')) forbidden();
  const t = await getTranslations('orderList');
  const tKind = await getTranslations('kind');
  const zone = await getTimeZone();
  const locale = await getLocale();

  let filter: OrderFilter | null = null;
  try {
    filter = orderFilterSchema.parse(orderFilterParams(params));
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
  }
  const { orders, total } = filter ? await ordersPage(user, requestInfo(await headers()), filter, zone, PAGE_SIZE) : { orders: [], total: 0 };
  const page = filter?.page ?? 1;
  const pageHref = (n: number) => {
    const next = new URLSearchParams(query);
    next.delete('page');
    if (n > 1) next.set('page', String(n));
    return ordersPagePath(next);
  };
  const csvQuery = new URLSearchParams(query);
  csvQuery.delete('page');
  const csvHref = ordersCsvPath(csvQuery);
  const time = (at: string | null) => (at ? formatInstant(at, zone) : '—');

  const input = 'w-full rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-fg';
  const label = 'space-y-1 text-xs font-medium text-muted';
  const columns: Column<IndexedOrderView>[] = [
    {
      label: t('order'),
      cell: (o) => (
        <>
          <a href={orderPageOf(o.kind, o.orderId, o.shop)} className="break-all font-mono text-xs text-accent underline-offset-2 hover:underline">
            {o.orderId}
          </a>
          <span className="block text-xs text-muted">
            {tKind(o.kind)}
            {o.shop ? ` · ${shopName(o.shop)}` : ''}
          </span>
        </>
      ),
    },
    {
      label: t('state'),
      cell: (o) => (
        <>
          {stateText(o, locale)}
          {o.notFoundAt && (
            <span className="block text-xs text-bad" data-testid="index-problem">
              {o.notFoundErrcode === null ? t('notFoundSince', { time: time(o.notFoundAt) }) : t('parameterErrorAt', { time: time(o.notFoundAt), errcode: o.notFoundErrcode })}
            </span>
          )}
        </>
      ),
    },
    { label: t('amount'), numeric: true, cell: (o) => <span className="tabular-nums">{formatCny(o.amountFen)}</span> },
    { label: t('paidAt'), cell: (o) => <span className="whitespace-nowrap font-mono text-xs">{time(o.paidAt)}</span> },
    {
      label: t('flags'),
      cell: (o) => (
        <span className="text-xs">
          {[(o.refundInProgress || o.refundInProgressSince) && t('refundInProgress'), o.refundFailed && t('refundFailed'), o.sharingFailed && t('sharingFailed')].filter(Boolean).join(' · ') || '—'}
        </span>
      ),
    },
    {
      label: t('lastSeen'),
      cell: (o) => (
        <>
          <span className="whitespace-nowrap font-mono text-xs">{time(o.lastSeenAt)}</span>
          <span className="block text-xs text-muted" data-testid="learned-by">
            {o.learnedBy ? t(`learnedBy_${o.learnedBy}`) : t('learnedBy_unknown')}
            {o.syncedAt ? ` · ${t('syncedAt', { time: time(o.syncedAt) })}` : ''}
          </span>
        </>
      ),
    },
  ];
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
          <p className="text-sm text-muted">{t('intro')}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={attentionPagePath} className="rounded-lg border border-border px-4 py-2 text-sm font-medium text-fg">
            {t('attention')}
          </a>
          <a href={csvHref} className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg" data-testid="orders-csv">
            {t('csv')}
          </a>
        </div>
      </div>
      <form method="get" className="grid grid-cols-1 gap-3 rounded-xl border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label={t('filters')}>
        <label className={label}>
          <span>{t('kind')}</span>
          <select name="kind" defaultValue={filter?.kind ?? ''} className={input}>
            <option value="">{t('any')}</option>
            <option value="shop">{tKind('shop')}</option>
            <option value="service-provider">{tKind('service-provider')}</option>
          </select>
        </label>
        <label className={label}>
          <span>{t('shop')}</span>
          <ShopSelect shops={shops()} value={filter?.shop} anyLabel={t('any')} className={input} />
        </label>
        <label className={label}>
          <span>{t('state')}</span>
          <select name="state" defaultValue={filter?.state ?? ''} className={input}>
            <option value="">{t('any')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`states.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="grid grid-cols-2 gap-2">
          <label className={label}>
            <span>{t('paidFrom', { zone })}</span>
            <input type="date" name="paidFrom" defaultValue={filter?.paidFrom ?? ''} className={input} />
          </label>
          <label className={label}>
            <span>{t('paidTo', { zone })}</span>
            <input type="date" name="paidTo" defaultValue={filter?.paidTo ?? ''} className={input} />
          </label>
        </div>
        <div className="grid grid-cols-2 gap-2">
          <label className={label}>
            <span>{t('amountMin')}</span>
            <input name="amountMin" inputMode="decimal" defaultValue={filter?.amountMin ?? ''} className={input} />
          </label>
          <label className={label}>
            <span>{t('amountMax')}</span>
            <input name="amountMax" inputMode="decimal" defaultValue={filter?.amountMax ?? ''} className={input} />
          </label>
        </div>
        <fieldset className="flex flex-col justify-end gap-1 text-sm">
          <legend className="sr-only">{t('flags')}</legend>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="refundsInProgress" value="1" defaultChecked={filter?.refundsInProgress === '1'} />
            {t('refundsInProgressFilter')}
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="sharingFailed" value="1" defaultChecked={filter?.sharingFailed === '1'} />
            {t('sharingFailedFilter')}
          </label>
        </fieldset>
        <div className="grid grid-cols-2 gap-2">
          <label className={label}>
            <span>{t('sort')}</span>
            <select name="sort" defaultValue={filter?.sort ?? 'lastSeen'} className={input}>
              <option value="lastSeen">{t('lastSeen')}</option>
              <option value="paid">{t('paidAt')}</option>
              <option value="amount">{t('amount')}</option>
            </select>
          </label>
          <label className={label}>
            <span>{t('dir')}</span>
            <select name="dir" defaultValue={filter?.dir ?? 'desc'} className={input}>
              <option value="desc">{t('desc')}</option>
              <option value="asc">{t('asc')}</option>
            </select>
          </label>
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded-md bg-accent px-4 py-1.5 text-sm font-medium text-accent-fg">
            {t('apply')}
          </button>
          <a href={ordersPagePath()} className="rounded-md border border-border px-4 py-1.5 text-sm text-fg">
            {t('reset')}
          </a>
        </div>
      </form>
      {!filter && (
        <p role="alert" className="text-bad" data-testid="filter-error">
          {t('badFilter')}
        </p>
      )}
      <p className="text-sm text-muted" data-testid="orders-count">
        {total === 0 ? t('none') : t('showing', { from: (page - 1) * PAGE_SIZE + 1, to: (page - 1) * PAGE_SIZE + orders.length, total })}
      </p>
      <p className="text-xs text-muted">{t('freshness')}</p>
      {orders.length > 0 && <RecordTable rows={orders} columns={columns} rowKey={(o) => `${o.kind}:${o.shop ?? ''}:${o.orderId}`} caption={t('title')} testId="orders-table" />}
      <Pager page={page} pages={pages} href={pageHref} labels={{ pages: t('pages'), previous: t('previous'), next: t('next'), page: t('page', { page, pages }) }} nextTestId="orders-next" />
    </div>
  );
}
