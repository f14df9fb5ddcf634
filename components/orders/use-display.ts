'use client';

import { useLocale, useNow, useTimeZone } from 'next-intl';
import type { Label } from '@/lib/orders/labels';
import { formatCny } from '@/lib/orders/money';
import { formatInstant, formatRelative } from '@/lib/orders/format';

/** Formatting for the current language and display time zone. */
export function useDisplay() {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? 'Asia/Shanghai';
  const now = useNow({ updateInterval: 60_000 }).getTime();
  return {
    locale,
    timeZone,
    now,
    time: (instant: string) => formatInstant(instant, timeZone),
    relative: (instant: string) => formatRelative(instant, now, locale),
    money: (fen: string) => formatCny(fen),
    /** The label in the reader's language; a reading the documents leave open shows its raw code too ("Invoicing · 1"). */
    label: (label: Label) => `${locale === 'zh-CN' ? label.zh : label.en}${label.note ? ` · ${label.code}` : ''}`,
    /** Why an open reading is only our reading, or null. */
    note: (label: Label) => (label.note ? (locale === 'zh-CN' ? label.note.zh : label.note.en) : null),
  };
}

export type Display = ReturnType<typeof useDisplay>;
