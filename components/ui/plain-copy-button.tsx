'use client';

import { useEffect, useState } from 'react';

export interface CopyLabels {
  copy: string;
  copied: string;
  copyFailed: string;
}

/** Copies `text`; says so for a moment, also to screen readers. Its words come as props (from the server), for a page that ships no i18n runtime; CopyButton (copy-button.tsx) translates them itself. */
export function PlainCopyButton({ text, label, className = '', labels }: { text: string; label?: string | undefined; className?: string; labels: CopyLabels }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  const shown = state === 'copied' ? labels.copied : state === 'failed' ? labels.copyFailed : (label ?? labels.copy);
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={label ?? labels.copy}
      className={`inline-flex shrink-0 items-center rounded-md border border-border bg-surface px-2 py-0.5 text-xs text-muted hover:bg-surface-2 hover:text-fg ${className}`}
    >
      <span aria-live="polite">{shown}</span>
    </button>
  );
}
