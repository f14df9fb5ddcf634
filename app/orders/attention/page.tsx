import type { Metadata } from 'next';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { orderPageOf, shopName } from '@/lib/shops';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { serverEnv } from '@/lib/env/server';
import { headers } from 'next/headers';
import type { AttentionLine } from '@/lib/api/contract';
import { attentionFor } from '@/lib/order-index';
import { requestInfo } from '@/lib/request-info';
import { stateText } from '@/lib/order-index/entry';
import { formatInstant } from '@/lib/orders/format';
import { formatCny } from '@/lib/orders/money';
import { attentionPagePath, attentionRecheckPath } from '@/lib/query/pages';

export const metadata: Metadata = { title: 'Needs attention' };

/**
 * The seen orders a finance person should act on, each with why and as of when (the index is as
 * fresh as each order's last lookup), and "check these again" to look them all up afresh as a batch.
 */
export default async function AttentionPage() {
  const user = await requirePageUser(attentionPagePath);
  if (!can(user.role, 'orders.list')) forbidden();
  const t = await getTranslations('attention');
  const tKind = await getTranslations('kind');
  const zone = await getTimeZone();
  const locale = await getLocale();
  const refundDays = serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS;
  const lines = await attentionFor(user, requestInfo(await headers()), refundDays);
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
        {lines.length > 0 && can(user.role, 'finance.batch') && (
          <form method="post" action={attentionRecheckPath}>
            <button type="submit" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg" data-testid="attention-recheck">
              {t('recheck', { count: lines.length })}
            </button>
          </form>
        )}
      </div>
      <p className="text-sm text-muted" data-testid="attention-count">
        {lines.length === 0 ? t('none') : t('count', { count: lines.length })}
      </p>
      {lines.length > 0 && <RecordTable rows={lines} columns={columns} rowKey={({ order: o }) => `${o.kind}:${o.shop ?? ''}:${o.orderId}`} caption={t('title')} testId="attention-table" />}
    </div>
  );
}
