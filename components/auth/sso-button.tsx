'use client';

import { useState } from 'react';

/** Starts the OpenID Connect sign-in (better-auth generic OAuth) and follows the provider's URL. */
export function SsoButton({ label, returnTo, providerId }: { label: string; returnTo: string; providerId: string }) {
  const [pending, setPending] = useState(false);
  async function start() {
    setPending(true);
    const response = await fetch('/api/auth/sign-in/social', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: providerId, callbackURL: returnTo }),
    });
    const body = (await response.json().catch(() => null)) as { url?: string } | null;
    if (body?.url) window.location.assign(body.url);
    else setPending(false);
  }
  return (
    <button type="button" onClick={() => void start()} disabled={pending} className="w-full rounded-lg border border-border bg-surface px-4 py-2.5 font-medium text-fg hover:bg-surface-2 disabled:opacity-60">
      {label}
    </button>
  );
}
