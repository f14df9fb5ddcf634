'use client';

import { useState } from 'react';
import { setPreferenceCookie } from './preference-cookie';
import { THEME_COOKIE, isTheme, themes, type Theme } from './theme';

/** Labels come from the server so this header control ships no translation code. */
export function ThemeSwitch({ initial, label, names }: { initial: Theme; label: string; names: Record<Theme, string> }) {
  const [theme, setTheme] = useState<Theme>(initial);

  function choose(value: string) {
    if (!isTheme(value)) return;
    setTheme(value);
    setPreferenceCookie(THEME_COOKIE, value);
    if (value === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = value;
  }

  return (
    <label className="flex items-center gap-1 text-sm text-muted">
      <span className="sr-only sm:not-sr-only">{label}</span>
      <select
        value={theme}
        onChange={(e) => choose(e.target.value)}
        className="rounded-md border border-border bg-surface px-2 py-1 text-fg"
        data-testid="theme-switch"
      >
        {themes.map((value) => (
          <option key={value} value={value}>
            {names[value]}
          </option>
        ))}
      </select>
    </label>
  );
}
