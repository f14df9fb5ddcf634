import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { searchLabels } from '@/components/search/labels';
import { RecentList } from '@/components/search/recent-list';
import { SearchBox } from '@/components/search/search-box';
import { attentionPagePath } from '@/lib/query/pages';
import { orderPagePath } from '@/lib/query/orders';
import { requirePageUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import { serverEnv } from '@/lib/env/server';
import { clientIntl } from '@/lib/intl-config';
import { attentionCounts, attentionReasons } from '@/lib/order-index';
import { shops } from '@/lib/shops';

const examples = [
  { kind: 'service-provider', id: 'DD2981741311549200000' },
  { kind: 'shop', id: '522346' },
] as const;

export default async function SearchPage() {
  const user = await requirePageUser('/');
  const t = await getTranslations('search');
  const tApp = await getTranslations('app');
  const tKind = await getTranslations('kind');
  const labels = await searchLabels();
  // What a search's result translates with: only its own namespaces, not every message.
  const resultIntl = await clientIntl(['search', 'kind']);
  return (
    <div className="mx-auto max-w-2xl space-y-8 pt-4 sm:pt-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{tApp('name')}</h1>
        <p className="text-muted">{tApp('tagline')}</p>
      </div>
      <div className="rounded-xl border border-border bg-surface p-4 shadow-sm sm:p-6">
        <SearchBox shops={shops()} labels={labels.box} intl={resultIntl} />
        <p className="mt-2 text-xs text-muted">{t('shortcut')}</p>
      </div>
      {can(user.role, 'orders.list') && <AttentionSummary />}
      <RecentList labels={labels.recent} />
      <section aria-labelledby="examples-heading" className="space-y-2">
        <h2 id="examples-heading" className="text-sm font-semibold text-muted">
          {t('examples')}
        </h2>
        <ul className="flex flex-wrap gap-2">
          {examples.map((e) => (
            <li key={e.id}>
              <Link href={orderPagePath(e.kind, e.id)} className="inline-flex items-center gap-2 rounded-full border border-border bg-surface px-3 py-1 text-sm hover:bg-surface-2">
                <span className="font-mono">{e.id}</span>
                <span className="text-muted">{tKind(e.kind)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** For finance and admin: how many seen orders need attention, by rule, linking to the list. */
async function AttentionSummary() {
  const t = await getTranslations('attention');
  const days = serverEnv().ORDER_DESK_ATTENTION_REFUND_DAYS;
  const counts = await attentionCounts(days);
  return (
    <section aria-labelledby="attention-heading" className="space-y-2" data-testid="attention-summary">
      <h2 id="attention-heading" className="text-sm font-semibold text-muted">
        {t('home')}
      </h2>
      <Link href={attentionPagePath} prefetch={false} className="block rounded-lg border border-border bg-surface px-3 py-2 hover:bg-surface-2">
        <span className={`font-medium ${counts.orders > 0 ? 'text-warn' : ''}`}>{t('homeCount', { count: counts.orders })}</span>
        {counts.orders > 0 && (
          <ul className="mt-1 space-y-0.5 text-sm text-muted">
            {attentionReasons
              .filter((r) => counts[r] > 0)
              .map((r) => (
                <li key={r} data-reason={r}>
                  {counts[r]} · {t(`short.${r}`, { days })}
                </li>
              ))}
          </ul>
        )}
      </Link>
    </section>
  );
}
