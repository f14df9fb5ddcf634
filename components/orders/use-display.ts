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
    label: (label: Label) => (locale === 'zh-CN' ? label.zh : label.en),
  };
}

export type Display = ReturnType<typeof useDisplay>;
