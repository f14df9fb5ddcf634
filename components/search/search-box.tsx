'use client';

import { useRouter } from 'next/navigation';
import { Suspense, lazy, useId, useState, type FormEvent } from 'react';
import type { SearchAnswer } from '@/lib/api/contract';
import { orderPagePath } from '@/lib/query/orders';
import { searchApiPath } from '@/lib/query/search';
import { fetchJson, type ApiError } from '@/lib/query/api-client';
import type { ClientIntl } from '@/lib/intl-config';
import { cleanPastedId, isValidOrderId, looksLikeServiceProviderExample, normalisePastedId, recognise, type OrderKind } from '@/lib/orders/ids';
import { fill } from '@/lib/text/slots';
import { useEarlyInput } from '../ui/use-early-input';
import { SEARCH_INPUT_ID } from '../slash-shortcut';
import { useRequest } from '../use-request';
import type { SearchLabels } from './labels';
import type { SearchVariables } from './search-result';

// Only a search shows a result: its code (and the i18n runtime it brings) is not part of the page's first JavaScript.
const loadResult = () => import('./search-result');
const SearchResult = lazy(loadResult);

type KindChoice = 'auto' | OrderKind;
type Tone = 'info' | 'warn' | 'error';
/** An order page to open, or an id to look for in the order index (which also knows the order's own ids). */
type Target = { kind: OrderKind; id: string } | { search: string };

/**
 * What the box thinks of the current input: where Enter goes (an order page, or a search of the
 * order index), or why it cannot go anywhere.
 */
type NoteKey = keyof SearchLabels['box']['notes'];

function judge(input: string, choice: KindChoice): { target?: Target; note?: { key: NoteKey; tone: Tone; values?: { id?: string; kind?: OrderKind } } } {
  if (choice !== 'auto') {
    const id = cleanPastedId(input);
    if (!id) return {};
    if (!isValidOrderId(choice, id)) return { note: { key: 'malformedForKind', tone: 'error', values: { id, kind: choice } } };
    // The document shows only an example id; one unlike it is still looked up, with a warning.
    if (choice === 'service-provider' && !looksLikeServiceProviderExample(id)) return { target: { kind: choice, id }, note: { key: 'unlikeExample', tone: 'warn', values: { id } } };
    return { target: { kind: choice, id } };
  }
  const seen = recognise(normalisePastedId(input));
  switch (seen.kind) {
    case 'empty':
      return {};
    case 'service-provider':
    case 'shop':
      return { target: { search: seen.id }, note: { key: 'detected', tone: 'info', values: { kind: seen.kind } } };
    case 'transaction-id':
      return { target: { search: seen.id }, note: { key: 'transactionId', tone: 'info' } };
    case 'refund-id':
      return { target: { search: seen.id }, note: { key: 'refundId', tone: 'info' } };
    case 'profit-sharing-id':
      return { target: { search: seen.id }, note: { key: 'profitSharingId', tone: 'info' } };
    case 'malformed':
      return { note: { key: 'malformed', tone: 'error', values: { id: seen.id } } };
  }
}

/**
 * `shops`: the shops configured; with more than one, a picker (none chosen: a trade number is
 * looked up in every shop). `labels`: the words, from the server (components/search/labels.ts);
 * `intl`: what the result of a search translates with.
 */
export function SearchBox({ shops, labels: t, intl }: { shops: { id: string; name: string }[]; labels: SearchLabels['box']; intl: ClientIntl }) {
  const router = useRouter();
  const [input, setInput] = useState('');
  const [choice, setChoice] = useState<KindChoice>('auto');
  const [shop, setShop] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const formRef = useEarlyInput({ id: setInput, kind: (value) => setChoice(value as KindChoice), shop: setShop });
  const noteId = useId();
  const { target, note } = judge(input, choice);
  const showNote = note && (note.tone !== 'error' || submitted || input.length > 3);
  const emptyError = submitted && !input.trim();

  // Remembered as its page will remember it: with the shop its URL names, if any.
  const open = (kind: OrderKind, id: string, href = orderPagePath(kind, id, shop || null)) => {
    const shopOf = kind === 'shop' ? new URL(href, window.location.origin).searchParams.get('shop') : null;
    void import('./recent-lookups').then((m) => m.rememberLookup(kind, id, shopOf));
    router.push(href);
  };
  const search = useRequest<SearchAnswer, ApiError, SearchVariables>({
    request: ({ q, asTradeNumber }) =>
      fetchJson<SearchAnswer>(searchApiPath(q, { shop, asTradeNumber })),
    onSuccess: ({ matches }) => {
      const [only] = matches;
      // One order opens at once; a shop that could not be checked is shown with its problem instead.
      if (matches.length === 1 && only && !only.problem) open(only.kind, only.id, only.href);
    },
  });

  // The result's code downloads alongside the request.
  function ask(variables: SearchVariables) {
    void loadResult();
    search.mutate(variables);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!target) return;
    if ('search' in target) ask({ q: target.search });
    // A trade number with several shops and none chosen: every shop is asked, as for a detected one.
    else if (target.kind === 'shop' && shops.length > 1 && !shop) ask({ q: target.id, asTradeNumber: true });
    else open(target.kind, target.id);
  }

  function change(value: string) {
    setInput(value);
    if (!search.isIdle) search.reset();
  }

  function pickShop(value: string) {
    setShop(value);
    if (!search.isIdle) search.reset();
  }

  const noteText = note ? fill(t.notes[note.key], { id: note.values?.id ?? '', kind: note.values?.kind ? t.kinds[note.values.kind] : '' }) : '';

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-3" role="search">
      <label htmlFor={SEARCH_INPUT_ID} className="block text-sm font-medium">
        {t.label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={SEARCH_INPUT_ID}
          name="id"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={input}
          onChange={(e) => change(e.target.value)}
          placeholder={t.placeholder}
          aria-describedby={noteId}
          aria-invalid={Boolean(emptyError || (showNote && note?.tone === 'error'))}
          className="min-w-0 flex-1 rounded-lg border border-border bg-surface px-3 py-2.5 font-mono text-base text-fg placeholder:font-sans placeholder:text-muted"
        />
        <button type="submit" className="rounded-lg bg-accent px-5 py-2.5 font-medium text-accent-fg hover:opacity-90">
          {t.submit}
        </button>
      </div>
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <legend className="sr-only">{t.kind}</legend>
        {(
          [
            ['auto', t.kindAuto],
            ['service-provider', t.kindServiceProvider],
            ['shop', t.kindShop],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-1.5">
            <input type="radio" name="kind" value={value} checked={choice === value} onChange={() => setChoice(value)} />
            {label}
          </label>
        ))}
        {shops.length > 1 && (
          <label className="flex items-center gap-1.5 sm:ml-auto">
            {t.shopPicker}
            <select
              name="shop"
              value={shop}
              onChange={(e) => pickShop(e.target.value)}
              disabled={choice === 'service-provider'}
              className="rounded-md border border-border bg-surface px-2 py-1 text-sm text-fg disabled:opacity-50"
              data-testid="shop-picker"
            >
              <option value="">{t.allShops}</option>
              {shops.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>
      <p id={noteId} role="status" aria-live="polite" className={`min-h-5 text-sm ${note?.tone === 'error' || emptyError ? 'text-bad' : note?.tone === 'warn' ? 'text-warn' : 'text-muted'}`} data-testid="search-note">
        {emptyError ? t.empty : search.isPending ? t.searching : showNote ? noteText : ''}
      </p>
      {!search.isIdle && (
        <Suspense fallback={null}>
          <SearchResult intl={intl} search={search} onOpen={(m) => open(m.kind, m.id, m.href)} />
        </Suspense>
      )}
    </form>
  );
}
