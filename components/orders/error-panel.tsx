'use client';

import { NextIntlClientProvider, useLocale, useTranslations } from 'next-intl';
import type { ClientIntl } from '@/lib/intl-config';
import type { OrderKind } from '@/lib/orders/ids';
import type { ApiError } from '@/lib/query/api-client';

/** A failed lookup, in words staff understand: what happened, the errcode, what to do. */
type Props = { error: ApiError; kind: OrderKind; id: string; onRetry: () => void; retrying: boolean };

export default function ErrorPanelWithIntl({ intl, ...props }: Props & { intl: ClientIntl }) {
  return (
    <NextIntlClientProvider {...intl}>
      <ErrorPanel {...props} />
    </NextIntlClientProvider>
  );
}

function ErrorPanel({ error, kind, id, onRetry, retrying }: Props) {
  const t = useTranslations('error');
  const tKind = useTranslations('kind');
  const zh = useLocale() === 'zh-CN';
  const body = error.body;
  const notFound = body?.code === 'not_found';
  // An empty answer says "no such order"; an errcode (10120002, "parameter error") only suggests it, so its own words are shown.
  const emptyAnswer = notFound && body.errcode === undefined;
  const message = emptyAnswer
    ? t('notFound', { kind: tKind(kind), id })
    : body
      ? zh
        ? body.zh.message
        : body.message
      : t('network');
  const action = body ? (zh ? body.zh.action : body.action) : null;

  return (
    <div role="alert" data-testid="order-error" data-code={body?.code ?? 'network'} className="rounded-xl border border-bad/40 bg-bad-bg p-5 text-fg">
      <h2 className="text-lg font-semibold text-bad">{emptyAnswer ? t('notFoundTitle') : notFound ? t('notReturnedTitle') : t('title')}</h2>
      <p className="mt-2 break-words">{message}</p>
      {emptyAnswer && <p className="mt-1 text-sm text-muted">{zh ? body.zh.message : body.message}</p>}
      {action && (
        <p className="mt-2 text-sm">
          <span className="font-semibold">{t('whatToDo')}: </span>
          {action}
        </p>
      )}
      {body?.errcode !== undefined && (
        <p className="mt-2 font-mono text-xs text-muted" data-testid="error-errcode">
          {t('errcode', { errcode: body.errcode })}
          {body.errmsg ? ` · ${body.errmsg}` : ''} · HTTP {error.status}
        </p>
      )}
      <button type="button" onClick={onRetry} disabled={retrying} className="mt-4 rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg disabled:opacity-60">
        {t('retry')}
      </button>
    </div>
  );
}
