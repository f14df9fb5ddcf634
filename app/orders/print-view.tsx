import 'server-only';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { forbidden } from 'next/navigation';
import type { ReactNode } from 'react';
import { PrintButton } from '@/components/orders/print-button';
import { orderPagePath } from '@/lib/query/orders';
import { toAppError } from '@/lib/api/responses';
import { can } from '@/lib/api/roles';
import { requirePageUser } from '@/lib/auth/access';
import { printableOrder, type Printable } from '@/lib/history';
import type { Label } from '@/lib/orders/labels';
import { formatInstant } from '@/lib/orders/format';
import type { OrderKind } from '@/lib/orders/ids';
import { formatCny, groupDigits } from '@/lib/orders/money';
import type { ServiceProviderOrder } from '@/lib/orders/service-provider';
import type { ProfitSharing, Refund, ShopOrder } from '@/lib/orders/shop';
import { requestInfo } from '@/lib/request-info';

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * `/orders/{kind}/{id}/print`: the order as Order Desk last kept it (its newest version), for A4
 * paper or "Save as PDF": the as-of time, the shop, every id in full, every list, the history with
 * each version's SHA-256; no navigation or buttons in print. Asks WeChat nothing; audited as
 * `order.evidence`.
 */
export async function PrintView({ kind, idInUrl, searchParams }: { kind: OrderKind; idInUrl: string; searchParams: SearchParams }) {
  const id = decodeURIComponent(idInUrl);
  const named = Array.isArray(searchParams.shop) ? searchParams.shop[0] : searchParams.shop;
  const shop = kind === 'shop' && named ? named : null;
  const user = await requirePageUser(`${orderPagePath(kind, id, shop).replace(/(\?|$)/, '/print$1')}`);
  if (!can(user.role, 'order.lookup')) forbidden();
  const t = await getTranslations('print');
  const tHistory = await getTranslations('order.history');
  const zh = (await getLocale()) === 'zh-CN';
  const zone = (await getTimeZone()) ?? 'Asia/Shanghai';
  const time = (instant: string | null) => (instant ? formatInstant(instant, zone) : '—');
  let printable: Printable;
  try {
    printable = await printableOrder(user, requestInfo(await headers()), kind, id, shop);
  } catch (error) {
    const appError = toAppError(error);
    return <p role="alert">{zh ? appError.messages.zh : appError.messages.en}</p>;
  }
  const { newest, order, versions } = printable;
  return (
    <article className="print-view mx-auto max-w-4xl space-y-5 text-sm" data-testid="print-view">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p className="text-muted">Order Desk · {t('title')}</p>
          <h1 className="break-all font-mono text-xl font-semibold" data-testid="print-id">
            {id}
          </h1>
          <p>{kind === 'shop' ? t('kindShop') : t('kindServiceProvider')}</p>
        </div>
        <div data-print-hidden>
          <PrintButton label={t('print')} />
        </div>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <Row label={t('asOf')}>{newest ? time(newest.lastSeenAt) : '—'}</Row>
        {printable.shop ? (
          <Row label={t('shop')}>
            {printable.shop.name} ({printable.shop.id})
          </Row>
        ) : null}
        {newest ? (
          <>
            <Row label={t('appId')}>{newest.appId ?? '—'}</Row>
            <Row label={t('version')}>
              {newest.id} · {t('firstReceived')} {time(newest.firstSeenAt)}
            </Row>
            <Row label="SHA-256">
              <span className="break-all font-mono" data-testid="print-sha256">
                {newest.sha256}
              </span>{' '}
              ({t('bytes', { bytes: newest.bytes })})
            </Row>
          </>
        ) : null}
        <Row label={t('printedAt')}>{time(new Date().toISOString())}</Row>
      </dl>
      {!newest ? <p>{t('none')}</p> : null}
      {order?.kind === 'shop' ? <ShopPrint order={order} zh={zh} time={time} t={t} /> : null}
      {order?.kind === 'service-provider' ? <ServiceProviderPrint order={order} zh={zh} time={time} t={t} /> : null}
      {newest && !order ? <p>{t('unreadable')}</p> : null}
      {versions.length > 0 ? (
        <section className="break-inside-auto">
          <h2 className="mb-2 text-base font-semibold">{t('history')}</h2>
          <ol className="space-y-2" data-testid="print-history">
            {versions.map((v, i) => (
              <li key={v.id} className="break-inside-avoid border-t border-border pt-2">
                <p className="font-medium">
                  {t('versionLine', { id: v.id, first: time(v.firstSeenAt), last: time(v.lastSeenAt), via: tHistory(`vias.${v.via}` as 'vias.api') })}
                </p>
                <ul className="list-disc pl-5">
                  {v.changes === null ? <li>{t('unreadable')}</li> : v.changes.length === 0 ? <li>{i === versions.length - 1 ? t('firstKept') : t('noChange')}</li> : v.changes.map((c, j) => <li key={j}>{zh ? c.zh : c.en}</li>)}
                </ul>
                <p className="break-all font-mono text-xs">SHA-256 {v.sha256}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <p className="text-xs text-muted">{t('note')}</p>
    </article>
  );
}

type T = Awaited<ReturnType<typeof getTranslations<'print'>>>;
type Time = (instant: string | null) => string;

function Fields({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
      {rows.map(([name, value]) => (
        <Row key={name} label={name}>
          {value}
        </Row>
      ))}
    </dl>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

const label = (l: Label | null, zh: boolean) => (l ? `${zh ? l.zh : l.en} (${l.code})` : '—');

function Table({ head, rows, testId }: { head: string[]; rows: ReactNode[][]; testId: string }) {
  return (
    <table className="w-full border-collapse text-xs" data-testid={testId}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} className="border border-border px-1 py-0.5 text-left">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i} className="break-inside-avoid">
            {row.map((cell, j) => (
              <td key={j} className="break-all border border-border px-1 py-0.5 align-top font-mono">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ShopPrint({ order, zh, time, t }: { order: ShopOrder; zh: boolean; time: Time; t: T }) {
  return (
    <>
      <Fields
        rows={[
          [t('state'), label(order.state, zh)],
          [t('amount'), formatCny(order.amountFen)],
          [t('transactionId'), order.transactionId ?? '—'],
          [t('combineTradeNo'), order.combineTradeNo ?? '—'],
          [t('mchId'), order.mchId ?? '—'],
          [t('description'), order.description ?? '—'],
          [t('created'), time(order.createdAt)],
          [t('paid'), time(order.paidAt)],
          [t('closeStatus'), label(order.closeStatus, zh)],
          [t('refunded'), formatCny(order.refundTotals.succeededFen)],
          [t('remaining'), order.remainingFen === null ? '—' : formatCny(order.remainingFen)],
          [t('shared'), formatCny(order.profitSharingTotals.succeededFen)],
        ]}
      />
      <Records
        title={t('refunds', { count: order.refunds.length })}
        testId="print-refunds"
        head={[t('refundNo'), t('refundId'), t('amount'), t('requested'), t('finished'), t('result')]}
        records={order.refunds.map((r) => ({ ...r, no: r.refundNo, id: r.refundId }))}
        zh={zh}
        time={time}
      />
      <Records
        title={t('sharings', { count: order.profitSharing.length })}
        testId="print-sharings"
        head={[t('sharingNo'), t('sharingId'), t('amount'), t('requested'), t('finished'), t('result')]}
        records={order.profitSharing.map((s) => ({ ...s, no: s.profitSharingNo, id: s.profitSharingId }))}
        zh={zh}
        time={time}
      />
    </>
  );
}

/** Refunds or profit sharings: every record, ids in full. */
function Records({ title, testId, head, records, zh, time }: { title: string; testId: string; head: string[]; records: Array<(Refund | ProfitSharing) & { no: string; id: string }>; zh: boolean; time: Time }) {
  return (
    <section>
      <h2 className="mb-2 text-base font-semibold">{title}</h2>
      {records.length > 0 ? (
        <Table
          testId={testId}
          head={head}
          rows={records.map((r) => [r.no, r.id, formatCny(r.amountFen), time(r.requestedAt), time(r.finishedAt), `${zh ? r.outcome.zh : r.outcome.en}${r.result ? ` (${r.result})` : ''}${r.failReason ? ` · ${r.failReason}` : ''}`])}
        />
      ) : null}
    </section>
  );
}

function ServiceProviderPrint({ order, zh, time, t }: { order: ServiceProviderOrder; zh: boolean; time: Time; t: T }) {
  return (
    <Fields
      rows={[
        [t('state'), label(order.status, zh)],
        [t('amount'), formatCny(order.priceFen)],
        [t('product'), [order.product.spuName, order.product.skuName, order.product.spuId, order.product.skuId].filter(Boolean).join(' · ') || '—'],
        [t('created'), time(order.createdAt)],
        [t('paid'), time(order.payment.paidAt)],
        [t('validity'), `${time(order.validity.from)} → ${time(order.validity.until)}`],
        [t('usage'), order.usage ? `${groupDigits(order.usage.used)} / ${groupDigits(order.usage.all)}` : '—'],
        [t('invoice'), order.invoice ? `${label(order.invoice.status, zh)} · ${time(order.invoice.requestedAt)}` : '—'],
      ]}
    />
  );
}
