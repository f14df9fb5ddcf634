'use client';

import { useTranslations } from 'next-intl';
import { PlainCopyButton } from './plain-copy-button';

/** Copies `text` (PlainCopyButton), with its words from the messages (`order.copy`, `copied`, `copyFailed`). */
export function CopyButton({ text, label, className = '' }: { text: string; label?: string; className?: string }) {
  const t = useTranslations('order');
  return <PlainCopyButton text={text} label={label} className={className} labels={{ copy: t('copy'), copied: t('copied'), copyFailed: t('copyFailed') }} />;
}
