'use client';

import { useState, type FormEvent } from 'react';

export interface SignInLabels {
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  invalid: string;
  failed: string;
}

/** Posts to better-auth's own endpoint; on success goes where the person was going. */
export function SignInForm({ returnTo, labels }: { returnTo: string; labels: SignInLabels }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: form.get('email'), password: form.get('password'), rememberMe: true }),
      });
      if (response.ok) {
        window.location.assign(returnTo);
        return;
      }
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      setError(response.status === 429 && body?.message ? body.message : response.status === 401 ? labels.invalid : labels.failed);
    } catch {
      setError(labels.failed);
    }
    setPending(false);
  }

  return (
    // method="post": a submit before the script has run (slow network, busy machine) must not put
    // the password in the address, where history and request logs would keep it.
    <form method="post" onSubmit={(e) => void submit(e)} className="space-y-4" noValidate={false}>
      <div className="space-y-1">
        <label htmlFor="email" className="block text-sm font-medium">
          {labels.email}
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus className="w-full rounded-lg border border-border bg-surface px-3 py-2 text-fg" />
      </div>
      <div className="space-y-1">
        <label htmlFor="password" className="block text-sm font-medium">
          {labels.password}
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="w-full rounded-lg border border-border bg-surface px-3 py-2 text-fg" />
      </div>
      <p role="alert" className="min-h-5 text-sm text-bad" data-testid="sign-in-error">
        {error}
      </p>
      <button type="submit" disabled={pending} className="w-full rounded-lg bg-accent px-4 py-2.5 font-medium text-accent-fg disabled:opacity-60">
        {pending ? labels.signingIn : labels.signIn}
      </button>
    </form>
  );
}
