'use client';

import { NextIntlClientProvider, useTranslations } from 'next-intl';
import Link from 'next/link';
import type { SearchAnswer, SearchMatch } from '@/lib/api/contract';
import type { ClientIntl } from '@/lib/intl-config';
import { idFits } from '@/lib/orders/ids';
import type { ApiError } from '@/lib/query/api-client';
import { useDisplay } from '../orders/use-display';
import type { RequestResult } from '../use-request';

/** What the search box asks the order index for. */
export type SearchVariables = { q: string; asTradeNumber?: boolean };

type Props = { search: RequestResult<SearchAnswer, ApiError, SearchVariables>; onOpen: (match: SearchMatch) => void };

/** Loaded by the search box when it first searches, with the words it needs (`intl`) from the server. */
export default function SearchResultWithIntl({ intl, ...props }: Props & { intl: ClientIntl }) {
  return (
    <NextIntlClientProvider {...intl}>
      <SearchResult {...props} />
    </NextIntlClientProvider>
  );
}

/**
 * What a search of the order index found, when it is not one order (one opens at once): the
 * orders to choose from, or why nothing was found and how to find the trade number.
 */
function SearchResult({ search, onOpen }: Props) {
  const t = useTranslations('search');
  const d = useDisplay();
  if (search.isError) {
    const body = search.error.body;
    const message = body ? (d.locale === 'zh-CN' ? `${body.zh.message} ${body.zh.action}` : `${body.message} ${body.action}`) : search.error.message;
    return (
      <p role="alert" className="text-sm text-bad" data-testid="search-failed">
        {t('failed', { message })}
      </p>
    );
  }
  if (!search.isSuccess) return null;
  const { query, matches, lookedUpIn, tried } = search.data;
  if (matches.length === 0) {
    return (
      <div role="status" className="space-y-1 rounded-lg border border-border bg-surface p-3 text-sm" data-testid="search-no-match">
        {lookedUpIn && <p>{t('noShopHas', { id: query, shops: lookedUpIn.map((s) => s.name).join(d.locale === 'zh-CN' ? '、' : ', ') })}</p>}
        {/* Shaped like a WeChat Pay id and asked as a trade number in vain: how to find its order's trade number still helps. */}
        {(!lookedUpIn || idFits(query).payId) && <p>{t('noMatch', { id: query })}</p>}
        <Tried tried={tried} />
      </div>
    );
  }
  if (matches.length === 1 && !matches[0]!.problem) return null;
  return (
    <section aria-labelledby="matches-heading" className="space-y-2" data-testid="search-matches">
      <h2 id="matches-heading" className="text-sm font-semibold">
        {t('matches', { count: matches.length, id: query })}
      </h2>
      <Tried tried={tried} />
      <ul className="divide-y divide-border rounded-lg border border-border bg-surface">
        {matches.map((m) => (
          <li key={`${m.kind}:${m.shop ?? ''}:${m.id}`}>
            <MatchLink match={m} onOpen={onOpen} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Each way the query was just asked of WeChat (service provider, then each shop), and what it said. */
function Tried({ tried }: { tried: SearchAnswer['tried'] }) {
  const t = useTranslations('search');
  const tKind = useTranslations('kind');
  const d = useDisplay();
  if (!tried || tried.length === 0) return null;
  const list = tried
    .map((one) => `${tKind(one.kind)}${one.shopName ? ` (${one.shopName})` : ''}: ${t(`triedSaid.${one.said}`)}`)
    .join(d.locale === 'zh-CN' ? '；' : '; ');
  return (
    <p className="text-xs text-muted" data-testid="search-tried">
      {t('tried', { list })}
    </p>
  );
}

function MatchLink({ match: m, onOpen }: { match: SearchMatch; onOpen: (match: SearchMatch) => void }) {
  const t = useTranslations('search');
  const tKind = useTranslations('kind');
  const d = useDisplay();
  return (
    <Link
      href={m.href}
      onClick={(event) => {
        event.preventDefault();
        onOpen(m);
      }}
      className="flex flex-col gap-1 px-3 py-2 hover:bg-surface-2 sm:flex-row sm:items-center sm:justify-between"
    >
      <span className="min-w-0">
        <span className="block break-all font-mono text-sm">{m.id}</span>
        <span className="block text-xs text-muted">
          {tKind(m.kind)}
          {m.shop && ` · ${t('shop', { shop: m.shopName ?? m.shop })}`} · {t('matchedBy', { on: t(`matchedOn.${m.matchedOn}`) })}
        </span>
        {m.problem && (
          <span className="block text-xs text-warn" data-testid="match-problem">
            {t('lookupProblem', { problem: d.locale === 'zh-CN' ? m.problem.zh : m.problem.en })}
          </span>
        )}
      </span>
      <span className="shrink-0 text-sm sm:text-right">
        {m.stateLabel && m.amountFen !== null ? (
          <>
            <span className="font-medium">{d.locale === 'zh-CN' ? m.stateLabel.zh : m.stateLabel.en}</span> · <span className="tabular-nums">{d.money(m.amountFen)}</span>
          </>
        ) : null}
        <span className="block text-xs text-muted">
          {m.notFoundAt
            ? m.notFoundErrcode !== undefined
              ? t('parameterErrorAt', { time: d.time(m.notFoundAt), errcode: m.notFoundErrcode })
              : t('notFoundSince', { time: d.time(m.notFoundAt) })
            : m.lastSeenAt ? t('lastSeen', { time: d.time(m.lastSeenAt) }) : t('notSeen')}
        </span>
      </span>
    </Link>
  );
}
