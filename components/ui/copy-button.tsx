'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** Copies `text`; says so for a moment, also to screen readers. */
export function CopyButton({ text, label, className = '' }: { text: string; label?: string; className?: string }) {
  const t = useTranslations('order');
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

  const shown = state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : (label ?? t('copy'));
  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={label ?? t('copy')}
      className={`inline-flex shrink-0 items-center rounded-md border border-border bg-surface px-2 py-0.5 text-xs text-muted hover:bg-surface-2 hover:text-fg ${className}`}
    >
      <span aria-live="polite">{shown}</span>
    </button>
  );
}
