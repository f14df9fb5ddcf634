import { ShopSelect } from '@/components/ui/shop-select';
import type { Metadata } from 'next';
import { getTimeZone, getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { PageHeading } from '@/components/ui/page-heading';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { clientIntl } from '@/lib/intl-config';
import { ledgerCsvPath, ledgerPagePath, ledgerXlsxPath } from '@/lib/query/ledger';
import { ledgerRangeOf, ledgerRangeQuery, todayIn } from '@/lib/query/ledger-range';
import { shopName, shops } from '@/lib/shops';
import { LedgerPart } from './parts';

export const metadata: Metadata = { title: 'Ledger' };

/**
 * The day ledger (issue 23, docs/ledger.md): the range and shop are the page's query string (a
 * plain GET form, so it works before any JavaScript); the figures, the chart and the orders behind
 * a figure are the client part's (GET /api/ledger, /api/ledger/orders).
 */
export default async function LedgerPage({ searchParams }: PageProps<'/ledger'>) {
  const params = await searchParams;
  const zone = await getTimeZone();
  const range = ledgerRangeOf(params, todayIn(zone));
  const query = ledgerRangeQuery(range);
  const user = await requirePageUser(`${ledgerPagePath}?${query}`);
  if (!can(user.role, 'orders.list')) forbidden();
  const t = await getTranslations('ledger');
  const allShops = shops();
  const shopNames = Object.fromEntries(allShops.map((shop) => [shop.id, shop.name]));
  const api = { from: range.from, to: range.to, shop: range.shop };
  const preset = (days: '30' | '90') => `${ledgerPagePath}?${ledgerRangeQuery({ preset: days, shop: range.shop })}`;

  const input = 'w-full rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-fg';
  const label = 'min-w-0 space-y-1 text-xs font-medium text-muted';
  const link = 'rounded-lg border border-border px-3 py-1.5 text-sm font-medium hover:bg-surface-2';
  return (
    // data-wide-page: the page takes the window's width (app/layout.tsx), so the table has room for 64-bit figures.
    <div className="space-y-5" data-wide-page>
      <PageHeading title={t('title')} intro={t('intro', { zone })} />
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <form method="get" action={ledgerPagePath} className="space-y-3 rounded-xl border border-border bg-surface p-4" aria-label={t('range')} data-testid="ledger-range">
          <div className="flex flex-wrap gap-2">
            {(['30', '90'] as const).map((days) => (
              <a
                key={days}
                href={preset(days)}
                aria-current={range.preset === days ? 'page' : undefined}
                className={`${link} ${range.preset === days ? 'border-accent bg-accent text-accent-fg hover:bg-accent' : 'text-fg'}`}
                data-testid={`ledger-last-${days}`}
              >
                {t(days === '30' ? 'last30' : 'last90')}
              </a>
            ))}
          </div>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-[repeat(4,minmax(0,1fr))_auto]">
            <label className={label}>
              <span>{t('range')}</span>
              <select name="range" defaultValue={range.preset} className={input}>
                <option value="30">{t('last30')}</option>
                <option value="90">{t('last90')}</option>
                <option value="custom">{t('custom')}</option>
              </select>
            </label>
            <label className={label}>
              <span>{t('shop')}</span>
              <ShopSelect shops={allShops} value={range.shop} anyLabel={t('allShops')} className={input} testId="ledger-shop" />
            </label>
            <label className={label}>
              <span>{t('from')}</span>
              <input type="date" name="from" defaultValue={range.from} className={input} data-testid="ledger-from" />
            </label>
            <label className={label}>
              <span>{t('to')}</span>
              <input type="date" name="to" defaultValue={range.to} className={input} data-testid="ledger-to" />
            </label>
            <div className="col-span-2 flex items-end sm:col-span-1">
              <button type="submit" className="rounded-md bg-accent px-4 py-1.5 text-sm font-medium text-accent-fg" data-testid="ledger-show">
                {t('show')}
              </button>
            </div>
          </div>
          <p className="text-xs text-muted" data-testid="ledger-range-shown">
            {t('rangeShown', { from: range.from, to: range.to, zone })}
          </p>
        </form>
        <section aria-labelledby="ledger-downloads" className="space-y-2 rounded-xl border border-border bg-surface p-4">
          <h2 id="ledger-downloads" className="text-sm font-semibold">
            {t('downloads')}
          </h2>
          <p className="text-xs text-muted">{t('downloadsRange', { from: range.from, to: range.to, shop: range.shop ? shopName(range.shop) : t('allShops') })}</p>
          <div className="flex flex-wrap gap-2">
            <a href={ledgerCsvPath(api)} className={link} data-testid="ledger-csv-days" download>
              {t('csvDays')}
            </a>
            <a href={ledgerCsvPath({ ...api, rows: 'orders' })} className={link} data-testid="ledger-csv-orders" download>
              {t('csvOrders')}
            </a>
            <a href={ledgerXlsxPath(api)} className={link} data-testid="ledger-xlsx" download>
              {t('xlsx')}
            </a>
          </div>
        </section>
      </div>
      <LedgerPart intl={await clientIntl(['ledger'])} params={api} shopNames={shopNames} />
    </div>
  );
}
