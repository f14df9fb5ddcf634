'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, isLocale, locales } from '@/i18n/locales';
import { setPreferenceCookie } from './preference-cookie';

const names: Record<(typeof locales)[number], string> = { en: 'English', 'zh-CN': '简体中文' };

/** The current locale and label come from the server so this header control ships no translation code. */
export function LanguageSwitch({ locale, label }: { locale: string; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <label className="flex items-center gap-1 text-sm text-muted">
      <span className="sr-only sm:not-sr-only">{label}</span>
      <select
        value={locale}
        disabled={pending}
        onChange={(e) => {
          if (!isLocale(e.target.value)) return;
          setPreferenceCookie(LOCALE_COOKIE, e.target.value);
          startTransition(() => router.refresh());
        }}
        className="rounded-md border border-border bg-surface px-2 py-1 text-fg"
        data-testid="language-switch"
      >
        {locales.map((value) => (
          <option key={value} value={value} lang={value}>
            {names[value]}
          </option>
        ))}
      </select>
    </label>
  );
}
