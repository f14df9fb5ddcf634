'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PlainCopyButton } from '@/components/ui/plain-copy-button';
import { useRequest } from '@/components/use-request';
import { fetchJson, type ApiError } from '@/lib/query/api-client';
import { apiKeysApiPath } from '@/lib/query/account';
import { fill } from '@/lib/text/slots';
import type { ApiKeyLabels } from './labels';

interface Created {
  key: { id: string; name: string | null; key: string };
}

/**
 * Creates a key and shows it, this once, with a copy button; the list above refreshes itself.
 * `labels`: the words, from the server (components/account/labels.ts); `zh`: which language of
 * an error answer to show.
 */
export function NewKeyForm({ maxName, labels: t, zh }: { maxName: number; labels: ApiKeyLabels['form']; zh: boolean }) {
  const router = useRouter();
  const [shown, setShown] = useState<Created['key'] | null>(null);
  const create = useRequest<Created, ApiError, { name: string; expiresInDays: number | null }>({
    request: (input) => fetchJson<Created>(apiKeysApiPath, { method: 'POST', body: JSON.stringify(input) }),
    onSuccess: (created) => {
      setShown(created.key);
      router.refresh();
    },
  });

  function submit(form: FormData) {
    const lifetime = String(form.get('expiresInDays') ?? '');
    create.mutate({ name: String(form.get('name') ?? ''), expiresInDays: lifetime ? Number(lifetime) : null });
  }

  const input = 'w-full rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-fg';
  const problem = create.error ? (create.error.body ? (zh ? create.error.body.zh.message : create.error.body.message) : t.network) : null;

  if (shown) {
    return (
      <div role="status" className="space-y-3 rounded-xl border border-warn/50 bg-warn-bg p-4" data-testid="new-api-key">
        <h3 className="font-semibold">{fill(t.newKeyTitle, { name: shown.name ?? '' })}</h3>
        <p className="text-sm">{t.newKeyWarning}</p>
        <div className="flex flex-wrap items-center gap-2">
          <code className="min-w-0 flex-1 break-all rounded-md border border-border bg-surface px-2 py-1.5 font-mono text-sm" data-testid="new-api-key-value">
            {shown.key}
          </code>
          <PlainCopyButton text={shown.key} label={t.copy} labels={t.copyButton} className="py-1.5 text-sm" />
        </div>
        <button type="button" onClick={() => setShown(null)} className="rounded-md border border-border bg-surface px-3 py-1.5 text-sm text-fg hover:bg-surface-2">
          {t.done}
        </button>
      </div>
    );
  }

  return (
    <form action={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-[2fr_1fr_auto]">
      <label className="space-y-1 text-xs text-muted">
        <span>{t.name}</span>
        <input name="name" required maxLength={maxName} placeholder={t.namePlaceholder} autoComplete="off" className={input} />
      </label>
      <label className="space-y-1 text-xs text-muted">
        <span>{t.expiry}</span>
        <select name="expiresInDays" defaultValue="" className={input}>
          <option value="">{t.never}</option>
          {t.lifetimes.map(({ days, label }) => (
            <option key={days} value={days}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end">
        <button type="submit" disabled={create.isPending} className="rounded-md bg-accent px-4 py-1.5 text-sm font-medium text-accent-fg disabled:opacity-60">
          {create.isPending ? t.creating : t.create}
        </button>
      </div>
      {problem && (
        <p role="alert" className="text-sm text-bad sm:col-span-3" data-testid="api-key-error">
          {problem}
        </p>
      )}
    </form>
  );
}
