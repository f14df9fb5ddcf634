'use client';

import { useTranslations } from 'next-intl';
import { CopyButton } from '../ui/copy-button';

export function RawJsonPanel({ raw }: { raw: unknown }) {
  const t = useTranslations('order');
  const text = JSON.stringify(raw, null, 2);
  return (
    <details className="group rounded-xl border border-border bg-surface p-4 shadow-sm" data-testid="raw-json">
      <summary className="cursor-pointer select-none font-semibold">{t('rawJson')}</summary>
      <div className="mt-3 flex justify-end">
        <CopyButton text={text} label={t('copyJson')} />
      </div>
      <pre className="mt-2 max-h-96 overflow-auto rounded-lg bg-surface-2 p-3 font-mono text-xs leading-relaxed">{text}</pre>
    </details>
  );
}
