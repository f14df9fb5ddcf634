'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useRequest } from '@/components/use-request';
import { fetchJson, type ApiError } from '@/lib/query/api-client';
import { apiKeyApiPath } from '@/lib/query/account';
import type { ApiKeyLabels } from './labels';

/**
 * Revoke, then a second click to confirm: the key stops working at once and cannot come back.
 * `labels` and `confirmText` (naming the key): the words, from the server.
 */
export function RevokeKeyButton({ id, confirmText, labels: t, zh }: { id: string; confirmText: string; labels: ApiKeyLabels['revoke']; zh: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const revoke = useRequest<unknown, ApiError>({
    request: () => fetchJson(apiKeyApiPath(id), { method: 'DELETE' }),
    onSuccess: () => router.refresh(),
  });
  const button = 'rounded-md border px-3 py-1 text-sm disabled:opacity-60';

  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className={`${button} border-border bg-surface text-fg hover:bg-surface-2`}>
        {t.revoke}
      </button>
    );
  }
  return (
    <div role="group" aria-label={t.revoke} className="space-y-2 text-left">
      <p className="text-sm">{confirmText}</p>
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={() => revoke.mutate()} disabled={revoke.isPending} className={`${button} border-bad bg-bad-bg font-medium text-bad`}>
          {t.confirm}
        </button>
        <button type="button" onClick={() => setConfirming(false)} disabled={revoke.isPending} className={`${button} border-border bg-surface text-fg hover:bg-surface-2`}>
          {t.cancel}
        </button>
      </div>
      {revoke.error && (
        <p role="alert" className="text-sm text-bad">
          {revoke.error.body ? (zh ? revoke.error.body.zh.message : revoke.error.body.message) : t.network}
        </p>
      )}
    </div>
  );
}
